package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

/**
 * Inverted dropout on any shape. In training each unit is kept with probability 1 − p and scaled by
 * 1/(1 − p), so the expected output equals the input and evaluation needs no rescaling:
 * <pre>
 *   mask = [u &lt; 1 − p] / (1 − p),  u ~ U[0, 1) drawn from the layer's Rng, one per element in row-major order
 *   out  = x · mask            dx = dout · mask
 * </pre>
 * In evaluation mode ({@code setTraining(false)}), and always when p = 0, the layer is the identity
 * (out = a copy of x, dx = a copy of dout). A new layer starts in training mode.
 *
 * <p>{@code p} is the probability of <em>dropping</em> a unit, as in PyTorch and the book; cs231n's
 * {@code dropout_param['p']} is the probability of <em>keeping</em> one. Same seed, same masks.
 */
public final class Dropout implements Layer {
    private final double p;
    private final Rng rng;
    private boolean training = true;
    private Tensor mask;          // null when the last forward was the identity
    private int[] outShape;
    private DType dtype;          // of the last input: dx has it

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("invalid dropout probability: " + p
                    + " (must be in [0, 1); p is the probability of dropping a unit — cs231n's p is the keep probability)");
        }
        if (rng == null) {
            throw new IllegalArgumentException("Dropout(" + p + "): rng must not be null — pass new Rng(seed)");
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        outShape = x.shape();
        dtype = x.dtype();
        if (!training || p == 0) {
            mask = null;
            return x.copy();
        }
        Tensor xc = x.contiguous();
        Tensor out = Tensor.zerosLike(xc);
        Tensor m = Tensor.zerosLike(xc);
        double keep = 1 - p, scale = 1 / keep;
        int n = xc.size(), o = xc.offset();
        if (xc.dtype() == DType.F32) {
            float[] a = xc.floatData(), y = out.floatData(), mk = m.floatData();
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                mk[i] = rng.nextDouble() < keep ? s : 0f;
                y[i] = a[o + i] * mk[i];
            }
        } else {
            double[] a = xc.doubleData(), y = out.doubleData(), mk = m.doubleData();
            for (int i = 0; i < n; i++) {
                mk[i] = rng.nextDouble() < keep ? scale : 0;
                y[i] = a[o + i] * mk[i];
            }
        }
        mask = m;
        return out;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (outShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        if (mask == null) {
            return LayerChecks.dout(this, dout, outShape, dtype).copy();
        }
        Tensor d = LayerChecks.dout(this, dout, outShape, mask.dtype());
        return d.mul(mask);
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /** The generator the masks are drawn from, live: checkpoints save and restore its {@link Rng#state()}. */
    public Rng generator() {
        return rng;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
