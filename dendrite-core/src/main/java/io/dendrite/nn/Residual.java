package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A residual connection (He et al. 2015): {@code out = x + body(x)}, where the body is any stack of layers whose
 * output has the shape of its input — e.g. conv 3×3 (pad 1) – BatchNorm2d – ReLU – conv 3×3 (pad 1). The
 * identity path passes the upstream gradient through unchanged, so {@code dx = dout + body.backward(dout)}.
 *
 * <p>Shapes: x (N, d1, …, dk) → out of the same shape. A body that changes the shape is refused at the first
 * forward with both shapes named. Parameters, buffers and training mode are the body's.
 */
public final class Residual implements Layer {
    private final Sequential body;
    private boolean inputGradient = true;
    private int[] xShape;

    /** x + body(x), the body's layers applied in order. */
    public Residual(Layer... body) {
        this.body = new Sequential(body);
    }

    public Residual(List<? extends Layer> body) {
        this.body = new Sequential(body);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor fx = body.forward(x);
        if (!Shapes.same(fx.shape(), x.shape())) {
            throw new IllegalArgumentException(this + ": the body maps input " + Shapes.format(x.shape()) + " to "
                    + Shapes.format(fx.shape()) + ", but x + body(x) needs the same shape — keep the channels and use"
                    + " 'same' padding (kernel 3, pad 1) inside a residual block");
        }
        xShape = x.shape();
        // out = x + f(x) in a new tensor: f(x) may be the body's last layer's own output, which Tanh and Sigmoid
        // read in backward, so writing into it would corrupt their gradient
        return fx.add(x.dtype() == fx.dtype() ? x : x.to(fx.dtype()));
    }

    @Override
    public Tensor backward(Tensor dout) {
        Tensor dfx = body.backward(dout);                  // the body's parameter gradients, and ∂f/∂x·dout
        if (xShape == null) {                              // reached only with an empty body: the others say so first
            throw LayerChecks.notForwarded(this);
        }
        if (!inputGradient) {
            return null;
        }
        Tensor d = LayerChecks.dout(this, dout, xShape, dfx.dtype());
        return dfx.add(d);                                 // dx = dout (identity path) + ∂f/∂x·dout
    }

    /** When the input gradient is not needed, the body's first layer may skip it too. */
    @Override
    public Residual inputGradient(boolean needed) {
        this.inputGradient = needed;
        body.inputGradient(needed);
        return this;
    }

    @Override
    public boolean inputGradient() {
        return inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return body.parameters();
    }

    @Override
    public Map<String, Tensor> buffers() {
        return body.buffers();
    }

    @Override
    public void setTraining(boolean training) {
        body.setTraining(training);
    }

    @Override
    public List<Layer> children() {
        return body.layers();
    }

    @Override
    public String toString() {
        return "Residual" + body.toString().substring("Sequential".length());
    }
}
