package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Locale;

/**
 * How a layer built from sizes draws its weights — the one place weights are initialized: {@code std(weightScale)}
 * (cs231n's {@code weight_scale * randn}), {@code xavier()} (std 1/√fanIn, the book's "sigmoid weight") or
 * {@code he()} (std √(2/fanIn), the book's "relu weight", for layers followed by ReLU). {@link #parse} reads the
 * names used on the command line and in the book: "std" (or "normal"), "xavier" (or "glorot", "sigmoid"),
 * "he" (or "kaiming", "relu").
 *
 * <p>Samples are drawn in double from the {@link Rng} in row-major order and then rounded to the dtype, so an F32
 * and an F64 layer built from the same seed hold the same weights up to float rounding. {@code fanIn} is the
 * number of inputs one output unit sees: D for a Linear of weight (D, M), C·HH·WW for a convolution.
 *
 * @param kind        which rule
 * @param weightScale the standard deviation for {@link Kind#STD}; unused (0) for the others
 */
public record WeightInit(Kind kind, double weightScale) {
    /** The rules. */
    public enum Kind { STD, XAVIER, HE }

    /** cs231n's FullyConnectedNet default {@code weight_scale}. */
    public static final double DEFAULT_WEIGHT_SCALE = 1e-2;
    /** What {@link Linear#Linear(int, int)} uses: Xavier keeps the output variance of a linear map near the input's. */
    public static final WeightInit DEFAULT = xavier();

    public WeightInit {
        if (kind == null) {
            throw new IllegalArgumentException("weight init kind must not be null");
        }
        if (kind == Kind.STD && (!(weightScale >= 0) || Double.isInfinite(weightScale))) {
            throw new IllegalArgumentException("invalid weight scale: " + weightScale + " (must be finite and ≥ 0)");
        }
    }

    public static WeightInit std(double weightScale) {
        return new WeightInit(Kind.STD, weightScale);
    }

    public static WeightInit xavier() {
        return new WeightInit(Kind.XAVIER, 0);
    }

    public static WeightInit he() {
        return new WeightInit(Kind.HE, 0);
    }

    /** Parses "std"/"normal", "xavier" or "he" (any case); {@code weightScale} is used by "std" only. */
    public static WeightInit parse(String name, double weightScale) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "std", "normal" -> std(weightScale);
            case "xavier", "glorot", "sigmoid" -> xavier();
            case "he", "kaiming", "relu" -> he();
            default -> throw new IllegalArgumentException("unknown weight init '" + name
                    + "' — expected one of: std, xavier, he");
        };
    }

    /** {@link #parse(String, double)} with {@link #DEFAULT_WEIGHT_SCALE}. */
    public static WeightInit parse(String name) {
        return parse(name, DEFAULT_WEIGHT_SCALE);
    }

    /** The standard deviation this rule gives a layer whose units each see {@code fanIn} inputs. */
    public double stdFor(int fanIn) {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("invalid fan-in: " + fanIn + " (must be positive)");
        }
        return switch (kind) {
            case STD -> weightScale;
            case XAVIER -> 1.0 / Math.sqrt(fanIn);
            case HE -> Math.sqrt(2.0 / fanIn);
        };
    }

    /** Draws a weight tensor of {@code shape} for units with {@code fanIn} inputs. */
    public Tensor sample(Rng rng, DType dtype, int fanIn, int... shape) {
        return normal(rng, dtype, stdFor(fanIn), shape);
    }

    /** Normal samples with mean 0 and standard deviation {@code std}, drawn in double and rounded to {@code dtype}. */
    public static Tensor normal(Rng rng, DType dtype, double std, int... shape) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("invalid weight standard deviation: " + std + " (must be finite and ≥ 0)");
        }
        Tensor t = Tensor.randn(rng, DType.F64, shape).muli(std);
        return dtype == DType.F64 ? t : t.to(dtype);
    }

    /** The name {@link #parse} reads back: "std", "xavier" or "he". */
    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STD -> "std(" + weightScale + ")";
            case XAVIER -> "xavier";
            case HE -> "he";
        };
    }
}
