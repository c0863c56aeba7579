package io.dendrite.model;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Locale;

/**
 * Initial weights for the ready-made networks: "std" (normal with the given weightScale, the cs231n default),
 * "xavier" (std 1/√fanIn, the book's choice for sigmoid) and "he" (std √(2/fanIn), the book's choice for ReLU).
 */
final class Weights {
    static final String STD = "std";
    static final String XAVIER = "xavier";
    static final String HE = "he";

    private Weights() {
    }

    static String validate(String init) {
        String s = init.toLowerCase(Locale.ROOT);
        if (s.equals("relu")) {
            return HE;
        }
        if (s.equals("sigmoid")) {
            return XAVIER;
        }
        if (!s.equals(STD) && !s.equals(XAVIER) && !s.equals(HE)) {
            throw new IllegalArgumentException("unknown weight init '" + init + "' (expected std, xavier or he)");
        }
        return s;
    }

    static double std(String init, double weightScale, int fanIn) {
        switch (validate(init)) {
            case XAVIER:
                return 1 / Math.sqrt(fanIn);
            case HE:
                return Math.sqrt(2.0 / fanIn);
            default:
                return weightScale;
        }
    }

    static Tensor normal(Rng rng, DType dtype, double std, int... shape) {
        return Tensor.randn(rng, dtype, shape).muli(std);
    }

    static void checkPositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (must be positive)");
        }
    }

    static void checkScale(double weightScale) {
        if (!(weightScale > 0) || Double.isInfinite(weightScale)) {
            throw new IllegalArgumentException("invalid weight scale: " + weightScale + " (must be positive)");
        }
    }
}
