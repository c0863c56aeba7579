package io.dendrite.cli;

import io.dendrite.data.Batch;
import io.dendrite.data.Batches;
import io.dendrite.data.Dataset;
import io.dendrite.data.Datasets;
import io.dendrite.data.Sampling;
import io.dendrite.data.TrainTest;
import io.dendrite.model.DeepConvNet;
import io.dendrite.model.Model;
import io.dendrite.model.SimpleConvNet;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.Sgd;
import io.dendrite.optim.UpdateRule;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.Solver;
import io.dendrite.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dendrite bench}: the peer workloads of {@code bench/peers} run with Dendrite itself, on MNIST.
 *
 * <ul>
 *   <li>W1: MLP 784-50-10 (TwoLayerNet, weights N(0, 0.01²)), SGD lr 0.1, batch 100, all training images per epoch;
 *   <li>W2: the book's SimpleConvNet, Adam 1e-3, batch 100;
 *   <li>W3: the book's DeepConvNet, Adam 1e-3, batch 100: 20 warm-up iterations, then timed blocks of 100
 *       iterations, as the peers' {@code deep} workloads (only when named: it takes about a minute);
 *   <li>W4: inference of the W2 network (trained by W2 when it ran in the same call) on the test images in
 *       batches of 1000, 6 passes, the first a warm-up.
 * </ul>
 *
 * <p>Like the peers (PyTorch's autograd, the numpy script's {@code need_dx=False}), the first layer computes no
 * gradient for the input images. An epoch's time covers its iterations only (batch gathering, forward, backward, update), not the Solver's
 * per-epoch accuracy sample, as the peers time theirs. Lines starting with {@code RESULT} use the peers'
 * format, so {@code bench/peers.sh} reads all systems alike.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the peer benchmark workloads on MNIST: W1 MLP (SGD), W2 SimpleConvNet (Adam), W4 inference;"
                + " W3 DeepConvNet (Adam) when named.",
                "Prints seconds per epoch (first epoch and median of the rest), test accuracy and images per second."})
final class BenchCommand implements Callable<Integer> {
    static final int BATCH = 100;
    static final int INFERENCE_BATCH = 1000;
    static final int INFERENCE_RUNS = 6;

    @Option(names = "--workload", defaultValue = "all",
            description = "W1, W2, W3, W4, all (W1, W2, W4), or a comma-separated list such as W2,W4 (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--epochs", description = "Epochs per training workload (default: W1 5, W2 2).")
    Integer epochs;

    @Option(names = "--blocks", defaultValue = "3", description = "W3: timed blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--block-iterations", defaultValue = "100", description = "W3: iterations per timed block (default: ${DEFAULT-VALUE}, as the peers).")
    int blockIterations;

    @Option(names = "--warmup-iterations", defaultValue = "20", description = "W3: untimed iterations first (default: ${DEFAULT-VALUE}, as DJL's peer).")
    int warmupIterations;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--data", description = "MNIST folder (the four idx files, raw or .gz); default: the cache, fetched on first use.")
    Path data;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for weights and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<String> chosen = new ArrayList<>();
        for (String part : workload.toUpperCase(Locale.ROOT).split(",")) {
            String w = part.trim();
            if (!List.of("W1", "W2", "W3", "W4", "ALL").contains(w)) {
                throw new IllegalArgumentException("unknown workload '" + part.trim() + "' — use W1, W2, W3, W4, all or a list such as W2,W4");
            }
            chosen.add(w);
        }
        if (blocks < 1 || blockIterations < 1 || warmupIterations < 0) {
            throw new IllegalArgumentException("invalid W3 timing: --blocks " + blocks + ", --block-iterations "
                    + blockIterations + ", --warmup-iterations " + warmupIterations + " (must be ≥ 1, ≥ 1 and ≥ 0)");
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("invalid --epochs: " + epochs + " (must be ≥ 1)");
        }
        Threads.set(threads);
        TrainTest mnist = Datasets.load("mnist", data);
        System.out.printf(Locale.ROOT, "dendrite bench: %d training and %d test images, %d thread(s), Java %s%n",
                mnist.train().size(), mnist.test().size(), Threads.count(), Runtime.version());
        boolean all = chosen.contains("ALL");
        if (all || chosen.contains("W1")) {
            Model mlp = TwoLayerNet.builder().inputDim(mnist.train().sampleSize()).hiddenDim(50).numClasses(10)
                    .weightScale(0.01).seed(seed).build();
            train("W1", "MLP 784-50-10, SGD lr 0.1", mlp, new Sgd(0.1), epochs != null ? epochs : 5, mnist);
        }
        Model conv = null;
        if (all || chosen.contains("W2")) {
            conv = SimpleConvNet.builder().seed(seed).build();
            train("W2", "SimpleConvNet, Adam 1e-3", conv, new Adam(1e-3), epochs != null ? epochs : 2, mnist);
        }
        if (chosen.contains("W3")) {
            deep(mnist);
        }
        if (all || chosen.contains("W4")) {
            if (conv == null) {
                System.out.println("W4: untrained SimpleConvNet (run W2 in the same call for a meaningful accuracy)");
                conv = SimpleConvNet.builder().seed(seed).build();
            }
            infer(conv, mnist.test());
        }
        return 0;
    }

    private void train(String id, String what, Model model, UpdateRule rule, int numEpochs, TrainTest mnist) {
        Dataset train = mnist.train();
        EpochTimer timer = new EpochTimer();
        Solver solver = Solver.builder(model).train(train.x(DType.F32), train.labels()).updateRule(rule)
                .numEpochs(numEpochs).batchSize(BATCH).numTrainSamples(Math.min(1000, train.size())).seed(seed)
                .listener(timer).build();
        System.out.printf(Locale.ROOT, "%s %s, batch %d, %d iterations/epoch%n", id, what, BATCH, solver.iterationsPerEpoch());
        solver.train();
        double[] s = timer.seconds();
        for (int e = 0; e < s.length; e++) {
            System.out.printf(Locale.ROOT, "%s epoch %d: %.3f s%s%n", id, e + 1, s[e], e == 0 ? " (warm-up)" : "");
        }
        double acc = accuracy(model, mnist.test());
        double[] rest = s.length > 1 ? Arrays.copyOfRange(s, 1, s.length) : s;
        System.out.printf(Locale.ROOT, "RESULT %s dendrite s_per_epoch_median=%.3f min=%.3f max=%.3f n=%d first=%.3f"
                        + " test_acc_after_%d_epochs=%.4f%n", id, median(rest), Arrays.stream(rest).min().orElse(0),
                Arrays.stream(rest).max().orElse(0), rest.length, s[0], numEpochs, acc);
    }

    /**
     * W3 as the peers time it: DeepConvNet trained for {@code warmupIterations} untimed iterations, then {@code blocks}
     * timed blocks of {@code blockIterations}, each iteration a forward, backward and Adam step on the next shuffled
     * batch ({@link Batches}, reshuffled every epoch). Reported per 100 iterations.
     */
    private void deep(TrainTest mnist) {
        Dataset train = mnist.train();
        Model net = DeepConvNet.builder().seed(seed).build();
        Optimizer optimizer = new Optimizer(new Adam(1e-3), net.params());
        Batches batches = Batches.builder(train, Math.min(BATCH, train.size())).sampling(Sampling.SHUFFLE).seed(seed)
                .dtype(DType.F32).build();
        Runnable step = () -> {
            Batch b = batches.next();
            net.loss(b.x(), b.y());
            optimizer.step();
        };
        System.out.printf(Locale.ROOT, "W3 DeepConvNet, Adam 1e-3, batch %d, %d warm-up iterations then %d blocks of %d%n",
                BATCH, warmupIterations, blocks, blockIterations);
        long t0 = System.nanoTime();
        for (int i = 0; i < warmupIterations; i++) {
            step.run();
        }
        System.out.printf(Locale.ROOT, "W3 warm-up %d iters: %.3f s%n", warmupIterations, (System.nanoTime() - t0) / 1e9);
        double[] times = new double[blocks];   // seconds per 100 iterations
        for (int b = 0; b < blocks; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < blockIterations; i++) {
                step.run();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            times[b] = seconds * 100 / blockIterations;
            System.out.printf(Locale.ROOT, "W3 block %d: %.3f s / %d iters%n", b + 1, seconds, blockIterations);
        }
        double perEpoch = median(times) * train.size() / (BATCH * 100.0);
        System.out.printf(Locale.ROOT, "RESULT W3 dendrite s_per_100_median=%.3f min=%.3f max=%.3f n=%d"
                        + " extrapolated_s_per_epoch=%.1f test_acc_after_%d_iters=%.4f%n", median(times),
                Arrays.stream(times).min().orElse(0), Arrays.stream(times).max().orElse(0), blocks, perEpoch,
                warmupIterations + blocks * blockIterations, accuracy(net, mnist.test()));
    }

    private static void infer(Model model, Dataset test) {
        Tensor x = test.x(DType.F32);
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < INFERENCE_RUNS; r++) {
            long t0 = System.nanoTime();
            double acc = accuracy(model, test, x);
            double sec = (System.nanoTime() - t0) / 1e9;
            if (r > 0) {
                rates.add(test.size() / sec);
            }
            System.out.printf(Locale.ROOT, "W4 run %d: %.3f s, %.0f img/s, acc=%.4f%s%n", r, sec, test.size() / sec, acc,
                    r == 0 ? " (warm-up)" : "");
        }
        double[] ips = rates.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "RESULT W4 dendrite img_per_s_median=%.0f min=%.0f max=%.0f n=%d%n", median(ips),
                Arrays.stream(ips).min().orElse(0), Arrays.stream(ips).max().orElse(0), ips.length);
    }

    private static double accuracy(Model model, Dataset test) {
        return accuracy(model, test, test.x(DType.F32));
    }

    /** Fraction of test images classified correctly, predicted in batches of {@value #INFERENCE_BATCH}. */
    private static double accuracy(Model model, Dataset test, Tensor x) {
        int n = test.size(), correct = 0;
        int[] labels = test.labels();
        for (int s = 0; s < n; s += INFERENCE_BATCH) {
            int[] predicted = model.predict(x.slice(s, Math.min(n, s + INFERENCE_BATCH)));
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == labels[s + i] ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : correct / (double) n;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Times each epoch's iterations: from the end of the previous epoch (or the start) to the epoch's last
     * iteration, which leaves out the Solver's per-epoch accuracy sample and checkpoint.
     */
    private static final class EpochTimer implements TrainingListener {
        private final List<Double> seconds = new ArrayList<>();
        private long start;

        @Override
        public void onStart(int numEpochs, int iterationsPerEpoch, int batchSize, int startEpoch) {
            start = System.nanoTime();
        }

        @Override
        public void onIteration(int epoch, int iteration, int iterationsPerEpoch, double loss) {
            if (iteration == iterationsPerEpoch) {
                seconds.add((System.nanoTime() - start) / 1e9);
            }
        }

        @Override
        public void onEpochEnd(EpochSummary summary) {
            start = System.nanoTime();
        }

        double[] seconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
