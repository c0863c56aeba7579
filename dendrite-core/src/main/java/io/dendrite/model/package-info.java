/**
 * Model (a classifier), SequenceModel (integer-sequence targets: captioning, language models) and Trainable, what
 * the Solver needs of both; the networks: Network (any stack of layers, composed with Network.builder()), the ready-made
 * networks, the course's GANs as generator and discriminator pairs ({@code GanModels}), linear classifiers, k-nearest
 * neighbours with cross-validation over k (KNearestNeighbor, CrossValidation), saving and loading (ModelStore); image
 * captioning (cs231n assignment 3): CaptionModel, CaptioningRnn, image encoders (ImageEncoder, SlotEncoder),
 * CaptionModels (kinds, save and load with the vocabulary and encoder) and CaptionEvaluation; CharLanguageModel, a character-level
 * LSTM/GRU/RNN language model with carried state, perplexity, sampling and its own model files. Depends on {@code nn},
 * {@code tensor}, {@code io} (the model file format) and {@code data.text} (caption vocabularies and metrics).
 */
package io.dendrite.model;
