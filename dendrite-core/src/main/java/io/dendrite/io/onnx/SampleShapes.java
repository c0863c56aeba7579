package io.dendrite.io.onnx;

import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.Residual;
import io.dendrite.tensor.Shapes;

import java.util.Arrays;

/**
 * The shape of one sample (without the batch dimension) after a layer, by arithmetic alone — no forward pass, so
 * a network's state is never touched. Layers of other kinds keep the shape (activations, normalizations, dropout,
 * residual blocks), containers are walked layer by layer.
 */
final class SampleShapes {
    private SampleShapes() {
    }

    /** The sample shape after {@code layer} for a sample of shape {@code in}; a mismatch names the layer and both shapes. */
    static int[] after(Layer layer, int[] in) {
        if (layer instanceof Linear l) {
            long features = Shapes.size(in);
            if (features != l.inFeatures()) {
                throw new IllegalArgumentException(l + ": a sample of shape " + Shapes.format(in) + " has " + features
                        + " features, expected " + l.inFeatures());
            }
            return new int[]{l.outFeatures()};
        }
        if (layer instanceof Flatten) {
            return new int[]{Shapes.size(in)};
        }
        if (layer instanceof Conv2d c) {
            image(layer, in, c.inChannels());
            return new int[]{c.outChannels(), out(layer, in[1], c.kernelH(), c.stride(), c.pad()),
                    out(layer, in[2], c.kernelW(), c.stride(), c.pad())};
        }
        if (layer instanceof MaxPool2d p) {
            image(layer, in, -1);
            return new int[]{in[0], out(layer, in[1], p.poolH(), p.stride(), 0), out(layer, in[2], p.poolW(), p.stride(), 0)};
        }
        if (layer instanceof AvgPool2d p) {
            image(layer, in, -1);
            return new int[]{in[0], out(layer, in[1], p.poolH(), p.stride(), 0), out(layer, in[2], p.poolW(), p.stride(), 0)};
        }
        if (!layer.children().isEmpty()) {
            int[] s = in;
            for (Layer child : layer.children()) {
                s = after(child, s);
            }
            if (layer instanceof Residual && !Arrays.equals(s, in)) {
                throw new IllegalArgumentException(layer + ": the body maps a sample of shape " + Shapes.format(in)
                        + " to " + Shapes.format(s) + ", but x + body(x) needs the same shape");
            }
            return s;
        }
        return in;
    }

    private static void image(Layer layer, int[] in, int channels) {
        if (in.length != 3 || (channels > 0 && in[0] != channels)) {
            throw new IllegalArgumentException(layer + ": expected samples of shape (" + (channels > 0 ? channels : "C")
                    + ", H, W), got " + Shapes.format(in));
        }
    }

    private static int out(Layer layer, int size, int kernel, int stride, int pad) {
        int span = size + 2 * pad - kernel;
        if (span < 0) {
            throw new IllegalArgumentException(layer + ": a window of " + kernel + " does not fit in " + size
                    + (pad > 0 ? " + 2·" + pad + " padding" : ""));
        }
        return 1 + span / stride;
    }
}
