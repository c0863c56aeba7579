package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/** The door checks every layer shares, so that their messages read the same everywhere. */
final class LayerChecks {
    private LayerChecks() {
    }

    /** The error for a backward that has no forward to go back through. */
    static IllegalStateException notForwarded(Object layer) {
        return new IllegalStateException(layer + ": backward called before forward");
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
     * Refuses an input whose rank differs from the number of named dimensions, e.g.
     * {@code requireRank(this, x, "N", "C", "H", "W")}; the message names the layer, the input's shape and the
     * dimensions expected.
     */
    static void requireRank(Object layer, Tensor x, String... dims) {
        if (x.ndim() != dims.length) {
            String want = "(" + String.join(", ", dims) + ")";
            throw new IllegalArgumentException(layer + ": expected a " + dims.length + "-D input " + want + ", got "
                    + Shapes.format(x.shape()) + " — reshape the input to " + want);
        }
    }

    /** Refuses an input whose dtype differs from the layer's parameters. */
    static void requireDType(Object layer, Tensor x, DType dtype) {
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(layer + ": input " + Shapes.format(x.shape()) + " is " + x.dtype()
                    + " but the layer's parameters are " + dtype + " — build the layer with DType." + x.dtype()
                    + " or convert the input with x.to(DType." + dtype + ")");
        }
    }
}
