/**
 * Gradient-based views of what a trained network has learned, cs231n's NetworkVisualization and StyleTransfer:
 * saliency maps ({@code Saliency}), fooling images ({@code FoolingImage}), class visualization by gradient ascent from
 * noise ({@code ClassVisualization}) and neural style transfer ({@code StyleTransfer} over the content, Gram-matrix
 * style and total-variation losses of {@code StyleLosses}). {@code PixelRange} says how pictures become network inputs,
 * so that grown images stay pictures. Each returns tensors, built on the input gradients of
 * {@link io.dendrite.model.Network#scoreGradient} and {@link io.dendrite.model.Network#activationGradient}; turning
 * them into pictures is the {@code viz} module's job. Depends on {@code model}, {@code nn}, {@code optim} and
 * {@code tensor}.
 */
package io.dendrite.visualize;
