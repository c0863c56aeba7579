package io.dendrite.data;

import io.dendrite.tensor.Rng;

/**
 * Small built-in datasets: cs231n's spiral and the book's logic-gate truth tables.
 */
public final class Synthetic {
    private static final float[] GATE_INPUTS = {0, 0, 1, 0, 0, 1, 1, 1};

    private Synthetic() {}

    /**
     * cs231n's spiral: {@code k} arms of {@code n} points each in 2-D; for class j, with
     * {@code r = linspace(0, 1, n)} and {@code t = linspace(4j, 4(j+1), n) + 0.2·randn},
     * the points are {@code (r sin t, r cos t)}. Samples have shape (2,); labels are the arm.
     */
    public static Dataset spiral(int n, int k, Rng rng) {
        if (n < 1 || k < 1) {
            throw new IllegalArgumentException("spiral: need n >= 1 points per class and k >= 1 classes, got n="
                    + n + ", k=" + k);
        }
        float[] x = new float[n * k * 2];
        int[] y = new int[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                double f = n == 1 ? 0 : (double) i / (n - 1);
                double r = f;
                double t = j * 4 + 4 * f + rng.nextGaussian() * 0.2;
                int ix = n * j + i;
                x[2 * ix] = (float) (r * Math.sin(t));
                x[2 * ix + 1] = (float) (r * Math.cos(t));
                y[ix] = j;
            }
        }
        return new Dataset(x, new int[] {2}, y, k);
    }

    /** XOR truth table: inputs (0,0), (1,0), (0,1), (1,1), labels 0, 1, 1, 0. */
    public static Dataset xor() {
        return gate(0, 1, 1, 0);
    }

    /** AND truth table: labels 0, 0, 0, 1 for inputs (0,0), (1,0), (0,1), (1,1). */
    public static Dataset and() {
        return gate(0, 0, 0, 1);
    }

    /** OR truth table: labels 0, 1, 1, 1 for inputs (0,0), (1,0), (0,1), (1,1). */
    public static Dataset or() {
        return gate(0, 1, 1, 1);
    }

    /** NAND truth table: labels 1, 1, 1, 0 for inputs (0,0), (1,0), (0,1), (1,1). */
    public static Dataset nand() {
        return gate(1, 1, 1, 0);
    }

    private static Dataset gate(int... labels) {
        return new Dataset(GATE_INPUTS.clone(), new int[] {2}, labels, 2, java.util.List.of("0", "1"));
    }
}
