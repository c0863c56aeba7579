package io.dendrite.visualize;

import io.dendrite.model.InputGradient;
import io.dendrite.model.Network;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * A fooling image (Szegedy et al. 2014, cs231n's {@code make_fooling_image}): an image changed, by as little as
 * gradient ascent finds, until the network predicts a chosen target class. Each step moves the image along the
 * gradient of the target score divided by its L2 norm, {@code x += learningRate · g / ‖g‖₂} (learning rate 1 as in
 * the notebook), and the loop stops as soon as the prediction is the target, or after {@code maxSteps} steps.
 *
 * @param image      the changed image, (1, …) like the input
 * @param steps      gradient steps taken (0 when the network already predicted the target)
 * @param fooled     whether the network predicts the target for {@code image}; false when the step limit was reached
 *                   or the target score stopped depending on the image (a zero gradient, e.g. every ReLU dead)
 * @param changeNorm ‖image − x‖₂, the size of the change
 * @param changeMax  max |image − x| over the pixels
 */
public record FoolingImage(Tensor image, int steps, boolean fooled, double changeNorm, double changeMax) {
    /** The notebook's learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1;
    /** The notebook's step limit. */
    public static final int DEFAULT_MAX_STEPS = 100;

    /** {@link #make(Network, Tensor, int, double, int)} with the notebook's learning rate and step limit. */
    public static FoolingImage make(Network net, Tensor x, int target) {
        return make(net, x, target, DEFAULT_LEARNING_RATE, DEFAULT_MAX_STEPS);
    }

    /**
     * @param net          the network to fool (used at test time; its parameter gradients are left as they were)
     * @param x            one example with its batch axis, (1, …), in the network's dtype (not modified)
     * @param target       the class the network should end up predicting
     * @param learningRate the L2 length of each step (&gt; 0)
     * @param maxSteps     the most steps to take (≥ 0)
     */
    public static FoolingImage make(Network net, Tensor x, int target, double learningRate, int maxSteps) {
        if (x.ndim() < 2 || x.shape(0) != 1) {
            throw new IllegalArgumentException("FoolingImage.make: x must be one example with its batch axis, (1, …), got "
                    + Shapes.format(x.shape()) + " — take one with x.slice(i, i + 1)");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("invalid learning rate: " + learningRate + " (must be finite and > 0)");
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("invalid step limit: " + maxSteps + " (must be ≥ 0)");
        }
        Tensor image = x.copy();
        int[] targets = {target};
        int steps = 0;
        boolean fooled = false;
        while (true) {
            InputGradient g = net.scoreGradient(image, targets);
            if (g.scores().argmax(1)[0] == target) {
                fooled = true;
                break;
            }
            double norm = Math.sqrt(g.gradient().square().sum());
            if (steps == maxSteps || norm == 0) {
                break;
            }
            image.addScaledi(g.gradient(), learningRate / norm);   // x += lr · g / ‖g‖
            steps++;
        }
        Tensor change = image.sub(x.dtype() == image.dtype() ? x : x.to(image.dtype()));
        return new FoolingImage(image, steps, fooled, Math.sqrt(change.square().sum()), change.abs().max());
    }
}
