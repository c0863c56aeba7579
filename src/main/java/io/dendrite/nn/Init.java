package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

/**
 * Weight initializers: Gaussian with a given standard deviation (cs231n's {@code weight_scale * randn}),
 * Xavier (std 1/√fanIn, the book's "sigmoid weight") and He (std √(2/fanIn), the book's "relu weight").
 *
 * <p>Samples are drawn in double from {@code rng} in row-major order and then rounded to the dtype, so an F32
 * and an F64 layer built from the same seed hold the same weights up to float rounding. {@code fanIn} is the
 * number of inputs one output unit sees: D for a Linear of weight (D, M), C·HH·WW for a convolution.
 */
public final class Init {
    private Init() {
    }

    /** Normal samples with mean 0 and standard deviation {@code std}. */
    public static Tensor normal(Rng rng, DType dtype, double std, int... shape) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("invalid weight standard deviation: " + std + " (must be finite and ≥ 0)");
        }
        Tensor t = Tensor.randn(rng, DType.F64, shape).muli(std);
        return dtype == DType.F64 ? t : t.to(dtype);
    }

    /** Xavier/Glorot as in the book: normal with std 1/√fanIn. */
    public static Tensor xavier(Rng rng, DType dtype, int fanIn, int... shape) {
        return normal(rng, dtype, 1.0 / Math.sqrt(checkFanIn(fanIn)), shape);
    }

    /** He/Kaiming as in the book: normal with std √(2/fanIn), for layers followed by ReLU. */
    public static Tensor he(Rng rng, DType dtype, int fanIn, int... shape) {
        return normal(rng, dtype, Math.sqrt(2.0 / checkFanIn(fanIn)), shape);
    }

    /** Zeros, the initial value of biases. */
    public static Tensor zeros(DType dtype, int... shape) {
        return Tensor.zeros(dtype, shape);
    }

    private static int checkFanIn(int fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("invalid fan-in: " + fanIn + " (must be positive)");
        }
        return fanIn;
    }
}
