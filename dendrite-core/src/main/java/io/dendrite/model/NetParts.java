package io.dendrite.model;

import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Linear;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.Arrays;

/** Shape arithmetic, layer construction and argument checks shared by the ready-made networks' builders. */
final class NetParts {
    private NetParts() {
    }

    /** Output size of a convolution or pooling window along one axis (floor, as the book and PyTorch). */
    static int outSize(int in, int window, int stride, int pad) {
        int out = (in + 2 * pad - window) / stride + 1;
        if (in + 2 * pad < window) {   // (a negative span) / stride rounds toward 0, so out alone cannot tell
            throw new IllegalArgumentException("input of size " + in + " is too small for a window of " + window
                    + " with stride " + stride + " and padding " + pad);
        }
        return out;
    }

    /** A k×k convolution from c to f channels, weights drawn by {@code init} (fan-in c·k·k), zero bias. */
    static Conv2d conv(Rng rng, DType dtype, WeightInit init, int c, int f, int k, int stride, int pad) {
        return new Conv2d(c, f, k, k, stride, pad, rng, dtype, init);
    }

    /** An affine layer (in, out), weights drawn by {@code init}, zero bias. */
    static Linear linear(Rng rng, DType dtype, WeightInit init, int in, int out) {
        return new Linear(in, out, rng, dtype, init);
    }

    static void checkPositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (must be positive)");
        }
    }

    /** A sample shape (C, H, W) with three positive sizes. */
    static void checkInputDim(int[] inputDim) {
        if (inputDim.length != 3 || inputDim[0] <= 0 || inputDim[1] <= 0 || inputDim[2] <= 0) {
            throw new IllegalArgumentException("invalid inputDim " + Arrays.toString(inputDim)
                    + " (must be three positive sizes C, H, W)");
        }
    }

    static void checkDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("invalid dropout probability: " + p + " (must be in [0, 1))");
        }
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
