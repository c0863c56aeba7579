package io.dendrite.train;

import io.dendrite.model.Model;
import io.dendrite.model.Network;
import io.dendrite.model.SequenceModel;
import io.dendrite.model.Trainable;
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
import java.util.Arrays;
import java.util.Collections;
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
 *
 * <p>Gradients can be clipped between the backward pass and the update, for classifiers and sequence models alike:
 * by their global norm ({@link Builder#clipNorm}, {@link Optimizer#clipGlobalNorm}), then element by element
 * ({@link Builder#clipValue}, {@link Optimizer#clipValue}). Both are off by default; the Solver records them in its
 * {@link #options()} ({@code clip-norm}, {@code clip-value}), and {@link #resume} refuses a checkpoint whose run
 * clipped differently, since the continued run would not be the one that stopped.
 *
 * <p><b>Sequence models.</b> The same Solver trains a {@link SequenceModel} — an image captioner, a character
 * language model (cs231n assignment 3) — whose targets are integer sequences, one per example:
 * <pre>{@code
 * Solver.builder(captioner).train(features, captions).validation(valFeatures, valCaptions)   // int[][] targets
 *         .updateRule(new Adam(5e-3)).clipNorm(5).build().train();
 * }</pre>
 * Batches gather rows of x and of the targets with the same indices, shuffled, drawn and resumed exactly as for a
 * classifier; the loss comes from {@link SequenceModel#loss}, and the model's {@link SequenceModel#metric} takes the
 * place of accuracy in the History (which {@link History#metric() names} it), in the choice of the best epoch and in
 * the listeners' summaries. For truncated backpropagation through time, {@link Sampling#STREAMS} reads the rows as
 * batchSize streams of consecutive windows, in order, so that row r of every batch continues row r of the one before
 * and a stateful model may carry its hidden state from batch to batch. The Solver calls
 * {@link SequenceModel#resetState()} wherever the next batch does not continue the previous one: at the start of every
 * epoch and of every evaluation, and before every batch in the other samplings. With STREAMS, evaluation continues
 * streams too: it scores the set's stream batches in order (the first ⌈numSamples / batchSize⌉ of them when
 * numSamples is set) instead of sampling rows at random, and the validation set needs at least batchSize rows.
 *
 * <p><b>Rows held elsewhere.</b> With a {@link GradientSource} ({@link Builder#gradientSource}) in place of
 * {@code train(x, y)}, the Solver draws the batches as row indices and the source computes their losses and gradients
 * (and counts correct predictions) where the rows are — on a cluster's partitions, say — while this loop does the
 * rest. The batches are the ones a local run on the same rows draws.
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

    /**
     * Option names the Solver records itself in {@link #options()}, and {@link #resume} checks: the limits of
     * {@link Builder#clipNorm} and {@link Builder#clipValue}, present when on.
     */
    public static final String CLIP_NORM = "clip-norm", CLIP_VALUE = "clip-value";

    private final Trainable trainable;
    private final Model model;                  // the classifier, or null when training a sequence model
    private final SequenceModel sequenceModel;  // the sequence model, or null when training a classifier
    private final Split train, val;             // val is null without validation data
    private final Sampling sampling;
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
    private final double clipNorm, clipValue;
    private final GradientSource source;            // null: the rows are train's and val's, in this process
    private int[][] targetRows = new int[0][];        // reused: the target sequences of the current batch
    private final Map<Split, Batches> evaluationStreams = new LinkedHashMap<>();

    // progress, restored by resume()
    private int epoch;
    private final List<Double> losses = new ArrayList<>();
    private final List<double[]> epochs = new ArrayList<>(); // trainAcc, valAcc, lr, seconds
    private double bestValAcc = -1;
    private int bestEpoch;
    private Map<String, Tensor> bestParams = new LinkedHashMap<>();

    private Solver(Builder b, Split train, Split val) {
        this.trainable = b.trainable;
        this.model = b.model;
        this.sequenceModel = b.sequenceModel;
        this.train = train;
        this.val = val;
        this.sampling = b.sampling;
        this.optimizer = new Optimizer(b.rule, trainable.params());
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
        this.divergenceFactor = b.divergenceFactor;
        this.divergenceWindow = b.divergenceWindow;
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
        Map<String, String> recorded = new LinkedHashMap<>(b.options);
        recordClipping(recorded, CLIP_NORM, clipNorm);
        recordClipping(recorded, CLIP_VALUE, clipValue);
        this.options = Collections.unmodifiableMap(recorded);
        this.batches = Batches.builder(train.x(), train.batchLabels(), batchSize).sampling(sampling).seed(seed)
                .dropLast(batchSize <= train.rows()).augmentation(b.augmentation).build();
        this.source = b.source;
        if (source != null) {
            source.attach(optimizer, options);
        }
    }

    /** Starts a Solver for a classifier, trained on integer labels ({@link Builder#train(Tensor, int[])}). */
    public static Builder builder(Model model) {
        return new Builder(model, model, null);
    }

    /**
     * Starts a Solver for a sequence model, trained on integer sequences ({@link Builder#train(Tensor, int[][])}).
     */
    public static Builder builder(SequenceModel model) {
        return new Builder(model, null, model);
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
        if (source != null) {
            source.startEpoch(epoch, batchRows());
        }
        for (Batch batch : batches.epoch(epoch)) {   // epoch k's batches depend only on (seed, k): resume draws them again
            double loss = source != null ? source.lossAndGradients(epoch, it, batch.y()) : batchLoss(batch, it == 0);
            int global = epoch * perEpoch + it + 1;
            if (!Double.isFinite(loss)) {
                throw diverged(loss, global, batch.x());
            }
            losses.add(loss);
            checkRunaway(global, perEpoch);
            if (source == null || !source.updatesParameters()) {
                step();
            }
            lossSum += loss;
            examples += batch.size();
            for (TrainingListener l : listeners) {
                l.onIteration(epoch + 1, it + 1, perEpoch, loss);
            }
            it++;
        }
        double lr = optimizer.learningRate();
        double trainAcc = evaluate(train, numTrainSamples, new Rng(seed ^ (0x5DEECE66DL + epoch)));
        double valAcc = val == null ? Double.NaN : evaluate(val, numValSamples, new Rng(seed + 31L * epoch));
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean best = val == null ? epoch == 0 || trainAcc > bestValAcc : valAcc > bestValAcc;
        if (best) {
            bestValAcc = val == null ? trainAcc : valAcc;
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

    /** Clips the gradients as configured and applies the update rule. */
    private void step() {
        if (clipNorm > 0) {
            optimizer.clipGlobalNorm(clipNorm);
        }
        if (clipValue > 0) {
            optimizer.clipValue(clipValue);
        }
        optimizer.step();
    }

    /**
     * The rows of every batch of the current epoch, copied, for a {@link GradientSource}: the same batches the loop
     * then draws again, since epoch k's batches depend on (seed, k) alone. The batches of a source hold row indices.
     */
    private List<int[]> batchRows() {
        List<int[]> rows = new ArrayList<>(batches.batchesPerEpoch());
        for (Batch batch : batches.epoch(epoch)) {
            rows.add(batch.y().clone());
        }
        return Collections.unmodifiableList(rows);
    }

    /**
     * The training loss of one batch, gradients filled. A sequence model's state is reset at the epoch's start, and
     * before every batch unless the batches are streams that continue each other.
     */
    private double batchLoss(Batch batch, boolean epochStart) {
        if (sequenceModel == null) {
            return model.loss(batch.x(), batch.y());
        }
        if (epochStart || sampling != Sampling.STREAMS) {
            sequenceModel.resetState();
        }
        return sequenceModel.loss(batch.x(), targetsOf(train, batch.y()));
    }

    /**
     * The target sequences of the given rows of {@code split}, in a reused array when the size repeats (the rows
     * themselves are the caller's arrays, not copies).
     */
    private int[][] targetsOf(Split split, int[] rows) {
        if (targetRows.length != rows.length) {
            targetRows = new int[rows.length][];
        }
        for (int k = 0; k < rows.length; k++) {
            targetRows[k] = split.targets()[rows[k]];
        }
        return targetRows;
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
        if (trainable instanceof Network net && source == null) {   // a source's inputs are not here to trace
            Optional<String> first = net.firstNonFinite(xb);
            where = first.map(s -> "; the first non-finite value appears in " + s).orElse("");
        }
        return new TrainingDivergedException("training diverged: loss is " + loss + " at iteration " + iteration
                + " (epoch " + (epoch + 1) + ")" + where + ". Lower the learning rate (now " + optimizer.learningRate()
                + "), or check the input scaling.", iteration);
    }

    /**
     * Fraction of correctly classified examples among {@code numSamples} drawn at random (all when 0 or ≥ N),
     * scored in batches at test time. For a classifier; a Solver of a sequence model refuses.
     */
    public double accuracy(Tensor x, int[] y, int numSamples, Rng rng) {
        if (model == null) {
            throw new IllegalStateException("Solver: " + sequenceModel + " is a sequence model; it is measured by its"
                    + " own metric (" + sequenceModel.metricName() + "), not by classification accuracy");
        }
        return meanOverChunks(x, numSamples, rng, (xb, rows) -> {
            int[] pred = model.predict(xb);
            int correct = 0;
            for (int i = 0; i < pred.length; i++) {
                if (pred[i] == y[rows[i]]) {
                    correct++;
                }
            }
            return correct;
        });
    }

    /** The per-epoch measure of {@code split}: accuracy for a classifier, the metric for a sequence model. */
    private double evaluate(Split split, int numSamples, Rng rng) {
        if (source != null) {
            int n = split.rows();
            int[] rows = sampledRows(n, numSamples, rng);
            int count = rows == null ? n : rows.length;   // the rows and the division of meanOverChunks
            return count == 0 ? Double.NaN : source.correct(split == val, rows) / (double) count;
        }
        if (sequenceModel == null) {
            return accuracy(split.x(), split.labels(), numSamples, rng);
        }
        if (sampling == Sampling.STREAMS) {
            return streamMetric(split, numSamples);
        }
        return meanOverChunks(split.x(), numSamples, rng, (xb, rows) -> {
            sequenceModel.resetState();   // chunks of rows do not continue each other
            return sequenceModel.metric(xb, targetsOf(split, rows)) * rows.length;
        });
    }

    /**
     * The metric over the stream batches of {@code split} in order — the first ⌈numSamples / batchSize⌉ when
     * numSamples is set — so that a stateful model carries its state along each stream as it does in training.
     */
    private double streamMetric(Split split, int numSamples) {
        Batches streams = evaluationStreams.computeIfAbsent(split, s -> Batches.builder(s.x(), s.batchLabels(),
                batchSize).sampling(Sampling.STREAMS).build());
        int count = streams.batchesPerEpoch();
        if (numSamples > 0) {
            count = Math.min(count, (numSamples + batchSize - 1) / batchSize);
        }
        sequenceModel.resetState();
        double sum = 0;
        int done = 0;
        for (Batch batch : streams.epoch(0)) {
            if (done == count) {
                break;
            }
            sum += sequenceModel.metric(batch.x(), targetsOf(split, batch.y()));
            done++;
        }
        return sum / count;   // stream batches are all batchSize rows: the plain mean weighs rows alike
    }

    /** The score of one chunk of an evaluation: the chunk's rows of x, and their indices in x. */
    private interface ChunkScore {
        double of(Tensor xb, int[] rows);
    }

    /**
     * Σ chunk scores / n over n rows of x: {@code numSamples} drawn at random with replacement (all N, in order, when
     * 0 or ≥ N), {@value #DEFAULT_EVAL_BATCH} rows at a time; NaN for no rows.
     */
    private static double meanOverChunks(Tensor x, int numSamples, Rng rng, ChunkScore score) {
        int n = x.shape(0);
        int[] idx = sampledRows(n, numSamples, rng);
        if (idx != null) {
            n = idx.length;
        }
        double sum = 0;
        for (int from = 0; from < n; from += DEFAULT_EVAL_BATCH) {
            int to = Math.min(n, from + DEFAULT_EVAL_BATCH);
            int[] rows;
            Tensor xb;
            if (idx == null) {
                rows = Split.rowRange(from, to);
                xb = x.slice(from, to);
            } else {
                rows = Arrays.copyOfRange(idx, from, to);
                xb = x.gatherRows(rows);
            }
            sum += score.of(xb, rows);
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {@code numSamples} row indices of n drawn with replacement, or null for all n rows (0, or at least n). */
    private static int[] sampledRows(int n, int numSamples, Rng rng) {
        if (!(numSamples > 0 && numSamples < n)) {
            return null;
        }
        int[] idx = new int[numSamples];
        for (int i = 0; i < numSamples; i++) {
            idx[i] = rng.nextInt(n);
        }
        return idx;
    }

    /**
     * Copies of every parameter and buffer: running statistics belong to the weights they were measured with,
     * so the best epoch's BatchNorm statistics come back with its parameters.
     */
    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : trainable.params().entrySet()) {
            copy.put(e.getKey(), e.getValue().value().copy());
        }
        for (Map.Entry<String, Tensor> e : trainable.buffers().entrySet()) {
            copy.put(e.getKey(), e.getValue().copy());
        }
        return copy;
    }

    private void restoreBest() {
        for (Map.Entry<String, Tensor> e : bestParams.entrySet()) {
            Parameter p = trainable.params().get(e.getKey());
            Tensor target = p != null ? p.value() : trainable.buffers().get(e.getKey());
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
        return new History(loss, tr, va, lr, sec, bestValAcc, bestEpoch,
                sequenceModel == null ? History.ACCURACY : sequenceModel.metricName());
    }

    /** The classifier this Solver trains; a Solver of a sequence model refuses (see {@link #trainable()}). */
    public Model model() {
        if (model == null) {
            throw new IllegalStateException("Solver: it trains the sequence model " + sequenceModel
                    + ", not a classifier; trainable() gives it");
        }
        return model;
    }

    /** The model this Solver trains, classifier or sequence model. */
    public Trainable trainable() {
        return trainable;
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

    /**
     * The options that shaped the run, as given to {@link Builder#options}, with the gradient clipping the Solver
     * records itself ({@code clip-norm}, {@code clip-value}, when on); written into every checkpoint.
     */
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

    /**
     * Refuses to continue, from the checkpoint {@code file}, a run that clipped its gradients otherwise than this
     * Solver would: the continued run would not be the one that stopped. An option not recorded was off.
     */
    void checkRecordedClipping(Path file, Map<String, String> recorded) {
        List<String> conflicts = new ArrayList<>();
        for (String name : List.of(CLIP_NORM, CLIP_VALUE)) {
            double was;
            try {
                was = Double.parseDouble(recorded.getOrDefault(name, "0"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Solver: cannot resume " + file + ": its " + name + " is '"
                        + recorded.get(name) + "', not a number", e);
            }
            double now = name.equals(CLIP_NORM) ? clipNorm : clipValue;
            if (was != now) {
                conflicts.add(name + " " + (now > 0 ? now : "off") + " but the run used " + (was > 0 ? was : "off"));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("Solver: cannot resume " + file + ": this Solver has "
                    + String.join("; ", conflicts) + " — build it with the run's clipping (clipNorm, clipValue) to"
                    + " continue the run");
        }
    }

    /** The Solver owns its clipping options: set when on, absent when off, whatever the caller's options said. */
    private static void recordClipping(Map<String, String> options, String name, double limit) {
        if (limit > 0) {
            options.put(name, Double.toString(limit));
        } else {
            options.remove(name);
        }
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
        private final Trainable trainable;
        private final Model model;
        private final SequenceModel sequenceModel;
        private Split train, val;
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
        private double clipNorm, clipValue;
        private GradientSource source;

        private Builder(Trainable trainable, Model model, SequenceModel sequenceModel) {
            this.trainable = trainable;
            this.model = model;
            this.sequenceModel = sequenceModel;
        }

        /** Training examples (N, …) and their N labels, for a classifier. */
        public Builder train(Tensor x, int[] y) {
            checkData("training", x, y.length, "labels");
            this.train = new Split(x, y, null);
            return this;
        }

        /** Validation examples and labels; without them the best epoch is judged by training accuracy. */
        public Builder validation(Tensor x, int[] y) {
            checkData("validation", x, y.length, "labels");
            this.val = new Split(x, y, null);
            return this;
        }

        /**
         * Training examples (N, …) and their N target sequences, for a {@link SequenceModel}: {@code targets[n]}
         * belongs to row n of x (captions (N, T+1) for features (N, D); text windows for a language model). Neither
         * is copied; do not change them while training.
         */
        public Builder train(Tensor x, int[][] targets) {
            checkSequences("training", x, targets);
            this.train = new Split(x, null, targets);
            return this;
        }

        /**
         * Validation examples and their target sequences, for a {@link SequenceModel}; without them the best epoch
         * is judged by the metric on training rows.
         */
        public Builder validation(Tensor x, int[][] targets) {
            checkSequences("validation", x, targets);
            this.val = new Split(x, null, targets);
            return this;
        }

        /**
         * Trains on rows held by {@code source} — training and validation rows — instead of on {@link #train(Tensor,
         * int[])} and {@link #validation(Tensor, int[])}: the Solver draws the batches as row indices and the source
         * computes their losses and gradients where the rows are (see {@link GradientSource}). Classifiers only; no
         * augmentation.
         */
        public Builder gradientSource(GradientSource s) { this.source = s; return this; }

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
        /**
         * How batches are drawn: {@link Sampling#SHUFFLE} (the default), {@link Sampling#WITH_REPLACEMENT} as in the
         * seeds, {@link Sampling#SEQUENTIAL}, or {@link Sampling#STREAMS} for truncated backpropagation through time.
         */
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

        /**
         * Clips the gradients by their global L2 norm before every update: when it exceeds {@code maxNorm} they are
         * scaled by maxNorm / norm ({@link Optimizer#clipGlobalNorm}). 0, the default, turns it off. Recorded in
         * {@link Solver#options()} as {@code clip-norm}.
         */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = clipLimit("clipNorm", maxNorm);
            return this;
        }

        /**
         * Clips every gradient element to [−maxAbs, maxAbs] before every update, after {@link #clipNorm}
         * ({@link Optimizer#clipValue}). 0, the default, turns it off. Recorded in {@link Solver#options()} as
         * {@code clip-value}.
         */
        public Builder clipValue(double maxAbs) {
            this.clipValue = clipLimit("clipValue", maxAbs);
            return this;
        }

        private static double clipLimit(String name, double limit) {
            if (!(limit >= 0) || Double.isInfinite(limit)) {
                throw new IllegalArgumentException("invalid " + name + ": " + limit + " (must be positive, or 0 for"
                        + " no clipping)");
            }
            return limit;
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
            if (source != null) {
                checkSource();
            }
            if (train == null && source == null) {
                throw new IllegalStateException("Solver: no training data (call train(x, "
                        + (model != null ? "y" : "targets") + "))");
            }
            for (Split s : val == null ? (train == null ? List.<Split>of() : List.of(train)) : List.of(train, val)) {
                if (model != null && s.labels() == null) {
                    throw new IllegalStateException("Solver: " + model + " is a classifier: give it labels, int[],"
                            + " not target sequences; int[][] targets are for a SequenceModel");
                }
                if (sequenceModel != null && s.targets() == null) {
                    throw new IllegalStateException("Solver: " + sequenceModel + " is a sequence model: give it"
                            + " target sequences, int[][], not labels");
                }
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
            if (sequenceModel != null && sampling == Sampling.STREAMS && val != null && val.rows() < batchSize) {
                throw new IllegalArgumentException("Solver: STREAMS sampling evaluates in stream batches of batchSize "
                        + batchSize + " rows, but the validation data has " + val.rows() + "; give more validation"
                        + " rows or a smaller batch size");
            }
            if (source != null) {
                int v = source.validationRows();
                return new Solver(this, rowsOnly(source.trainRows()), v == 0 ? null : rowsOnly(v));
            }
            return new Solver(this, train, val);
        }

        /** Checks that the source can stand in for the data. */
        private void checkSource() {
            if (train != null || val != null) {
                throw new IllegalStateException("Solver: give the rows either to train(x, y) / validation(x, y) or to"
                        + " a gradientSource, not both");
            }
            if (model == null) {
                throw new IllegalStateException("Solver: a gradientSource trains classifiers; " + sequenceModel
                        + " is a sequence model");
            }
            if (augmentation != null) {
                throw new IllegalStateException("Solver: augmentation transforms batches gathered in this process; with a"
                        + " gradientSource the batches stay where the rows are — augment there, or train without it");
            }
            int n = source.trainRows(), v = source.validationRows();
            if (n < 1 || v < 0) {
                throw new IllegalArgumentException("Solver: the gradientSource has " + n + " training and " + v
                        + " validation rows; it needs at least 1 training row");
            }
        }

        /** n rows known by index alone: no features (N, 0), no labels, so batches hold the row indices. */
        private static Split rowsOnly(int n) {
            return new Split(Tensor.zeros(io.dendrite.tensor.DType.F32, n, 0), null, null);
        }

        private static void checkData(String what, Tensor x, int count, String things) {
            if (x.ndim() == 0 || x.shape(0) != count) {
                throw new IllegalArgumentException("Solver: " + what + " data has shape " + Shapes.format(x.shape())
                        + " but " + count + " " + things + "; the first dimension must equal the number of " + things);
            }
        }

        private static void checkSequences(String what, Tensor x, int[][] targets) {
            checkData(what, x, targets.length, "target sequences");
            for (int n = 0; n < targets.length; n++) {
                if (targets[n] == null) {
                    throw new IllegalArgumentException("Solver: " + what + " target sequence " + n + " is null");
                }
            }
        }
    }
}
