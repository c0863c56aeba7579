package bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * cs231n's DCGAN on MNIST in PyTorch (libtorch) through DJL (its transposed convolutions as {@link StridedTransposedConv},
 * since DJL's PyTorch engine has none), step for step as Dendrite's GanTrainer and the notebook's
 * run_a_gan: per iteration one discriminator step (real batch scaled to [-1, 1] and G(z) detached, BCE on logits,
 * D's Adam) and one generator step (fresh z, BCE of D(G(z)) against 1, G's Adam), Adam lr 1e-3 beta1 0.5 each, batch
 * 128, z uniform in [-1, 1]^96. Times WARMUP untimed iterations, then ITERS timed ones, and prints the seconds per
 * iteration and what a full epoch of 60000 / 128 = 468 iterations would take.
 *
 * usage: DjlGan DATA_DIR [ITERS=50] [WARMUP=5]
 *        DjlGan check      (StridedTransposedConv is the adjoint of the stride-2 convolution: prints both inner products)
 */
public final class DjlGan {
    static final int B = 128, Z = 96;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("check")) {
            checkTransposedConv();
            return;
        }
        Path dir = Path.of(args[0]);
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        float[] x = images(dir.resolve("train-images-idx3-ubyte"));
        int n = x.length / 784;
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("engine=" + engine.getEngineName() + " version=" + engine.getVersion() + " djl="
                + Engine.getDjlVersion() + " num_threads=" + System.getProperty("ai.djl.pytorch.num_threads")
                + " images=" + n);
        try (NDManager root = NDManager.newBaseManager(); Model g = Model.newInstance("G"); Model d = Model.newInstance("D")) {
            g.setBlock(generator());
            d.setBlock(discriminator());
            try (Trainer gt = trainer(g, new Shape(B, Z)); Trainer dt = trainer(d, new Shape(B, 1, 28, 28))) {
                Random rnd = new Random(0);
                int[] perm = permutation(n, rnd);
                float[] batch = new float[B * 784];
                List<Double> times = new ArrayList<>();
                for (int it = 0; it < warmup + iters; it++) {
                    int from = (it * B) % (n - B + 1);
                    for (int i = 0; i < B; i++) {
                        System.arraycopy(x, perm[from + i] * 784, batch, i * 784, 784);
                    }
                    long t0 = System.nanoTime();
                    double[] losses = iteration(root, gt, dt, batch);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (it >= warmup) {
                        times.add(s);
                    }
                    if (it % 10 == 0 || it == warmup + iters - 1) {
                        System.out.printf("iteration %d: D loss %.4f G loss %.4f %.3f s%s%n", it + 1, losses[0], losses[1], s,
                                it < warmup ? " (warm-up)" : "");
                    }
                }
                double median = median(times);
                System.out.printf("RESULT GAN djl s_per_iteration_median=%.3f min=%.3f max=%.3f n=%d extrapolated_s_per_epoch=%.1f%n",
                        median, times.stream().mapToDouble(v -> v).min().orElse(0),
                        times.stream().mapToDouble(v -> v).max().orElse(0), times.size(), median * (60000 / B));
            }
        }
    }

    /** One D step and one G step; returns their losses. */
    static double[] iteration(NDManager root, Trainer gt, Trainer dt, float[] batch) {
        try (NDManager m = root.newSubManager()) {
            NDArray real = m.create(batch, new Shape(B, 1, 28, 28)).mul(2).sub(1);
            NDArray fake = gt.forward(new NDList(m.randomUniform(-1, 1, new Shape(B, Z)))).singletonOrThrow();   // no graph: detached
            double dLoss, gLoss;
            zeroGradients(gt);
            zeroGradients(dt);
            try (GradientCollector gc = dt.newGradientCollector()) {
                NDArray lr = dt.forward(new NDList(real)).singletonOrThrow();
                NDArray lf = dt.forward(new NDList(fake)).singletonOrThrow();
                NDArray loss = bce(lr, 1).add(bce(lf, 0));
                dLoss = loss.getFloat();
                gc.backward(loss);
            }
            dt.step();
            zeroGradients(gt);
            zeroGradients(dt);
            try (GradientCollector gc = gt.newGradientCollector()) {
                NDArray f = gt.forward(new NDList(m.randomUniform(-1, 1, new Shape(B, Z)))).singletonOrThrow();
                NDArray loss = bce(dt.forward(new NDList(f)).singletonOrThrow(), 1);
                gLoss = loss.getFloat();
                gc.backward(loss);
            }
            gt.step();   // D's gradients from this backward are zeroed before D's next step
            return new double[]{dLoss, gLoss};
        }
    }

    /**
     * ⟨convT(y; W), x⟩ = ⟨y, conv(x; W, stride 2, pad 1)⟩: a transposed convolution is the adjoint of the convolution
     * whose weight (C, F, 4, 4) maps F channels to C.
     */
    static void checkTransposedConv() {
        try (NDManager m = NDManager.newBaseManager()) {
            StridedTransposedConv block = new StridedTransposedConv(3, 2);
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 3, 5, 4));
            NDArray w = block.getParameters().get("weight").getArray(), b = block.getParameters().get("bias").getArray();
            b.subi(b);
            NDArray y = m.randomNormal(new Shape(2, 3, 5, 4)), x = m.randomNormal(new Shape(2, 2, 10, 8));
            NDArray out = block.forward(new ai.djl.training.ParameterStore(m, false), new NDList(y), false).singletonOrThrow();
            NDArray conv = Conv2d.conv2d(x, w, null, new Shape(2, 2), new Shape(1, 1)).singletonOrThrow();
            System.out.printf("<convT(y), x> = %.6f   <y, conv(x)> = %.6f   output %s%n", out.mul(x).sum().getFloat(),
                    y.mul(conv).sum().getFloat(), out.getShape());
        }
    }

    /** mean(max(x, 0) − x·t + log(1 + exp(−|x|))): binary cross-entropy on logits, stable for any logit. */
    static NDArray bce(NDArray logits, float target) {
        return logits.maximum(0).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1).log()).mean();
    }

    static void zeroGradients(Trainer t) {
        for (Pair<String, Parameter> p : t.getModel().getBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.hasGradient()) {
                NDArray grad = a.getGradient();
                grad.subi(grad);
            }
        }
    }

    static Trainer trainer(Model model, Shape input) {
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optBeta1(0.5f).optBeta2(0.999f).build();
        Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss()).optOptimizer(adam)
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT));
        t.initialize(input);
        return t;
    }

    /** The notebook's build_dc_classifier. */
    static Block discriminator() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(32).build())
                .add(Activation.leakyReluBlock(0.01f))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(64).build())
                .add(Activation.leakyReluBlock(0.01f))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4 * 4 * 64).build())
                .add(Activation.leakyReluBlock(0.01f))
                .add(Linear.builder().setUnits(1).build());
    }

    /** The notebook's build_dc_generator. */
    static Block generator() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(1024).build()).add(Activation.reluBlock()).add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(7 * 7 * 128).build()).add(Activation.reluBlock()).add(BatchNorm.builder().build())
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().reshape(-1, 128, 7, 7))))
                .add(new StridedTransposedConv(128, 64))
                .add(Activation.reluBlock()).add(BatchNorm.builder().build())
                .add(new StridedTransposedConv(64, 1))
                .add(Activation.tanhBlock());
    }

    static float[] images(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(p)))) {
            if (in.readInt() != 2051) {
                throw new IOException("not an idx image file: " + p);
            }
            int n = in.readInt(), r = in.readInt(), c = in.readInt();
            byte[] b = new byte[n * r * c];
            in.readFully(b);
            float[] f = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                f[i] = (b[i] & 0xff) / 255f;
            }
            return f;
        }
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }
}
