package io.dendrite.train;

import io.dendrite.optim.Optimizer;

import java.util.List;
import java.util.Map;

/**
 * Computes a classifier's batch losses, gradients and correct predictions on the Solver's behalf, over training and
 * validation rows that live elsewhere — on the partitions of a cluster, say (dendrite-spark's {@code SparkSolver}) —
 * so that the Solver's own loop serves that training unchanged: it draws the batches, guards against divergence,
 * clips, applies the update rule, decays the learning rate, measures accuracy, keeps the best parameters, writes and
 * resumes checkpoints and tells its listeners, exactly as for data in its own process.
 *
 * <pre>{@code
 * Solver solver = Solver.builder(net).gradientSource(source)          // instead of train(x, y) and validation(x, y)
 *         .updateRule(new Adam(1e-3)).numEpochs(2).batchSize(100).build();
 * }</pre>
 *
 * <p>Rows are named by their index in the training set (0 … {@link #trainRows()} − 1) or in the validation set.
 * The Solver draws the batches as it draws them for local data — same seed, same sampling, epoch k's batches from
 * (seed, k) alone — so a run with a source sees the global batches a local run on the same rows sees, and
 * {@link #lossAndGradients} that computes what {@link io.dendrite.model.Model#loss} computes on those rows trains the
 * same model. Accuracy is measured on the same rows too: the Solver samples them and asks {@link #correct} how many
 * the model classifies correctly.
 *
 * <p>Classifiers only; augmentation, which transforms locally gathered batches, does not apply. A non-finite loss
 * stops training as usual, without naming the layer (the Solver does not hold the batch's inputs).
 */
public interface GradientSource {
    /** Number of training rows; at least 1. */
    int trainRows();

    /** Number of validation rows; 0 when there is no validation set (the best epoch is then judged on training rows). */
    int validationRows();

    /**
     * Called once, when the Solver is built, with its optimizer (the update rule, its per-parameter states and the
     * current learning rate) and its {@link Solver#options()}. Default: nothing. A source that
     * {@link #updatesParameters() updates the parameters itself} reads the rule and the states from here.
     */
    default void attach(Optimizer optimizer, Map<String, String> options) {
    }

    /**
     * Called before the first iteration of every epoch with the rows of each of its batches, in order ({@code batches}
     * is read-only; its arrays are copies the source may keep). Default: nothing. A source that runs several
     * iterations at once (model averaging) learns its next batches here.
     */
    default void startEpoch(int epoch, List<int[]> batches) {
    }

    /**
     * The training loss of the rows {@code rows} (one batch, in the order drawn; the Solver's buffer, to be read during
     * the call only), including the regularization term, with every parameter's gradient filled as
     * {@link io.dendrite.model.Model#loss} would fill it for those rows.
     *
     * @param epoch     the epoch, from 0
     * @param iteration the batch's position in the epoch, from 0
     */
    double lossAndGradients(int epoch, int iteration, int[] rows);

    /**
     * Whether {@link #lossAndGradients} also updates the parameters (and the optimizer's states) itself — as local SGD
     * with model averaging does, running the update rule where the data is. Then the Solver neither clips nor steps
     * after it; everything else (losses, divergence guard, evaluation, checkpoints) is unchanged. Default: false.
     */
    default boolean updatesParameters() {
        return false;
    }

    /**
     * How many of the given rows of the training set ({@code validation} false) or of the validation set the model,
     * with its current parameters and at test time, classifies correctly; {@code rows} null means all of them.
     */
    long correct(boolean validation, int[] rows);
}
