package io.dendrite.train;

import io.dendrite.model.Model;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.data.Augmentation;
import io.dendrite.data.Batch;
import io.dendrite.data.Batches;
import io.dendrite.optim.LearningRateSchedule;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.UpdateRule;
import io.dendrite.data.Sampling;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a {@link Model} with mini-batch gradient descent, as cs231n's Solver does: every iteration draws a
 * batch, computes the loss and gradients with {@link Model#loss}, and lets the update rule change every
 * parameter; after every epoch it decays the learning rate ({@code lrDecay}), measures train accuracy on a
 * sample ({@code numTrainSamples}, the book's {@code evaluate_sample_num_per_epoch}) and validation accuracy,
 * and keeps a copy of the parameters with the best validation accuracy, which the model holds when
 * {@link #train()} returns.
 *
 * <p>Batches come from {@link Batches}: a seeded shuffle each epoch ({@link Sampling#SHUFFLE}, the default) or
 * drawn with replacement as in the seeds; a last batch smaller than {@code batchSize} is dropped (cs231n's
 * epoch of max(N / batchSize, 1) iterations). Epoch k's batches depend only on (seed, k), so a resumed run
 * draws the same ones. A NaN or infinite loss stops training with a {@link TrainingDivergedException}
 * naming the iteration and the first layer that produced a non-finite value. A loss that stays finite but
 * runs away stops training too: once the mean loss of the last {@code w} iterations exceeds
 * {@code divergenceFactor} × the starting loss (iteration 1's loss, measured before any update), a
 * {@link TrainingDivergedException} says so. {@code w} is {@code divergenceWindow} (default
 * {@value #DEFAULT_DIVERGENCE_WINDOW}), or one epoch when an epoch is shorter; the default factor
 * {@value #DEFAULT_DIVERGENCE_FACTOR} sits far above any healthy run (a softmax loss starts near ln C and falls)
 * and far below a runaway one (10¹³ at lr 10⁶); factor 0 or infinity turns the guard off. With {@code checkpointDir} set,
 * a checkpoint is written atomically after every epoch and {@link #resume(Path)} continues from it.
 */
public final class Solver {
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final double DEFAULT_LR_DECAY = 1.0;
    public static final int DEFAULT_TRAIN_SAMPLES = 1000;
    public static final int DEFAULT_EVAL_BATCH = 1000;
    /** Training stops when the windowed mean loss exceeds this multiple of the starting loss. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e3;
    /** Iterations whose mean loss is compared with the bound (one epoch when an epoch is shorter). */
    public static final int DEFAULT_DIVERGENCE_WINDOW = 50;
    /** Name of the checkpoint file the Solver writes into its checkpoint folder. */
    public static final String CHECKPOINT_FILE = Checkpoint.FILE_NAME;

    private final Model model;
    private final Tensor xTrain, xVal;
    private final int[] yTrain, yVal;
    private final Batches batches;
    private final Optimizer optimizer;
    private final double lrDecay;
    private final int numEpochs, batchSize, numTrainSamples, numValSamples;
    private final long seed;
    private final List<TrainingListener> listeners;
    private final Path checkpointDir;
    private final LearningRateSchedule schedule;
    private final double initialLr;
    private final Map<String, String> options;
    private final double divergenceFactor;
    private final int divergenceWindow;

    // progress, restored by resume()
    private int epoch;
    private final List<Double> losses = new ArrayList<>();
    private final List<double[]> epochs = new ArrayList<>(); // trainAcc, valAcc, lr, seconds
    private double bestValAcc = -1;
    private int bestEpoch;
    private Map<String, Tensor> bestParams = new LinkedHashMap<>();

    private Solver(Builder b) {
        this.model = b.model;
        this.xTrain = b.xTrain;
        this.yTrain = b.yTrain;
        this.xVal = b.xVal;
        this.yVal = b.yVal;
        this.optimizer = new Optimizer(b.rule, model.params());
        this.lrDecay = b.lrDecay;
        this.numEpochs = b.numEpochs;
        this.batchSize = b.batchSize;
        this.numTrainSamples = b.numTrainSamples;
        this.numValSamples = b.numValSamples;
        this.seed = b.seed;
        this.listeners = List.copyOf(b.listeners);
        this.checkpointDir = b.checkpointDir;
        this.schedule = b.schedule;
        this.initialLr = b.rule.learningRate();
        this.options = Map.copyOf(b.options);
        this.divergenceFactor = b.divergenceFactor;
        this.divergenceWindow = b.divergenceWindow;
        this.batches = Batches.builder(xTrain, yTrain, batchSize).sampling(b.sampling).seed(seed)
                .dropLast(batchSize <= xTrain.shape(0)).augmentation(b.augmentation).build();
    }

    public static Builder builder(Model model) {
        return new Builder(model);
    }

    /** Number of iterations in one epoch: max(N / batchSize, 1), as in cs231n. */
    public int iterationsPerEpoch() {
        return batches.batchesPerEpoch();
    }

    /** Trains for the remaining epochs and returns the history; the model ends with its best-validation parameters. */
    public History train() {
        int perEpoch = iterationsPerEpoch();
        for (TrainingListener l : listeners) {
            l.onStart(numEpochs, perEpoch, batchSize, epoch);
        }
        while (epoch < numEpochs) {
            runEpoch(perEpoch);
        }
        restoreBest();
        return history();
    }

    private void runEpoch(int perEpoch) {
        long start = System.nanoTime();
        double lossSum = 0;
        int it = 0, examples = 0;
        for (Batch batch : batches.epoch(epoch)) {   // epoch k's batches depend only on (seed, k): resume draws them again
            double loss = model.loss(batch.x(), batch.y());
            int global = epoch * perEpoch + it + 1;
            if (!Double.isFinite(loss)) {
                throw diverged(loss, global, batch.x());
            }
            losses.add(loss);
            checkRunaway(global, perEpoch);
            optimizer.step();
            lossSum += loss;
            examples += batch.size();
            for (TrainingListener l : listeners) {
                l.onIteration(epoch + 1, it + 1, perEpoch, loss);
            }
            it++;
        }
        double lr = optimizer.learningRate();
        double trainAcc = accuracy(xTrain, yTrain, numTrainSamples, new Rng(seed ^ (0x5DEECE66DL + epoch)));
        double valAcc = xVal == null ? Double.NaN : accuracy(xVal, yVal, numValSamples, new Rng(seed + 31L * epoch));
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean best = xVal == null ? epoch == 0 || trainAcc > bestValAcc : valAcc > bestValAcc;
        if (best) {
            bestValAcc = xVal == null ? trainAcc : valAcc;
            bestEpoch = epoch + 1;
            bestParams = snapshot();
        }
        epochs.add(new double[]{trainAcc, valAcc, lr, seconds});
        epoch++;
        optimizer.setLearningRate(schedule != null ? schedule.learningRate(initialLr, epoch) : lr * lrDecay);
        for (TrainingListener l : listeners) {
            l.onEpochEnd(new TrainingListener.EpochSummary(epoch, numEpochs, lossSum / perEpoch, trainAcc, valAcc, lr,
                    seconds, examples / seconds, best));
        }
        if (checkpointDir != null) {
            try {
                Checkpoint.write(checkpointDir.resolve(Checkpoint.FILE_NAME), this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the checkpoint: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Throws when the mean loss of the last {@code w} iterations exceeds {@code divergenceFactor} × the loss of
     * iteration 1 (its value before any update); {@code w} = min(divergenceWindow, iterations per epoch).
     */
    private void checkRunaway(int iteration, int perEpoch) {
        int w = Math.min(divergenceWindow, perEpoch);
        double start = losses.get(0);
        if (divergenceFactor == 0 || Double.isInfinite(divergenceFactor) || losses.size() < w || !(start > 0)) {
            return;
        }
        double sum = 0;
        for (int i = losses.size() - w; i < losses.size(); i++) {
            sum += losses.get(i);
        }
        double mean = sum / w;
        double bound = divergenceFactor * start;
        if (mean > bound) {
            throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                    "training diverged: mean loss %.4g over iterations %d-%d (epoch %d) exceeds %.4g × the starting"
                            + " loss %.4g (bound %.4g). Lower the learning rate (now %.4g).",
                    mean, iteration - w + 1, iteration, epoch + 1, divergenceFactor, start, bound,
                    optimizer.learningRate()), iteration);
        }
    }

    private TrainingDivergedException diverged(double loss, int iteration, Tensor xb) {
        String where = "";
        if (model instanceof Network) {
            Optional<String> first = ((Network) model).firstNonFinite(xb);
            where = first.map(s -> "; the first non-finite value appears in " + s).orElse("");
        }
        return new TrainingDivergedException("training diverged: loss is " + loss + " at iteration " + iteration
                + " (epoch " + (epoch + 1) + ")" + where + ". Lower the learning rate (now " + optimizer.learningRate()
                + "), or check the input scaling.", iteration);
    }

    /**
     * Fraction of correctly classified examples among {@code numSamples} drawn at random (all when 0 or ≥ N),
     * scored in batches at test time.
     */
    public double accuracy(Tensor x, int[] y, int numSamples, Rng rng) {
        int n = x.shape(0);
        int[] idx = null;
        if (numSamples > 0 && numSamples < n) {
            idx = new int[numSamples];
            for (int i = 0; i < numSamples; i++) {
                idx[i] = rng.nextInt(n);
            }
            n = numSamples;
        }
        int correct = 0;
        for (int from = 0; from < n; from += DEFAULT_EVAL_BATCH) {
            int to = Math.min(n, from + DEFAULT_EVAL_BATCH);
            Tensor xb;
            if (idx == null) {
                xb = x.slice(from, to);
            } else {
                int[] part = java.util.Arrays.copyOfRange(idx, from, to);
                xb = x.gatherRows(part);
            }
            int[] pred = model.predict(xb);
            for (int i = 0; i < pred.length; i++) {
                if (pred[i] == y[idx == null ? from + i : idx[from + i]]) {
                    correct++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /**
     * Copies of every parameter and buffer: running statistics belong to the weights they were measured with,
     * so the best epoch's BatchNorm statistics come back with its parameters.
     */
    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            copy.put(e.getKey(), e.getValue().value().copy());
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            copy.put(e.getKey(), e.getValue().copy());
        }
        return copy;
    }

    private void restoreBest() {
        for (Map.Entry<String, Tensor> e : bestParams.entrySet()) {
            Parameter p = model.params().get(e.getKey());
            Tensor target = p != null ? p.value() : model.buffers().get(e.getKey());
            if (target != null) {
                target.assign(e.getValue());
            }
        }
    }

    /** The history so far. */
    public History history() {
        int e = epochs.size();
        double[] tr = new double[e], va = new double[e], lr = new double[e], sec = new double[e];
        for (int i = 0; i < e; i++) {
            tr[i] = epochs.get(i)[0];
            va[i] = epochs.get(i)[1];
            lr[i] = epochs.get(i)[2];
            sec[i] = epochs.get(i)[3];
        }
        double[] loss = losses.stream().mapToDouble(Double::doubleValue).toArray();
        return new History(loss, tr, va, lr, sec, bestValAcc, bestEpoch);
    }

    public Model model() {
        return model;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    int epoch() {
        return epoch;
    }

    Map<String, Tensor> bestParams() {
        return bestParams;
    }

    List<Double> losses() {
        return losses;
    }

    List<double[]> epochRows() {
        return epochs;
    }

    /**
     * Continues from the checkpoint in {@code file}: parameters, update-rule state, histories, epoch and the
     * learning rate the next epoch would have used.
     */
    public Solver resume(Path file) throws IOException {
        Checkpoint.restore(file, this);
        return this;
    }

    /**
     * Sets the learning rate from the next epoch on, replacing the one {@link #resume} restored; later epochs decay
     * it by {@code lrDecay} as usual (a schedule keeps computing from the update rule's initial rate).
     */
    public Solver learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("invalid learning rate: " + lr);
        }
        optimizer.setLearningRate(lr);
        return this;
    }

    /** The learning rate the next epoch uses. */
    public double learningRate() {
        return optimizer.learningRate();
    }

    /** The options that shaped the run, as given to {@link Builder#options}; written into every checkpoint. */
    public Map<String, String> options() {
        return options;
    }

    /**
     * The options recorded in the checkpoint {@code file} by the run that wrote it (empty for a checkpoint written
     * before options were recorded); an {@link IOException} naming the file when it is not a checkpoint.
     */
    public static Map<String, String> recordedOptions(Path file) throws IOException {
        return Checkpoint.options(file);
    }

    void restoreProgress(int epochDone, List<Double> lossList, List<double[]> epochList, double best, int bestAt,
                         Map<String, Tensor> bestCopy) {
        this.epoch = epochDone;
        losses.clear();
        losses.addAll(lossList);
        epochs.clear();
        epochs.addAll(epochList);
        this.bestValAcc = best;
        this.bestEpoch = bestAt;
        this.bestParams = bestCopy;
    }

    /** Options of a Solver; defaults as in cs231n (10 epochs, batch 100, lrDecay 1, train-accuracy sample 1000). */
    public static final class Builder {
        private final Model model;
        private Tensor xTrain, xVal;
        private int[] yTrain, yVal;
        private UpdateRule rule;
        private double lrDecay = DEFAULT_LR_DECAY;
        private int numEpochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int numTrainSamples = DEFAULT_TRAIN_SAMPLES;
        private int numValSamples;
        private long seed;
        private Sampling sampling = Sampling.SHUFFLE;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path checkpointDir;
        private LearningRateSchedule schedule;
        private Augmentation augmentation;
        private final Map<String, String> options = new LinkedHashMap<>();
        private double divergenceFactor = DEFAULT_DIVERGENCE_FACTOR;
        private int divergenceWindow = DEFAULT_DIVERGENCE_WINDOW;

        private Builder(Model model) {
            this.model = model;
        }

        /** Training examples (N, …) and their N labels. */
        public Builder train(Tensor x, int[] y) {
            checkData("training", x, y);
            this.xTrain = x;
            this.yTrain = y;
            return this;
        }

        /** Validation examples and labels; without them the best epoch is judged by training accuracy. */
        public Builder validation(Tensor x, int[] y) {
            checkData("validation", x, y);
            this.xVal = x;
            this.yVal = y;
            return this;
        }

        public Builder updateRule(UpdateRule r) { this.rule = r; return this; }
        /** Factor applied to the learning rate after every epoch (cs231n's lr_decay). */
        public Builder lrDecay(double d) { this.lrDecay = d; return this; }
        public Builder numEpochs(int n) { this.numEpochs = n; return this; }
        public Builder batchSize(int n) { this.batchSize = n; return this; }
        /** Examples sampled to measure train accuracy each epoch; 0 means all. */
        public Builder numTrainSamples(int n) { this.numTrainSamples = n; return this; }
        /** Examples sampled to measure validation accuracy each epoch; 0 (the default) means all. */
        public Builder numValSamples(int n) { this.numValSamples = n; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder sampling(Sampling s) { this.sampling = s; return this; }
        public Builder listener(TrainingListener l) { this.listeners.add(l); return this; }
        /** Folder for a checkpoint written atomically after every epoch. */
        public Builder checkpointDir(Path dir) { this.checkpointDir = dir; return this; }
        /** Learning rate per epoch from a schedule (step, cosine, …) instead of {@code lrDecay}. */
        public Builder schedule(LearningRateSchedule s) { this.schedule = s; return this; }
        /** Random crops and horizontal flips of every training batch (images (N, C, H, W) only). */
        public Builder augmentation(Augmentation a) { this.augmentation = a; return this; }
        /**
         * The options that shaped the run (name → value, as the caller spells them), recorded in every checkpoint so
         * that a resumed run can be compared with the one that wrote it ({@link #recordedOptions}).
         */
        public Builder options(Map<String, String> o) { this.options.putAll(o); return this; }

        /**
         * Stops training when the windowed mean loss exceeds {@code factor} × the starting loss (default
         * {@value #DEFAULT_DIVERGENCE_FACTOR}); must be above 1, or 0 / infinity to turn the guard off.
         */
        public Builder divergenceFactor(double factor) {
            if (!(factor > 1 || factor == 0)) {
                throw new IllegalArgumentException("invalid divergenceFactor: " + factor
                        + " (must be > 1, or 0 or Infinity to turn the guard off)");
            }
            this.divergenceFactor = factor;
            return this;
        }

        /** Iterations whose mean loss is compared with the bound (default {@value #DEFAULT_DIVERGENCE_WINDOW}); at least 1. */
        public Builder divergenceWindow(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("invalid divergenceWindow: " + n + " (must be >= 1)");
            }
            this.divergenceWindow = n;
            return this;
        }

        public Solver build() {
            if (xTrain == null) {
                throw new IllegalStateException("Solver: no training data (call train(x, y))");
            }
            if (rule == null) {
                throw new IllegalStateException("Solver: no update rule (call updateRule(new Sgd(1e-2)) or similar)");
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("invalid batch size: " + batchSize);
            }
            if (numEpochs < 0) {
                throw new IllegalArgumentException("invalid number of epochs: " + numEpochs);
            }
            if (!(lrDecay > 0) || Double.isInfinite(lrDecay)) {
                throw new IllegalArgumentException("invalid lrDecay: " + lrDecay + " (must be positive)");
            }
            if (numTrainSamples < 0 || numValSamples < 0) {
                throw new IllegalArgumentException("invalid sample count: " + Math.min(numTrainSamples, numValSamples));
            }
            return new Solver(this);
        }

        private static void checkData(String what, Tensor x, int[] y) {
            if (x.ndim() == 0 || x.shape(0) != y.length) {
                throw new IllegalArgumentException("Solver: " + what + " data has shape " + Shapes.format(x.shape())
                        + " but " + y.length + " labels; the first dimension must equal the number of labels");
            }
        }
    }
}
