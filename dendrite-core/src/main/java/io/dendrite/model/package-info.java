/**
 * Model (a classifier), SequenceModel (integer-sequence targets: captioning, language models) and Trainable, what
 * the Solver needs of both; the networks: Network (any stack of layers, composed with Network.builder()), the ready-made
 * networks, the course's GANs as generator and discriminator pairs ({@code GanModels}), linear classifiers, k-nearest neighbours with cross-validation over k (KNearestNeighbor,
 * CrossValidation), saving and loading (ModelStore). Depends on {@code nn}, {@code tensor} and
 * {@code io} (the model file format).
 */
package io.dendrite.model;
