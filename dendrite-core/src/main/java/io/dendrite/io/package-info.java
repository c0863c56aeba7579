/**
 * Files: Dendrite's checksummed model format ({@code ModelFile}), {@code .npy} / {@code .npz} and safetensors read and
 * write, {@code Inspect} (what a file holds), and
 * atomic writes (temp file and rename), and a safe reader of pickled numpy arrays ({@code Pickle}: CIFAR-10's
 * Python batches; it executes nothing). Depends on {@code tensor}.
 */
package io.dendrite.io;
