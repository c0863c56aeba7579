package io.dendrite.spark;

import io.dendrite.model.Architecture;
import io.dendrite.model.Network;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.State;
import io.dendrite.optim.UpdateRule;
import io.dendrite.optim.UpdateRules;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.GradientSource;
import io.dendrite.train.Solver;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a Dendrite {@link Network} on Apache Spark, data-parallel: the training rows are spread over the partitions
 * of a cluster, and the driver runs the ordinary {@link Solver} — batches, update rule, learning-rate decay,
 * divergence guard, evaluation, best parameters, checkpoints and resume, listeners and {@link io.dendrite.train.History}
 * — with this SparkSolver as its {@link GradientSource}.
 *
 * <pre>{@code
 * try (SparkSolver spark = SparkSolver.builder(session, net)
 *         .train(SparkData.rows(rows, "features", "label")).validation(SparkData.rows(valRows, "features", "label"))
 *         .partitions(8).build()) {
 *     History h = spark.solver().updateRule(new Adam(1e-3)).numEpochs(2).batchSize(100)
 *             .listener(ConsoleProgress.toStdout(100)).checkpointDir(dir).build().train();
 * }
 * }</pre>
 *
 * <p><b>Synchronous SGD</b> (the default, {@code averageEvery(0)}). Every iteration broadcasts the parameters (and
 * buffers) with the batch's row indices; every partition computes, with the ordinary Dendrite kernels
 * ({@link Network#loss}), the mean loss and gradients of its rows of the batch; the driver collects the partitions'
 * results in partition order and adds them, each weighted by its share of the batch, in double — a fixed order, so
 * the sum is the same on every run whatever order the tasks finish in (Spark's {@code treeAggregate} adds in
 * finishing order, which moves the last bits from run to run). The Solver then clips and applies its update rule, any
 * rule, on the driver. The result equals the single-process Solver's on the same global batches up to the order of
 * the additions: bit for bit with one partition (or whenever one partition holds the whole batch), within rounding
 * otherwise ({@code SparkSolverTest} states the tolerance). Each step's gradient is a pure function of the broadcast
 * and the partition, so a task that Spark retries after a failure returns the same numbers.
 *
 * <p><b>Local SGD with model averaging</b> ({@code averageEvery(k)}, k ≥ 1). Every k iterations the driver broadcasts
 * the parameters, the update rule's states and the next k batches' rows; every partition takes k steps of the update
 * rule on its own rows of those batches (clipping as the Solver would), and the driver averages the partitions'
 * parameters, buffers and states, weighted by the rows each used. One round of communication per k batches instead
 * of one per batch; the price is exactness: the partitions' models drift apart between averages (with plain SGD
 * and k = 1 it is synchronous SGD again, up to rounding). A round never spans an epoch's end, where the Solver
 * evaluates and checkpoints the averaged model.
 *
 * <p>Networks with BatchNorm use each partition's batch statistics (as data-parallel training without synchronized
 * BatchNorm does), and their running statistics are averaged like the gradients; Dropout masks are drawn per
 * partition from (seed, iteration, partition). Both differ from the single process for that reason only.
 */
public final class SparkSolver implements GradientSource, AutoCloseable {
    /** Name of the storage level of the partitioned rows unless {@link Builder#storageLevel} says otherwise. */
    public static final String DEFAULT_STORAGE_NAME = "MEMORY_ONLY";
    /** Storage level of the partitioned rows unless {@link Builder#storageLevel} says otherwise. */
    public static final StorageLevel DEFAULT_STORAGE = StorageLevel.fromString(DEFAULT_STORAGE_NAME);

    private final JavaSparkContext jsc;
    private final Network net;
    private final String architecture;
    private final SparkData.Shards train, val;   // val null without validation data
    private final int partitions, averageEvery;
    private final long seed;
    private Optimizer optimizer;
    private double clipNorm, clipValue;

    // model averaging: the current epoch's batches, and the losses of the round in progress
    private List<int[]> epochBatches = List.of();
    private int roundStart;
    private double[] roundLosses = new double[0];

    private final Timer timer = new Timer();

    private SparkSolver(Builder b, int partitions, SparkData.Shards train, SparkData.Shards val) {
        this.jsc = b.jsc;
        this.net = b.net;
        this.architecture = b.architecture;
        this.train = train;
        this.val = val;
        this.partitions = partitions;
        this.averageEvery = b.averageEvery;
        this.seed = generatorSeed(net);
    }

    /** Starts a SparkSolver for {@code net}, whose parameters the driver keeps and the Solver updates. */
    public static Builder builder(SparkSession spark, Network net) {
        return new Builder(spark, net);
    }

    /**
     * A Solver builder for this SparkSolver's network with this SparkSolver as its gradient source: set the update
     * rule, epochs, batch size and the rest, then {@code build().train()}.
     */
    public Solver.Builder solver() {
        return Solver.builder(net).gradientSource(this);
    }

    /** Partitions the training rows are spread over. */
    public int partitions() {
        return partitions;
    }

    /** k of model averaging, or 0 for synchronous SGD. */
    public int averageEvery() {
        return averageEvery;
    }

    /** The time training spent in Spark jobs so far, and how much of it was the partitions' computing. */
    public StepTimes stepTimes() {
        return timer.times();
    }

    /** One line: how training runs, e.g. {@code local[2], 4 partitions, synchronous SGD}. */
    public String describe() {
        return jsc.master() + ", " + partitions + " partition" + (partitions == 1 ? "" : "s") + ", " + (averageEvery == 0
                ? "synchronous SGD (gradients summed in partition order)"
                : "local SGD, models averaged every " + averageEvery + " iteration" + (averageEvery == 1 ? "" : "s"));
    }

    @Override
    public int trainRows() {
        return train.rows();
    }

    @Override
    public int validationRows() {
        return val == null ? 0 : val.rows();
    }

    @Override
    public void attach(Optimizer optimizer, Map<String, String> options) {
        this.optimizer = optimizer;
        this.clipNorm = Double.parseDouble(options.getOrDefault(Solver.CLIP_NORM, "0"));
        this.clipValue = Double.parseDouble(options.getOrDefault(Solver.CLIP_VALUE, "0"));
        if (averageEvery > 0) {
            UpdateRule rule = optimizer.rule();
            try {
                UpdateRules.create(rule.name(), rule.config());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("SparkSolver: model averaging runs the update rule on the executors,"
                        + " rebuilt by name and config through UpdateRules, which cannot rebuild " + rule + " ("
                        + e.getMessage() + "); use synchronous SGD (averageEvery 0) for it", e);
            }
        }
    }

    @Override
    public void startEpoch(int epoch, List<int[]> batches) {
        epochBatches = batches;
    }

    @Override
    public boolean updatesParameters() {
        return averageEvery > 0;
    }

    @Override
    public double lossAndGradients(int epoch, int iteration, int[] rows) {
        long global = (long) epoch * epochBatches.size() + iteration;
        return averageEvery == 0 ? synchronousStep(global, rows) : averagedStep(global, iteration);
    }

    /** Broadcast, a gradient sum on every partition, and their weighted sum in partition order into the grads. */
    private double synchronousStep(long iteration, int[] rows) {
        long start = System.nanoTime();
        Broadcast<Tasks.StepInput> input = jsc.broadcast(new Tasks.StepInput(iteration, rows.clone(),
                Weights.of(Tasks.values(net)), buffers(), seed));
        long broadcast = System.nanoTime();
        List<Tasks.StepOutput> parts;
        try {
            parts = run(train.rdd().mapPartitionsWithIndex(Tasks.step(input, architecture), true));
        } finally {
            input.destroy();
        }
        long collected = System.nanoTime();
        int n = parts.size();
        Weights[] grads = new Weights[n], buffers = new Weights[n];
        double[] weights = new double[n];
        double loss = 0;
        long slowest = 0;
        for (int p = 0; p < n; p++) {   // collect() lists the partitions in index order
            Tasks.StepOutput out = parts.get(p);
            slowest = Math.max(slowest, out.nanos());
            if (out.rows() == 0) {
                continue;
            }
            weights[p] = (double) out.rows() / rows.length;   // mean over the batch = Σ share · mean over the part
            loss += weights[p] * out.loss();
            grads[p] = out.grads();
            buffers[p] = out.buffers();
        }
        Weights sum = Weights.weightedSum(grads, weights);
        for (int i = 0; i < sum.size(); i++) {
            net.params().get(sum.name(i)).grad().assign(sum.tensor(i));
        }
        averageBuffers(buffers, weights);
        long end = System.nanoTime();
        timer.add(1, end - start, slowest, broadcast - start, end - collected);
        return loss;
    }

    /**
     * The loss of iteration {@code iteration} of a round of model averaging: the round's first iteration runs the
     * whole round and installs the averaged model; the others return the losses it measured.
     */
    private double averagedStep(long global, int iteration) {
        if (iteration % averageEvery == 0) {
            runRound(global, iteration, Math.min(iteration + averageEvery, epochBatches.size()));
        }
        return roundLosses[iteration - roundStart];
    }

    private void runRound(long firstGlobal, int from, int to) {
        long start = System.nanoTime();
        int[][] batches = epochBatches.subList(from, to).toArray(new int[0][]);
        UpdateRule rule = optimizer.rule();
        Map<String, Double> config = new LinkedHashMap<>();
        rule.config().forEach((k, v) -> config.put(k, ((Number) v).doubleValue()));
        Broadcast<Tasks.RoundInput> input = jsc.broadcast(new Tasks.RoundInput(firstGlobal, batches,
                Weights.of(Tasks.values(net)), buffers(), Tasks.States.of(optimizer.states()), rule.name(), config,
                clipNorm, clipValue, seed));
        long broadcast = System.nanoTime();
        List<Tasks.RoundOutput> parts;
        try {
            parts = run(train.rdd().mapPartitionsWithIndex(Tasks.round(input, architecture), true));
        } finally {
            input.destroy();
        }
        long collected = System.nanoTime();
        int n = parts.size(), k = batches.length;
        long total = 0, slowest = 0;
        for (Tasks.RoundOutput out : parts) {
            total += out.totalRows();
            slowest = Math.max(slowest, out.nanos());
        }
        Weights[] params = new Weights[n], buffers = new Weights[n];
        double[] weights = new double[n];
        List<Tasks.States> states = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            Tasks.RoundOutput out = parts.get(p);
            states.add(out.totalRows() == 0 ? null : out.states());
            if (out.totalRows() == 0) {
                continue;   // no rows in this round: its model is the broadcast one, and counts for nothing
            }
            weights[p] = (double) out.totalRows() / total;
            params[p] = out.params();
            buffers[p] = out.buffers();
        }
        Weights.weightedSum(params, weights).copyInto(Tasks.values(net));
        averageBuffers(buffers, weights);
        averageStates(states, weights);
        roundStart = from;
        roundLosses = new double[k];
        for (int j = 0; j < k; j++) {
            for (Tasks.RoundOutput out : parts) {   // partition order, as for a synchronous step
                if (out.rows()[j] > 0) {
                    roundLosses[j] += (double) out.rows()[j] / batches[j].length * out.losses()[j];
                }
            }
        }
        long end = System.nanoTime();
        timer.add(k, end - start, slowest, broadcast - start, end - collected);
    }

    /** Every state tensor averaged like the parameters; the step count is the most steps any partition took. */
    private void averageStates(List<Tasks.States> states, double[] weights) {
        Map<String, State> driver = optimizer.states();
        Tasks.States any = states.stream().filter(Objects::nonNull).findFirst().orElseThrow();
        for (int i = 0; i < any.names().length; i++) {
            Weights[] parts = new Weights[states.size()];
            int step = 0;
            for (int p = 0; p < states.size(); p++) {
                Tasks.States s = states.get(p);
                if (s != null) {
                    parts[p] = s.tensors()[i];
                    step = Math.max(step, s.steps()[i]);
                }
            }
            State target = driver.get(any.names()[i]);
            target.setStep(step);
            if (any.tensors()[i].size() > 0) {
                Weights avg = Weights.weightedSum(parts, weights);
                for (int t = 0; t < avg.size(); t++) {
                    target.put(avg.name(t), avg.tensor(t));
                }
            }
        }
    }

    /** Running statistics (BatchNorm) averaged over the partitions that had rows, like the gradients. */
    private void averageBuffers(Weights[] buffers, double[] weights) {
        for (Weights b : buffers) {
            if (b != null) {
                Weights.weightedSum(buffers, weights).copyInto(net.buffers());
                return;
            }
        }
    }

    @Override
    public long correct(boolean validation, int[] rows) {
        SparkData.Shards data = validation ? val : train;
        Broadcast<Tasks.EvalInput> input = jsc.broadcast(new Tasks.EvalInput(rows == null ? null : rows.clone(),
                Weights.of(Tasks.values(net)), buffers()));
        try {
            long correct = 0;
            for (long c : run(data.rdd().mapPartitionsWithIndex(Tasks.correct(input, architecture), true))) {
                correct += c;
            }
            return correct;
        } finally {
            input.destroy();
        }
    }

    private Weights buffers() {
        return net.buffers().isEmpty() ? null : Weights.of(net.buffers());
    }

    /** Runs a job; a row that cannot be an example comes back as its one line, not as Spark's failure report. */
    private static <T> List<T> run(JavaRDD<T> job) {
        try {
            return job.collect();
        } catch (Exception e) {   // Spark's job failure is a checked SparkException, thrown undeclared
            String bad = RowException.find(e);
            if (bad != null) {
                throw new IllegalArgumentException(bad, e);
            }
            throw e;
        }
    }

    /**
     * The seed of the partitions' Dropout masks: from the state of the network's own generators, which the driver
     * never advances (it runs no training pass) and checkpoints save — so a resumed run draws the same masks.
     */
    private static long generatorSeed(Network net) {
        long s = 0x5DEECE66DL;
        for (Rng rng : net.generators().values()) {
            for (long v : rng.state()) {
                s = new Rng(s ^ v).nextLong();
            }
        }
        return s;
    }

    /** Frees the partitioned rows (cached blocks and broadcasts); the SparkSession stays. */
    @Override
    public void close() {
        train.release();
        if (val != null) {
            val.release();
        }
    }

    @Override
    public String toString() {
        return "SparkSolver(" + describe() + ", " + trainRows() + " training rows)";
    }

    /**
     * Where training time went: {@code iterations} in {@code jobs} Spark jobs (one per iteration, or one per round of
     * model averaging), {@code seconds} of their wall time on the driver, of which {@code computeSeconds} were spent
     * by the slowest partition of each job computing (loading the weights, the forward and backward passes, copying
     * out the result), {@code broadcastSeconds} by the driver copying and broadcasting the parameters, and
     * {@code aggregationSeconds} by the driver adding up the partitions' results and installing them. The rest is
     * Spark's: scheduling the tasks, fetching the broadcast, sending the results back.
     */
    public record StepTimes(long iterations, long jobs, double seconds, double computeSeconds, double broadcastSeconds,
                            double aggregationSeconds) {
        /** Wall time per iteration, in milliseconds. */
        public double millisPerIteration() {
            return iterations == 0 ? 0 : 1e3 * seconds / iterations;
        }

        /**
         * Broadcast, scheduling and aggregation per job, in milliseconds: the wall time that the slowest partition's
         * computing does not explain.
         */
        public double overheadMillisPerJob() {
            return perJob(seconds - computeSeconds);
        }

        /** {@code s} seconds in all, per job in milliseconds. */
        private double perJob(double s) {
            return jobs == 0 ? 0 : 1e3 * s / jobs;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d iterations in %d jobs: %.1f ms per iteration; per job,"
                            + " broadcast + aggregation %.1f ms (driver broadcasting %.1f, Spark's tasks and results %.1f,"
                            + " driver adding up %.1f) beside the slowest partition's %.1f ms of computing",
                    iterations, jobs, millisPerIteration(), overheadMillisPerJob(), perJob(broadcastSeconds),
                    perJob(seconds - computeSeconds - broadcastSeconds - aggregationSeconds), perJob(aggregationSeconds),
                    perJob(computeSeconds));
        }
    }

    private static final class Timer {
        private long iterations, jobs, nanos, computeNanos, broadcastNanos, aggregationNanos;

        synchronized void add(int iterationsDone, long wall, long slowestPartition, long broadcast, long aggregation) {
            iterations += iterationsDone;
            jobs++;
            nanos += wall;
            computeNanos += slowestPartition;
            broadcastNanos += broadcast;
            aggregationNanos += aggregation;
        }

        synchronized StepTimes times() {
            return new StepTimes(iterations, jobs, nanos / 1e9, computeNanos / 1e9, broadcastNanos / 1e9,
                    aggregationNanos / 1e9);
        }
    }

    /** Options of a {@link SparkSolver}. */
    public static final class Builder {
        private final SparkSession spark;
        private final JavaSparkContext jsc;
        private final Network net;
        private final String architecture;
        private SparkData train, validation;
        private int partitions;
        private int averageEvery;
        private StorageLevel storage = DEFAULT_STORAGE;

        private Builder(SparkSession spark, Network net) {
            this.spark = Objects.requireNonNull(spark, "SparkSolver: the SparkSession is null");
            this.net = Objects.requireNonNull(net, "SparkSolver: the network is null");
            this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            this.architecture = Architecture.describe(net);
        }

        /** The training rows. */
        public Builder train(SparkData data) {
            this.train = data;
            return this;
        }

        /** The validation rows; without them the Solver judges the best epoch on training rows. */
        public Builder validation(SparkData data) {
            this.validation = data;
            return this;
        }

        /** Partitions to spread the rows over, one task each per step (default: Spark's default parallelism). */
        public Builder partitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("SparkSolver: invalid number of partitions: " + n + " (must be >= 1)");
            }
            this.partitions = n;
            return this;
        }

        /**
         * 0 (the default) for synchronous SGD; k ≥ 1 for local SGD, each partition stepping on its rows of k batches
         * between averages.
         */
        public Builder averageEvery(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("SparkSolver: invalid averageEvery: " + k
                        + " (0 for synchronous SGD, k >= 1 to average the models every k iterations)");
            }
            this.averageEvery = k;
            return this;
        }

        /**
         * How the partitioned rows are kept between jobs (default {@link #DEFAULT_STORAGE}); {@code NONE} makes them
         * again from the input for every job.
         */
        public Builder storageLevel(StorageLevel level) {
            this.storage = Objects.requireNonNull(level, "SparkSolver: the storage level is null");
            return this;
        }

        /**
         * Partitions the rows (checking every one), and returns the SparkSolver. The samples must have the network's
         * input shape when it has one; the labels must be classes of its output.
         */
        public SparkSolver build() {
            if (train == null) {
                throw new IllegalStateException("SparkSolver: no training data (call train(SparkData.rows(...)) or"
                        + " train(SparkData.local(...)))");
            }
            int p = partitions > 0 ? partitions : jsc.defaultParallelism();
            int[] sampleShape = sampleShape();
            int classes = net.scores(Tensor.zeros(net.dtype(), Shapes.batch(1, sampleShape))).shape(1);
            SparkData.Shards t = train.shards(jsc, "training", p, sampleShape, classes, storage);
            SparkData.Shards v = null;
            try {
                v = validation == null ? null : validation.shards(jsc, "validation", p, sampleShape, classes, storage);
            } finally {
                if (validation != null && v == null) {
                    t.release();
                }
            }
            return new SparkSolver(this, p, t, v);
        }

        /** The network's input shape, else the local data's, else the first row's length (flat samples). */
        private int[] sampleShape() {
            return net.inputShape().orElseGet(() -> {
                int[] known = train.sampleShape();
                return known != null ? known : new int[]{train.firstRowLength()};
            });
        }

        @Override
        public String toString() {
            return "SparkSolver.Builder(" + spark.sparkContext().master() + ")";
        }
    }
}
