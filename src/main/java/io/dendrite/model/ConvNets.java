package io.dendrite.model;

import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Linear;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

/** Shape arithmetic and layer construction shared by the convolutional networks. */
final class ConvNets {
    private ConvNets() {
    }

    /** Output size of a convolution or pooling window along one axis (floor, as the book and PyTorch). */
    static int outSize(int in, int window, int stride, int pad) {
        int out = (in + 2 * pad - window) / stride + 1;
        if (out <= 0) {
            throw new IllegalArgumentException("input of size " + in + " is too small for a window of " + window
                    + " with stride " + stride + " and padding " + pad);
        }
        return out;
    }

    static Conv2d conv(Rng rng, DType dtype, double std, int c, int f, int k, int stride, int pad) {
        Tensor w = Weights.normal(rng, dtype, std, f, c, k, k);
        return new Conv2d(w, Tensor.zeros(dtype, f), stride, pad);
    }

    static Linear linear(Rng rng, DType dtype, double std, int in, int out) {
        return new Linear(Weights.normal(rng, dtype, std, in, out), Tensor.zeros(dtype, out));
    }

    static int[] parseDims(String text) {
        String[] parts = text.split("[,x×]");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = Integer.parseInt(parts[i].trim());
        }
        return dims;
    }

    static String dims(int... d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            sb.append(i > 0 ? "," : "").append(d[i]);
        }
        return sb.toString();
    }
}
