package io.dendrite.model;

import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.ConvTranspose2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.GanLoss;
import io.dendrite.nn.LeakyReLU;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Tanh;
import io.dendrite.nn.Unflatten;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The three GANs of cs231n's GANs notebook on MNIST, as pairs of {@link Network}s: a generator G that maps noise
 * (N, {@value #NOISE_DIM}) to images (N, 1, 28, 28) in [−1, 1], and a discriminator D that maps images to one score per
 * image, (N, 1).
 *
 * <pre>
 *   fc  the fully connected GAN, vanilla losses:
 *       D: Flatten → Linear(784, 256) → LeakyReLU(0.01) → Linear(256, 256) → LeakyReLU(0.01) → Linear(256, 1)
 *       G: Linear(96, 1024) → ReLU → Linear(1024, 1024) → ReLU → Linear(1024, 784) → Tanh → Unflatten(1, 28, 28)
 *   ls  the LSGAN: fc's networks with the least-squares losses
 *   dc  the DCGAN (vanilla losses):
 *       D: Conv2d(1→32, 5×5) → LeakyReLU(0.01) → MaxPool 2 → Conv2d(32→64, 5×5) → LeakyReLU(0.01) → MaxPool 2
 *          → Flatten → Linear(4·4·64, 4·4·64) → LeakyReLU(0.01) → Linear(4·4·64, 1)
 *       G: Linear(96, 1024) → ReLU → BatchNorm(1024) → Linear(1024, 7·7·128) → ReLU → BatchNorm(7·7·128)
 *          → Unflatten(128, 7, 7) → ConvTranspose2d(128→64, 4×4, s 2, p 1) → ReLU → BatchNorm2d(64)
 *          → ConvTranspose2d(64→1, 4×4, s 2, p 1) → Tanh
 * </pre>
 * Where Dendrite differs from the notebook: its generators end in a flat (N, 784) and its discriminators start by
 * unflattening; here the generators end in images (N, 1, 28, 28), which every discriminator takes (a Linear flattens
 * its input). Weights have the notebook's scales, drawn from a normal distribution instead of a uniform one: Linear
 * and ConvTranspose2d weights the standard deviation of its Xavier-uniform, √(2/(fanIn + fanOut)) (PyTorch's fans:
 * for a ConvTranspose2d weight (C, F, k, k), fanIn = F·k², fanOut = C·k²), Conv2d weights that of PyTorch's default,
 * 1/√(3·fanIn). The scale matters: with He-scaled convolutions the discriminator's features are several times larger,
 * and Adam's first step (±lr on every weight) moves its scores by tens. Biases start at zero. Both networks are drawn
 * from {@code new Rng(seed)}: G first, then D.
 */
public final class GanModels {
    /** The notebook's {@code NOISE_DIM}: the length of a generator's input. */
    public static final int NOISE_DIM = 96;
    /** The notebook's LeakyReLU slope. */
    public static final double LEAKY_SLOPE = 0.01;
    /** The kinds {@link #of} builds. */
    public static final List<String> KINDS = List.of("fc", "ls", "dc");
    /** The samples' shape: MNIST digits, one channel of 28×28. */
    static final int[] IMAGE = {1, 28, 28};

    private GanModels() {
    }

    /**
     * A generator, a discriminator and the losses they train with.
     *
     * @param kind          "fc", "ls" or "dc"
     * @param generator     noise (N, noiseDim) → images (N, 1, 28, 28) in [−1, 1]
     * @param discriminator images (N, 1, 28, 28) → scores (N, 1)
     * @param loss          vanilla or least squares
     */
    public record Gan(String kind, Network generator, Network discriminator, GanLoss loss) {
        public Gan {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(generator, "generator");
            Objects.requireNonNull(discriminator, "discriminator");
            Objects.requireNonNull(loss, "loss");
        }

        /** The length of the generator's noise vector, from its input shape. */
        public int noiseDim() {
            return noiseDimOf(generator);
        }
    }

    /** The length of the noise vector {@code generator} takes: its input shape, which must be one number. */
    public static int noiseDimOf(Network generator) {
        int[] shape = generator.inputShape().orElseThrow(() -> new IllegalArgumentException(
                "the generator records no input shape: build it with Network.builder().inputShape(noiseDim)"));
        if (shape.length != 1) {
            throw new IllegalArgumentException("the generator's input shape " + NetParts.dims(shape)
                    + " is not a noise vector (noiseDim) — is this model a GAN generator?");
        }
        return shape[0];
    }

    /** The GAN named {@code kind} ("fc", "ls" or "dc", any case), F32, weights drawn from {@code seed}. */
    public static Gan of(String kind, long seed) {
        return of(kind, seed, DType.F32);
    }

    /** The GAN named {@code kind} in {@code dtype}. */
    public static Gan of(String kind, long seed, DType dtype) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        Rng rng = new Rng(seed);
        return switch (k) {
            case "fc" -> new Gan(k, fcGenerator(rng.fork(), dtype), fcDiscriminator(rng.fork(), dtype), GanLoss.VANILLA);
            case "ls" -> new Gan(k, fcGenerator(rng.fork(), dtype), fcDiscriminator(rng.fork(), dtype), GanLoss.LEAST_SQUARES);
            case "dc" -> new Gan(k, dcGenerator(rng.fork(), dtype), dcDiscriminator(rng.fork(), dtype), GanLoss.VANILLA);
            default -> throw new IllegalArgumentException("unknown GAN '" + kind + "' — expected one of " + KINDS
                    + " (fully connected, least squares, deep convolutional)");
        };
    }

    /** The notebook's {@code discriminator()}: 784 → 256 → 256 → 1 with LeakyReLU(0.01). */
    public static Network fcDiscriminator(Rng rng, DType dtype) {
        return Network.builder().inputShape(IMAGE)
                .add(new Flatten())
                .add(linear(rng, dtype, 784, 256)).add(new LeakyReLU(LEAKY_SLOPE))
                .add(linear(rng, dtype, 256, 256)).add(new LeakyReLU(LEAKY_SLOPE))
                .add(linear(rng, dtype, 256, 1))
                .build();
    }

    /** The notebook's {@code generator()}: 96 → 1024 → 1024 → 784 with ReLU, then Tanh, as (N, 1, 28, 28). */
    public static Network fcGenerator(Rng rng, DType dtype) {
        return Network.builder().inputShape(NOISE_DIM)
                .add(linear(rng, dtype, NOISE_DIM, 1024)).add(new ReLU())
                .add(linear(rng, dtype, 1024, 1024)).add(new ReLU())
                .add(linear(rng, dtype, 1024, 784)).add(new Tanh())
                .add(new Unflatten(IMAGE))
                .build();
    }

    /** The notebook's {@code build_dc_classifier()}: two 5×5 convolutions with pooling, then 1024 → 1024 → 1. */
    public static Network dcDiscriminator(Rng rng, DType dtype) {
        return Network.builder().inputShape(IMAGE)
                .add(conv(rng, dtype, 1, 32)).add(new LeakyReLU(LEAKY_SLOPE)).add(new MaxPool2d(2, 2, 2))
                .add(conv(rng, dtype, 32, 64)).add(new LeakyReLU(LEAKY_SLOPE)).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten())
                .add(linear(rng, dtype, 4 * 4 * 64, 4 * 4 * 64)).add(new LeakyReLU(LEAKY_SLOPE))
                .add(linear(rng, dtype, 4 * 4 * 64, 1))
                .build();
    }

    /** The notebook's {@code build_dc_generator()}: 96 → 1024 → 7·7·128 with batch norm, then two transposed convolutions. */
    public static Network dcGenerator(Rng rng, DType dtype) {
        return Network.builder().inputShape(NOISE_DIM)
                .add(linear(rng, dtype, NOISE_DIM, 1024)).add(new ReLU()).add(new BatchNorm(1024, dtype))
                .add(linear(rng, dtype, 1024, 7 * 7 * 128)).add(new ReLU()).add(new BatchNorm(7 * 7 * 128, dtype))
                .add(new Unflatten(128, 7, 7))
                .add(transposed(rng, dtype, 128, 64)).add(new ReLU()).add(new BatchNorm2d(64, dtype))
                .add(transposed(rng, dtype, 64, 1)).add(new Tanh())
                .build();
    }

    /** Xavier-uniform's standard deviation, √(2/(in + out)). */
    private static Linear linear(Rng rng, DType dtype, int in, int out) {
        return new Linear(in, out, rng, dtype, WeightInit.std(Math.sqrt(2.0 / (in + out))));
    }

    /** A 5×5 convolution, stride 1, no padding, at PyTorch's default scale 1/√(3·fanIn). */
    private static Conv2d conv(Rng rng, DType dtype, int c, int f) {
        int fanIn = c * 5 * 5;
        return new Conv2d(WeightInit.normal(rng, dtype, 1 / Math.sqrt(3.0 * fanIn), f, c, 5, 5), Tensor.zeros(dtype, f), 1, 0);
    }

    /** A 4×4 transposed convolution, stride 2, padding 1, at Xavier-uniform's scale with PyTorch's fans. */
    private static ConvTranspose2d transposed(Rng rng, DType dtype, int c, int f) {
        return new ConvTranspose2d(c, f, 4, 2, 1, WeightInit.std(Math.sqrt(2.0 / ((c + f) * 16))), rng, dtype);
    }
}
