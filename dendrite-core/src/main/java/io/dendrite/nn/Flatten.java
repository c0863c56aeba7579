package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Reshapes (N, d1, …, dk) to (N, d1·…·dk), e.g. between the convolutional and the fully connected part of a
 * network. The output is a view of a contiguous input (as numpy's reshape); dx is a fresh tensor of x's shape and dtype.
 */
public final class Flatten implements Layer {
    private int[] xShape;
    private DType dtype;

    @Override
    public Tensor forward(Tensor x) {
        if (x.ndim() < 1) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(x.shape())
                    + " has no batch axis, expected (N, d1, …, dk)");
        }
        xShape = x.shape();
        dtype = x.dtype();
        return x.flatten2d();
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (xShape == null) {
            throw LayerChecks.notForwarded(this);
        }
        int features = xShape[0] == 0 ? 0 : Shapes.size(xShape) / xShape[0];
        Tensor d = LayerChecks.dout(this, dout, new int[]{xShape[0], features}, dtype);
        return d.copy().reshape(xShape);
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
