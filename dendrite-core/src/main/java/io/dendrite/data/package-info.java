/**
 * Data sets and batching: {@code Dataset}, {@code Batches} (the one mini-batching loop, shuffled, with
 * replacement or in order), normalization, augmentation, loaders (idx / MNIST / Fashion-MNIST, CIFAR-10 binary
 * and pickled, cs231n's CIFAR-10 preparation, CSV, image files), synthetic data, and fetching into a checksummed
 * cache. Depends on {@code tensor}, and on {@code io} for the pickle format.
 */
package io.dendrite.data;
