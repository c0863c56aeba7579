package io.dendrite.train;

import io.dendrite.data.Batch;
import io.dendrite.data.Batches;
import io.dendrite.data.Sampling;
import io.dendrite.model.GanModels;
import io.dendrite.model.Network;
import io.dendrite.nn.GanLoss;
import io.dendrite.nn.GanLosses;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.UpdateRule;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains a generative adversarial network as cs231n's {@code run_a_gan} does: a generator G (noise (N, Z) → images) and
 * a discriminator D (images → one score per image, (N, 1)), each with its own update rule (Adam, lr 1e-3, β1 = 0.5 by
 * default, as the course), alternating one step of each per iteration:
 * <pre>
 *   D step:  z ~ U[−1, 1]^(B, Z);  fake = G(z)  (G in training mode, not differentiated)
 *            s = D([real; fake]);  L_D = loss.discriminator(s_real, s_fake)
 *            D.backward([∂L_D/∂s_real; ∂L_D/∂s_fake]);  D's rule steps D's parameters
 *   G step:  z ~ U[−1, 1]^(B, Z) (fresh);  fake = G(z);  L_G = loss.generator(D(fake))
 *            ∂L_G/∂fake = D.backward(∂L_G/∂s)   (D's input gradient)
 *            G.backward(∂L_G/∂fake);  G's rule steps G's parameters
 * </pre>
 * The G step's backward pass through D accumulates gradients in D's parameters too; they are never applied: only G's
 * rule steps after it, and D's gradients are zeroed at the start of every D step (as {@code D_solver.zero_grad()}).
 *
 * <p>Real images are the batches of the {@link Batches} loop (a seeded shuffle per epoch, the last partial batch
 * dropped as the notebook skips it), in [−1, 1] — the range of the generator's Tanh; {@link #fromUnitRange} maps
 * pixels in [0, 1] there (the notebook's {@code preprocess_img}). The discriminator sees the real and the fake batch as
 * one batch of 2B, one forward and one backward pass: the same as two passes for a discriminator without batch
 * statistics (all three of the course's), and therefore a discriminator with BatchNorm is refused. Noise is drawn from
 * one generator seeded from the seed and saved in every checkpoint.
 *
 * <p>After every epoch the trainer renders the generator, at test time, on a fixed noise batch drawn from the seed
 * (the same every epoch, so that the previews show progress), scores those samples with a {@link SampleQuality} when
 * one is given, tells the listeners, and — with a checkpoint folder — writes both networks, both update rules' states,
 * the noise generator and the histories atomically to {@value Checkpoint#FILE_NAME}. {@link #resume} continues from
 * it bit for bit as if the run had not stopped; a seeded run reproduces itself bit for bit, on any number of threads.
 * A NaN or infinite score or loss stops training with a {@link TrainingDivergedException} that names the network, the
 * iteration and the first layer holding a non-finite value.
 */
public final class GanTrainer {
    /** The notebook's batch size. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** The notebook's number of epochs for the fully connected GANs (its DCGAN runs 5). */
    public static final int DEFAULT_EPOCHS = 10;
    /** The course's Adam learning rate for both networks. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The course's Adam β1 (β2 is Adam's default 0.999). */
    public static final double DEFAULT_BETA1 = 0.5;
    /** Images rendered from the fixed noise after every epoch, for the preview grid. */
    public static final int DEFAULT_PREVIEW = 100;
    /** Samples scored after every epoch when a {@link SampleQuality} is given. */
    public static final int DEFAULT_QUALITY_SAMPLES = 1000;
    /** Name of the checkpoint file the trainer writes into its checkpoint folder (a Solver's has the same name). */
    public static final String CHECKPOINT_FILE = Checkpoint.FILE_NAME;
    /** Images per test-time forward pass of the generator. */
    private static final int RENDER_CHUNK = 500;
    /** Mixed into the seed for the training noise and for the fixed preview noise, so the streams differ from the batches'. */
    static final long NOISE_SEED = 0x6A09E667F3BCC909L, PREVIEW_SEED = 0xBB67AE8584CAA73BL;

    private final Network generator, discriminator;
    private final GanLoss loss;
    private final Optimizer generatorOptimizer, discriminatorOptimizer;
    private final Batches batches;
    private final int numEpochs, batchSize, noiseDim;
    private final DType dtype;
    private final Rng noise;
    private final Tensor fixedNoise;   // previews are its first previewCount rows; the quality samples are all of it
    private final int previewCount;
    private final SampleQuality quality;
    private final List<GanListener> listeners;
    private final Path checkpointDir;
    private final Map<String, String> options;

    // progress, restored by resume()
    private int epoch;
    private final List<Double> discriminatorLosses = new ArrayList<>();
    private final List<Double> generatorLosses = new ArrayList<>();
    private final List<double[]> epochs = new ArrayList<>();   // seconds, coverage, confidence, fd (NaN without quality)

    private GanTrainer(Builder b) {
        this.generator = b.generator;
        this.discriminator = b.discriminator;
        this.loss = b.loss;
        this.generatorOptimizer = new Optimizer(b.generatorRule, generator.params());
        this.discriminatorOptimizer = new Optimizer(b.discriminatorRule, discriminator.params());
        this.numEpochs = b.numEpochs;
        this.batchSize = b.batchSize;
        this.noiseDim = GanModels.noiseDimOf(generator);
        this.dtype = generator.dtype();
        this.noise = new Rng(b.seed ^ NOISE_SEED);
        this.previewCount = b.previewCount;
        this.quality = b.quality;
        int fixed = Math.max(previewCount, quality == null ? 0 : b.qualitySamples);
        this.fixedNoise = noise(new Rng(b.seed ^ PREVIEW_SEED), dtype, fixed, noiseDim);
        this.listeners = List.copyOf(b.listeners);
        this.checkpointDir = b.checkpointDir;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        int[] labels = new int[b.images.shape(0)];   // Batches carries labels; a GAN needs none
        this.batches = Batches.builder(b.images, labels, batchSize).sampling(Sampling.SHUFFLE).seed(b.seed)
                .dropLast(true).build();
    }

    /**
     * Starts a trainer of {@code generator} (noise (N, Z) → images; its {@link Network#inputShape() input shape} must be
     * (Z)) and {@code discriminator} (images → scores (N, 1)). Training switches the discriminator's first layer to
     * compute its input gradient in generator steps (which need it) and not in discriminator steps (which do not).
     */
    public static Builder builder(Network generator, Network discriminator) {
        return new Builder(generator, discriminator);
    }

    /** Starts a trainer of one of {@link GanModels}' GANs, with its losses. */
    public static Builder builder(GanModels.Gan gan) {
        return new Builder(gan.generator(), gan.discriminator()).loss(gan.loss());
    }

    /** Noise as the notebook's {@code sample_noise}: (n, dim) uniform in [−1, 1), drawn row by row from {@code rng}. */
    public static Tensor noise(Rng rng, DType dtype, int n, int dim) {
        double[] z = new double[Shapes.size(n, dim)];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.uniform(-1, 1);
        }
        Tensor t = Tensor.of(z, n, dim);
        return dtype == DType.F64 ? t : t.to(dtype);
    }

    /** Pixels in [0, 1] to the generator's range [−1, 1]: 2x − 1 (the notebook's {@code preprocess_img}). */
    public static Tensor fromUnitRange(Tensor x) {
        return x.mul(2).sub(1);
    }

    /** The generator's range [−1, 1] back to pixels in [0, 1]: (x + 1)/2 (the notebook's {@code deprocess_img}). */
    public static Tensor toUnitRange(Tensor x) {
        return x.add(1).mul(0.5);
    }

    /** Iterations per epoch: N / batchSize, the last partial batch dropped. */
    public int iterationsPerEpoch() {
        return batches.batchesPerEpoch();
    }

    /** Trains the remaining epochs and returns the history. */
    public GanHistory train() {
        int perEpoch = iterationsPerEpoch();
        for (GanListener l : listeners) {
            l.onStart(numEpochs, perEpoch, batchSize, epoch);
        }
        while (epoch < numEpochs) {
            runEpoch(perEpoch);
        }
        return history();
    }

    private void runEpoch(int perEpoch) {
        long start = System.nanoTime();
        double dSum = 0, gSum = 0;
        int it = 0;
        for (Batch batch : batches.epoch(epoch)) {   // epoch k's batches depend only on (seed, k)
            int global = epoch * perEpoch + it + 1;
            double d = discriminatorStep(batch.x(), global);
            double g = generatorStep(batch.size(), global);
            discriminatorLosses.add(d);
            generatorLosses.add(g);
            dSum += d;
            gSum += g;
            it++;
            for (GanListener l : listeners) {
                l.onIteration(epoch + 1, it, perEpoch, d, g);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Tensor samples = render(fixedNoise);
        SampleQuality.Scores scores = quality == null ? null : quality.score(toUnitRange(samples));
        epochs.add(new double[]{seconds, scores == null ? Double.NaN : scores.coverage(),
                scores == null ? Double.NaN : scores.meanConfidence(), scores == null ? Double.NaN : scores.frechetDistance()});
        epoch++;
        GanListener.EpochSummary summary = new GanListener.EpochSummary(epoch, numEpochs, dSum / perEpoch, gSum / perEpoch,
                seconds, scores, samples.slice(0, previewCount));
        for (GanListener l : listeners) {
            l.onEpochEnd(summary);
        }
        if (checkpointDir != null) {
            try {
                GanCheckpoint.write(checkpointDir.resolve(CHECKPOINT_FILE), this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the checkpoint: " + e.getMessage(), e);
            }
        }
    }

    /**
     * One discriminator step on the real batch {@code real} (B, …) and B fresh samples; returns L_D. Only D's
     * parameters change (and the running statistics of G's normalization layers, which the fake batch passes through
     * in training mode, as in the notebook).
     */
    double discriminatorStep(Tensor real, int iteration) {
        int b = real.shape(0);
        Tensor z = noise(noise, dtype, b, noiseDim);
        Tensor fake = train(generator).forward(z);
        discriminatorOptimizer.zeroGrad();   // also drops what the last G step left in D's gradients
        discriminator.layers().inputGradient(false);   // nobody reads the gradient of the images here
        Tensor both = Tensor.concat(0, real, fake);
        Tensor scores = train(discriminator).forward(both);
        GanLosses.DiscriminatorLoss l = finite(scores)
                ? loss.discriminator(scores.slice(0, b), scores.slice(b, 2 * b)) : null;
        if (l == null || !Double.isFinite(l.loss())) {
            throw diverged("discriminator", l == null ? scores : null, l == null ? Double.NaN : l.loss(), z, both, iteration);
        }
        discriminator.layers().backward(Tensor.concat(0, l.gradReal(), l.gradFake()));
        discriminatorOptimizer.step();
        return l.loss();
    }

    /** One generator step on {@code b} fresh samples; returns L_G. Only G's parameters change. */
    double generatorStep(int b, int iteration) {
        generatorOptimizer.zeroGrad();
        Tensor z = noise(noise, dtype, b, noiseDim);
        Tensor fake = train(generator).forward(z);
        discriminator.layers().inputGradient(true);
        Tensor scores = train(discriminator).forward(fake);
        LossResult l = finite(scores) ? loss.generator(scores) : null;
        if (l == null || !Double.isFinite(l.loss())) {
            throw diverged("generator", l == null ? scores : null, l == null ? Double.NaN : l.loss(), z, fake, iteration);
        }
        Tensor dFake = discriminator.layers().backward(l.grad());   // ∂L_G/∂fake; D's parameter gradients are not used
        generator.layers().backward(dFake);
        generatorOptimizer.step();
        return l.loss();
    }

    private static boolean finite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.getFlat(i))) {
                return false;
            }
        }
        return true;
    }

    private static io.dendrite.nn.Sequential train(Network net) {
        net.layers().setTraining(true);
        return net.layers();
    }

    /**
     * The divergence of a {@code step} ("discriminator" or "generator"): non-finite {@code scores} (when not null) or a
     * non-finite loss; names the first layer of G (fed {@code z}) or else of D (fed {@code images}) that holds a
     * non-finite value.
     */
    private TrainingDivergedException diverged(String step, Tensor scores, double lossValue, Tensor z, Tensor images,
                                               int iteration) {
        String what = scores != null ? "a discriminator score is non-finite" : "the " + step + " loss is " + lossValue;
        String where = generator.firstNonFinite(z).map(s -> s + " of the generator")
                .or(() -> discriminator.firstNonFinite(images).map(s -> s + " of the discriminator"))
                .map(s -> "; the first non-finite value appears in " + s).orElse("");
        return new TrainingDivergedException("training diverged: " + what + " in the " + step + " step of iteration "
                + iteration + " (epoch " + (epoch + 1) + ")" + where + ". Lower the learning rates (now G "
                + generatorOptimizer.learningRate() + ", D " + discriminatorOptimizer.learningRate()
                + "), or check the input scaling.", iteration);
    }

    /** The generator's images for {@code z} at test time (running statistics in its normalization layers). */
    private Tensor render(Tensor z) {
        return generate(generator, z);
    }

    /** {@code n} images from the generator for noise drawn from {@code rng}, at test time, in [−1, 1]. */
    public Tensor sample(int n, Rng rng) {
        return sample(generator, n, rng);
    }

    /** {@code n} images from any generator (its input shape gives the noise length), at test time, in [−1, 1]. */
    public static Tensor sample(Network generator, int n, Rng rng) {
        if (n < 1) {
            throw new IllegalArgumentException("invalid number of samples: " + n + " (must be >= 1)");
        }
        return generate(generator, noise(rng, generator.dtype(), n, GanModels.noiseDimOf(generator)));
    }

    private static Tensor generate(Network generator, Tensor z) {
        int n = z.shape(0);
        Tensor[] parts = new Tensor[(n + RENDER_CHUNK - 1) / RENDER_CHUNK];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = generator.scores(z.slice(k * RENDER_CHUNK, Math.min(n, (k + 1) * RENDER_CHUNK))).copy();
        }
        return parts.length == 1 ? parts[0] : Tensor.concat(0, parts);
    }

    /** The history so far. */
    public GanHistory history() {
        int e = epochs.size();
        double[][] cols = new double[4][e];
        for (int i = 0; i < e; i++) {
            for (int c = 0; c < 4; c++) {
                cols[c][i] = epochs.get(i)[c];
            }
        }
        return new GanHistory(unbox(discriminatorLosses), unbox(generatorLosses), cols[0], cols[1], cols[2], cols[3]);
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Continues from the checkpoint in {@code file}: both networks, both rules' states, the noise, the histories. */
    public GanTrainer resume(Path file) throws IOException {
        GanCheckpoint.restore(file, this);
        return this;
    }

    /** The options recorded in the GAN checkpoint {@code file}; an {@link IOException} naming it when it is not one. */
    public static Map<String, String> recordedOptions(Path file) throws IOException {
        return GanCheckpoint.options(file);
    }

    public Network generator() {
        return generator;
    }

    public Network discriminator() {
        return discriminator;
    }

    public GanLoss loss() {
        return loss;
    }

    /** The options that shaped the run (as given to {@link Builder#options}), written into every checkpoint. */
    public Map<String, String> options() {
        return options;
    }

    Optimizer generatorOptimizer() {
        return generatorOptimizer;
    }

    Optimizer discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    Rng noiseGenerator() {
        return noise;
    }

    int epoch() {
        return epoch;
    }

    List<double[]> epochRows() {
        return epochs;
    }

    void restoreProgress(int epoch, List<Double> dLosses, List<Double> gLosses, List<double[]> rows) {
        this.epoch = epoch;
        discriminatorLosses.clear();
        discriminatorLosses.addAll(dLosses);
        generatorLosses.clear();
        generatorLosses.addAll(gLosses);
        epochs.clear();
        epochs.addAll(rows);
    }

    /** Options of a {@link GanTrainer}; defaults: vanilla losses, Adam(1e-3, β1 0.5) for both, batch 128, 10 epochs. */
    public static final class Builder {
        private final Network generator, discriminator;
        private GanLoss loss = GanLoss.VANILLA;
        private UpdateRule generatorRule, discriminatorRule;
        private Tensor images;
        private int numEpochs = DEFAULT_EPOCHS, batchSize = DEFAULT_BATCH_SIZE;
        private int previewCount = DEFAULT_PREVIEW, qualitySamples = DEFAULT_QUALITY_SAMPLES;
        private long seed;
        private SampleQuality quality;
        private final List<GanListener> listeners = new ArrayList<>();
        private Path checkpointDir;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(Network generator, Network discriminator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            this.discriminator = Objects.requireNonNull(discriminator, "discriminator");
        }

        /** Vanilla (the default) or least squares. */
        public Builder loss(GanLoss l) { this.loss = Objects.requireNonNull(l, "loss"); return this; }
        /** The generator's update rule; default Adam(1e-3, 0.5, 0.999, 1e-8). */
        public Builder generatorRule(UpdateRule r) { this.generatorRule = Objects.requireNonNull(r, "generatorRule"); return this; }
        /** The discriminator's update rule; default Adam(1e-3, 0.5, 0.999, 1e-8). A separate instance from G's. */
        public Builder discriminatorRule(UpdateRule r) { this.discriminatorRule = Objects.requireNonNull(r, "discriminatorRule"); return this; }
        /** The real images (N, …) in [−1, 1], the generator's dtype and output shape; not copied. */
        public Builder images(Tensor x) { this.images = Objects.requireNonNull(x, "images"); return this; }
        public Builder numEpochs(int n) { this.numEpochs = n; return this; }
        public Builder batchSize(int n) { this.batchSize = n; return this; }
        /** Seeds the batches' shuffles, the training noise and the fixed preview noise. */
        public Builder seed(long s) { this.seed = s; return this; }
        /** Images rendered from the fixed noise after each epoch for {@link GanListener.EpochSummary#samples()}. */
        public Builder previewCount(int n) { this.previewCount = n; return this; }
        /** Scores {@code samples} generated images after every epoch with {@code q}. */
        public Builder quality(SampleQuality q, int samples) {
            this.quality = Objects.requireNonNull(q, "quality");
            this.qualitySamples = samples;
            return this;
        }
        public Builder listener(GanListener l) { this.listeners.add(Objects.requireNonNull(l, "listener")); return this; }
        /** Writes {@value Checkpoint#FILE_NAME} into {@code dir} after every epoch. */
        public Builder checkpointDir(Path dir) { this.checkpointDir = dir; return this; }
        /** The options that shaped the run, recorded in every checkpoint. */
        public Builder options(Map<String, String> o) { this.options.putAll(o); return this; }

        public GanTrainer build() {
            if (images == null) {
                throw new IllegalStateException("GanTrainer: no real images (call images(x) with x in [−1, 1])");
            }
            check("numEpochs", numEpochs, 0);
            check("batchSize", batchSize, 1);
            check("previewCount", previewCount, 1);
            check("quality samples", qualitySamples, 2);
            if (images.ndim() < 2 || images.shape(0) < batchSize) {
                throw new IllegalArgumentException("GanTrainer: " + (images.ndim() == 0 ? 0 : images.shape(0))
                        + " real images cannot fill one batch of " + batchSize + " — give more images or a smaller batch size");
            }
            if (images.dtype() != generator.dtype() || discriminator.dtype() != generator.dtype()) {
                throw new IllegalArgumentException("GanTrainer: the generator is " + generator.dtype() + ", the discriminator "
                        + discriminator.dtype() + " and the images " + images.dtype() + " — use one dtype for all three");
            }
            checkRange(images);
            if (!discriminator.buffers().isEmpty()) {
                throw new IllegalArgumentException("GanTrainer: the discriminator has batch statistics ("
                        + String.join(", ", discriminator.buffers().keySet()) + "), but it sees the real and the fake batch"
                        + " as one batch, whose statistics would mix them — normalize per sample (LayerNorm, GroupNorm) or not at all");
            }
            GanModels.noiseDimOf(generator);
            Tensor out = generator.scores(Tensor.zeros(generator.dtype(), 2, GanModels.noiseDimOf(generator)));
            int[] sample = Arrays.copyOfRange(images.shape(), 1, images.ndim());
            if (!Arrays.equals(Arrays.copyOfRange(out.shape(), 1, out.ndim()), sample)) {
                throw new IllegalArgumentException("GanTrainer: the generator makes samples of shape "
                        + Shapes.format(Arrays.copyOfRange(out.shape(), 1, out.ndim())) + " but the real images are "
                        + Shapes.format(sample) + " — the discriminator must see both alike");
            }
            Tensor s = discriminator.scores(out);
            if (s.ndim() != 2 || s.shape(1) != 1) {
                throw new IllegalArgumentException("GanTrainer: the discriminator must give one score per image, (N, 1), but"
                        + " gives " + Shapes.format(s.shape()));
            }
            if (generatorRule == null) {
                generatorRule = new Adam(DEFAULT_LEARNING_RATE, DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON);
            }
            if (discriminatorRule == null) {
                discriminatorRule = new Adam(DEFAULT_LEARNING_RATE, DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON);
            }
            if (generatorRule == discriminatorRule) {
                throw new IllegalArgumentException("GanTrainer: the generator and the discriminator need separate update-rule"
                        + " instances (each has its own learning rate), got the same " + generatorRule);
            }
            return new GanTrainer(this);
        }

        private static void check(String what, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("GanTrainer: invalid " + what + ": " + value + " (must be >= " + min + ")");
            }
        }

        /** Refuses real images outside [−1, 1] (with a little rounding slack): the generator cannot reach them. */
        private static void checkRange(Tensor x) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.size(); i++) {
                double v = x.getFlat(i);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("GanTrainer: real image value " + v + " at flat index " + i
                            + " is not finite");
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (lo < -1 - 1e-6 || hi > 1 + 1e-6) {
                throw new IllegalArgumentException("GanTrainer: real images range over [" + lo + ", " + hi + "] but the"
                        + " generator's Tanh makes [−1, 1] — scale pixels in [0, 1] with GanTrainer.fromUnitRange (2x − 1)");
            }
        }
    }
}
