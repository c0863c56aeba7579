package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * The door checks every layer shares, so that their messages read the same everywhere: each names the layer
 * (its {@code toString}), the shape it got, the shape it expected, and the likely fix.
 */
final class LayerChecks {
    private LayerChecks() {
    }

    /** The error for a backward that has no forward to go back through. */
    static IllegalStateException notForwarded(Object layer) {
        return new IllegalStateException(layer + ": backward called before forward");
    }

    /**
     * Refuses an input shape that is not a batch of rows {@code (N, features)}. {@code sibling} names the layer that
     * does the same job for {@code (N, C, H, W)} images (e.g. "BatchNorm2d"), or is null when there is none.
     */
    static void rows(Object layer, int[] x, int features, String sibling) {
        String layout = "(N, " + features + ")";
        rank(layer, x, 2, layout, x.length == 4 && sibling != null ? "use " + sibling + " for (N, C, H, W) inputs"
                : "flatten the input to (N, D) first");
        features(layer, x, features, layout, "features");
    }

    /**
     * Refuses an input shape that is not a batch of images {@code (N, channels, H, W)}; {@code channels} −1 takes any
     * count. {@code sibling} names the layer that does the same job for {@code (N, D)} rows (e.g. "BatchNorm"),
     * or is null when there is none.
     */
    static void images(Object layer, int[] x, int channels, String sibling) {
        String layout = "(N, " + (channels < 0 ? "C" : channels) + ", H, W)";
        rank(layer, x, 4, layout, x.length == 2 && sibling != null ? "use " + sibling + " for (N, D) inputs"
                : "images are NCHW; reshape flat rows with x.reshape(N, C, H, W)");
        if (channels >= 0) {
            features(layer, x, channels, layout, "channels");
        }
    }

    /** Refuses an input shape without {@code rank} axes; {@code layout} names the axes, {@code fix} says what to do. */
    static void rank(Object layer, int[] x, int rank, String layout, String fix) {
        if (x.length != rank) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.format(x) + " is " + x.length
                    + "-D, expected a " + rank + "-D input " + layout + " — " + fix);
        }
    }

    /** Refuses an input shape whose axis 1 does not hold {@code count} {@code what} ("features", "channels"). */
    static void features(Object layer, int[] x, int count, String layout, String what) {
        int got = x[1];
        if (got != count) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.format(x) + " has " + got + " "
                    + what + ", expected " + layout + " — the previous layer must output " + count + " " + what
                    + ", or build this layer for " + got);
        }
    }

    /**
     * Checks that {@code dout} has the shape of the last forward output and returns it contiguous in
     * {@code dtype} (converted when the caller's gradient has another dtype; never written to).
     */
    static Tensor dout(Object layer, Tensor dout, int[] expected, DType dtype) {
        if (!Shapes.same(dout.shape(), expected)) {
            throw new IllegalArgumentException(layer + ": dout has shape " + Shapes.format(dout.shape()) + ", expected "
                    + Shapes.format(expected) + " (the shape of the last forward output) — pass the gradient of this"
                    + " layer's output, and call backward right after the matching forward");
        }
        return dout.dtype() == dtype ? dout.contiguous() : dout.to(dtype);
    }

    /**
     * Copies of each weight that training holds: the value, its gradient and up to two optimizer states (Adam's
     * m and v) — what {@link #requireWeights} asks the memory budget for.
     */
    static final int TRAINING_COPIES = 4;

    /**
     * Asks {@link MemoryBudget} for a weight of {@code elements} values before it is allocated, refusing in one line
     * (layer, count, size) a network that cannot be trained in this heap.
     */
    static void requireWeights(String layer, long elements, DType dtype) {
        MemoryBudget.requireArray(elements, dtype.bytes() * TRAINING_COPIES, layer + ": a weight of " + elements
                + " values (with its gradient and optimizer state)", "make the network smaller (--hidden, --width)");
    }

    /**
     * Asks {@link MemoryBudget} for a buffer of {@code elements} values that a batch needs (a convolution's im2col
     * columns), refusing in one line that names the layer and the batch size.
     */
    static void requireBatchBuffer(Object layer, String what, int batch, long elements, DType dtype) {
        MemoryBudget.requireArray(elements, dtype.bytes(), layer + ": " + what + " for a batch of " + batch,
                "use a smaller --batch-size");
    }

    /** Refuses an input whose dtype differs from the layer's parameters (no silent conversion). */
    static void requireDType(Object layer, Tensor x, DType dtype) {
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.format(x.shape()) + " is " + x.dtype()
                    + " but the layer's parameters are " + dtype + " — build the layer with DType." + x.dtype()
                    + " or convert the input with x.to(DType." + dtype + ")");
        }
    }
}
