/**
 * Files: Dendrite's checksummed model format ({@code ModelFile}), {@code .npy} / {@code .npz} read and write, and
 * atomic writes (temp file and rename). Depends on {@code tensor}.
 */
package io.dendrite.io;
