/**
 * Layers with hand-written forward and backward passes ({@code Layer}, {@code Linear}, {@code Conv2d}, pooling,
 * activations, normalizations, {@code Dropout}, {@code Sequential}; for sequences {@code Embedding}, {@code Rnn},
 * {@code Lstm}, {@code Gru}, {@code TemporalLinear}; attention: {@code MultiHeadAttention}, {@code SelfAttention},
 * {@code CrossAttention}, {@code PositionalEncoding}, {@code TransformerDecoderLayer}), {@code Parameter}, the losses, weight
 * initializers and the shared door checks of every layer ({@code LayerChecks}). Depends on {@code tensor} and
 * {@code tensor.kernel}.
 */
package io.dendrite.nn;
