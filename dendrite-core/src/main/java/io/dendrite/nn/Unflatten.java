package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Reshapes each sample of a batch to {@code sampleShape}: (N, d1, …, dk) → (N, s1, …, sm) with d1·…·dk = s1·…·sm —
 * cs231n's GAN {@code Unflatten(N, C, H, W)} and PyTorch's {@code nn.Unflatten(1, sampleShape)}, the inverse of
 * {@link Flatten}. A DCGAN generator uses it between its fully connected part and its transposed convolutions:
 * {@code Linear(1024, 7·7·128)} → {@code Unflatten(128, 7, 7)} → {@code ConvTranspose2d(128, 64, …)}.
 *
 * <pre>
 *   forward:  out = x.reshape(N, sampleShape)       (a view of a contiguous input, as numpy's reshape)
 *   backward: dx  = dout.reshape(x.shape)           (a fresh tensor of x's shape and dtype)
 * </pre>
 * The batch axis N is kept, so the layer never mixes samples; any input whose samples hold the right number of
 * values is accepted, whatever its rank.
 */
public final class Unflatten implements Layer {
    private final int[] sampleShape;
    private final int sampleSize;
    private int[] xShape;
    private DType dtype;

    /** A layer that reshapes every sample to {@code sampleShape} (one or more positive sizes, batch axis excluded). */
    public Unflatten(int... sampleShape) {
        if (sampleShape == null || sampleShape.length == 0) {
            throw new IllegalArgumentException("Unflatten: give the shape of one sample, e.g. new Unflatten(128, 7, 7)");
        }
        for (int d : sampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Unflatten: invalid sample shape " + Shapes.format(sampleShape)
                        + " (sizes must be positive)");
            }
        }
        this.sampleShape = sampleShape.clone();
        this.sampleSize = Shapes.size(sampleShape);
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length < 1) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " has no batch axis, expected (N, "
                    + sampleSize + ")");
        }
        int features = s[0] == 0 ? sampleSize : Shapes.size(s) / s[0];
        if (features != sampleSize) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(s) + " holds " + features
                    + " values per sample, expected " + Shapes.format(s[0], sampleSize) + " — the previous layer must output "
                    + Shapes.format(sampleShape) + " = " + sampleSize + " values");
        }
        xShape = s;
        dtype = x.dtype();
        return x.reshape(Shapes.batch(s[0], sampleShape));
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (xShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        Tensor d = LayerChecks.dout(this, dout, Shapes.batch(xShape[0], sampleShape), dtype);
        return d.copy().reshape(xShape);   // a copy: backward never hands out a view of dout
    }

    /** The shape of one output sample, without the batch axis. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Unflatten(");
        for (int i = 0; i < sampleShape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(sampleShape[i]);
        }
        return sb.append(')').toString();
    }
}
