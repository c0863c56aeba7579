/**
 * Gradient-based views of what a trained network has learned, cs231n's NetworkVisualization: saliency maps
 * ({@code Saliency}), fooling images ({@code FoolingImage}) and class visualization by gradient ascent from noise
 * ({@code ClassVisualization}). Each returns tensors, built on the input gradients of
 * {@link io.dendrite.model.Network#scoreGradient}; turning them into pictures is the {@code viz} module's job.
 * Depends on {@code model}, {@code nn} and {@code tensor}.
 */
package io.dendrite.visualize;
