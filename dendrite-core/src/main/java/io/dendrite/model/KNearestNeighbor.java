package io.dendrite.model;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Distances;
import io.dendrite.tensor.kernel.Parallel;

import java.util.Arrays;

/**
 * k-nearest-neighbour classifier, cs231n assignment 1 ({@code k_nearest_neighbor.py}).
 *
 * <pre>{@code
 * KNearestNeighbor knn = new KNearestNeighbor();          // or new KNearestNeighbor(Metric.L1)
 * knn.train(xTrain, yTrain);                              // memorizes; x (N, d1, …) is flattened to (N, D)
 * Tensor dists = knn.distances(xTest);                    // (test, train) Euclidean distances
 * int[] predicted = knn.predict(xTest, 5);                // majority vote of the 5 nearest
 * }</pre>
 *
 * <p>Distances: L2 is ‖x − y‖ = √(‖x‖² − 2·x·y + ‖y‖²), the cross term one GEMM for a whole block of test rows,
 * the sum clamped at 0 before the square root ({@link Distances#squaredL2}); L1 is Σ|x − y| by a tiled, vectorized
 * loop ({@link Distances#l1}). {@link #distancesTwoLoops} and {@link #distancesOneLoop} are the course's slower
 * forms, kept for teaching and as references in tests.
 *
 * <p>Prediction ({@link #predict}, {@link #nearest}) walks the test rows in blocks whose distance matrix takes at
 * most {@value #BLOCK_BYTES} bytes, so 10 000 × 60 000 never exists at once; each row's k nearest come from a
 * partial selection ({@link NearestSelection}), not a sort, ranked by squared distance (the same order) and, for
 * equal distances, by training index. The vote is cs231n's {@code np.argmax(np.bincount(closest_y))}: the most
 * frequent label among the k nearest, a tie going to the smallest label.
 *
 * <p>Computes in the dtype of the training data (F32 or F64); test data of the other dtype is converted. Training
 * keeps a reference to {@code x} when it is already contiguous: do not write into it afterwards.
 */
public final class KNearestNeighbor {
    /** The distance between two examples. */
    public enum Metric {
        /** Euclidean distance, √Σ(x − y)². */
        L2,
        /** Manhattan distance, Σ|x − y|. */
        L1
    }

    /** Most bytes one block's distance matrix may take during {@link #predict} and {@link #nearest}: 64 MiB. */
    public static final long BLOCK_BYTES = 64L << 20;

    private final Metric metric;
    private Tensor xTrain;        // (N, D), contiguous
    private int[] trainShape;     // as given to train, for messages
    private int[] yTrain;
    private int numClasses;
    private double[] trainNorms;  // ‖y_j‖², L2 only
    private int blockRows;        // 0: from BLOCK_BYTES

    /** An L2 (Euclidean) classifier, as the contract and cs231n. */
    public KNearestNeighbor() {
        this(Metric.L2);
    }

    public KNearestNeighbor(Metric metric) {
        if (metric == null) {
            throw new IllegalArgumentException("KNearestNeighbor: metric must not be null (L2 or L1)");
        }
        this.metric = metric;
    }

    public Metric metric() {
        return metric;
    }

    /** Number of memorized training examples (0 before {@link #train}). */
    public int trainSize() {
        return yTrain == null ? 0 : yTrain.length;
    }

    /**
     * Memorizes the training data.
     *
     * @param x training examples, shape (N, d1, …, dk), flattened to (N, D); finite values
     * @param y their labels, N values ≥ 0
     */
    public void train(Tensor x, int[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("KNearestNeighbor.train: x and y must not be null");
        }
        if (x.ndim() < 2 || x.shape(0) == 0 || x.size() == 0) {
            throw new IllegalArgumentException("KNearestNeighbor.train: x must have shape (N, d1, …) with N ≥ 1 and at "
                    + "least one feature, got " + Shapes.format(x.shape()));
        }
        if (y.length != x.shape(0)) {
            throw new IllegalArgumentException("KNearestNeighbor.train: x " + Shapes.format(x.shape()) + " has "
                    + x.shape(0) + " examples but y has " + y.length + " labels");
        }
        int max = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0) {
                throw new IllegalArgumentException("KNearestNeighbor.train: label y[" + i + "] = " + y[i] + " is negative");
            }
            max = Math.max(max, y[i]);
        }
        Tensor flat = x.flatten2d().contiguous();
        requireFinite(flat, "training data");
        xTrain = flat;
        trainShape = x.shape();
        yTrain = y.clone();
        numClasses = max + 1;
        trainNorms = metric == Metric.L2 ? norms(flat) : null;
    }

    /**
     * Distances from every test example to every training example, with no Java loop over pairs: L2 through the
     * GEMM, L1 through the tiled kernel.
     *
     * @param x test examples (M, d1, …), the same number of features as the training data
     * @return (M, N) distances in the training dtype
     */
    public Tensor distances(Tensor x) {
        Tensor q = prepare(x, "distances");
        int m = q.shape(0), n = trainSize();
        Tensor out = Tensor.zeros(xTrain.dtype(), m, n);
        double[] qNorms = metric == Metric.L2 ? norms(q) : null;
        computeBlock(q, qNorms, 0, m, out.dtype() == DType.F32 ? out.floatData() : out.doubleData(), 0);
        if (metric == Metric.L2 && out.size() > 0) {
            if (out.dtype() == DType.F32) {
                Distances.sqrt(out.floatData(), 0, out.size());
            } else {
                Distances.sqrt(out.doubleData(), 0, out.size());
            }
        }
        return out;
    }

    /** cs231n's {@code compute_distances_two_loops}: one scalar distance per (test, train) pair. Slow; for teaching. */
    public Tensor distancesTwoLoops(Tensor x) {
        Tensor q = prepare(x, "distancesTwoLoops");
        int m = q.shape(0), n = trainSize(), d = q.shape(1);
        double[] a = q.toDoubleArray(), b = xTrain.toDoubleArray();
        Tensor out = Tensor.zeros(xTrain.dtype(), m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double diff = a[i * d + t] - b[j * d + t];
                    s += metric == Metric.L2 ? diff * diff : Math.abs(diff);
                }
                out.set(metric == Metric.L2 ? Math.sqrt(s) : s, i, j);
            }
        }
        return out;
    }

    /**
     * cs231n's {@code compute_distances_one_loop}: one broadcast tensor expression per test example,
     * {@code √Σ(X_train − x_i)²} over features (Σ|X_train − x_i| for L1). For teaching.
     */
    public Tensor distancesOneLoop(Tensor x) {
        Tensor q = prepare(x, "distancesOneLoop");
        int m = q.shape(0), n = trainSize();
        Tensor out = Tensor.zeros(xTrain.dtype(), m, n);
        for (int i = 0; i < m; i++) {
            Tensor diff = xTrain.sub(q.slice(i, i + 1));                      // (N, D) − (1, D)
            Tensor row = metric == Metric.L2 ? diff.square().sum(1, false).sqrt() : diff.abs().sum(1, false);
            out.slice(i, i + 1).assign(row.reshape(1, n));
        }
        return out;
    }

    /**
     * Indices of the k nearest training examples of every test example, nearest first (equal distances: the
     * smaller training index first), computed block by block.
     *
     * @return {@code [M][k]} training indices
     */
    public int[][] nearest(Tensor x, int k) {
        return nearest(x, k, "nearest");
    }

    private int[][] nearest(Tensor x, int k, String op) {
        Tensor q = prepare(x, op);
        checkK(k);
        int m = q.shape(0), n = trainSize();
        int rows = Math.min(Math.max(m, 1), blockRows());
        boolean f32 = xTrain.dtype() == DType.F32;
        float[] fbuf = f32 ? new float[rows * n] : null;
        double[] dbuf = f32 ? null : new double[rows * n];
        double[] qNorms = metric == Metric.L2 ? norms(q) : null;
        int[][] result = new int[m][k];
        for (int from = 0; from < m; from += rows) {
            int to = Math.min(m, from + rows), start = from;
            computeBlock(q, qNorms, from, to, f32 ? fbuf : dbuf, 0);
            Parallel.forRange(to - from, 8, (a, b) -> {
                NearestSelection select = new NearestSelection(k);
                double[] row = new double[n];
                for (int i = a; i < b; i++) {
                    if (f32) {
                        for (int j = 0; j < n; j++) {
                            row[j] = fbuf[i * n + j];
                        }
                    } else {
                        System.arraycopy(dbuf, i * n, row, 0, n);
                    }
                    select.smallest(row, n, result[start + i]);
                }
            });
        }
        return result;
    }

    /**
     * Predicted labels: the majority vote of the k nearest training examples, a tie going to the smallest label
     * (cs231n's {@code np.argmax(np.bincount(closest_y))}).
     *
     * @param x test examples (M, d1, …)
     * @param k neighbours that vote, in [1, N]
     */
    public int[] predict(Tensor x, int k) {
        int[][] nearest = nearest(x, k, "predict");
        int[] predicted = new int[nearest.length];
        int[] counts = new int[numClasses];
        for (int i = 0; i < nearest.length; i++) {
            predicted[i] = vote(nearest[i], k, yTrain, counts);
        }
        return predicted;
    }

    /** The training labels, as memorized (a copy). */
    public int[] trainLabels() {
        return yTrain == null ? new int[0] : yTrain.clone();
    }

    /**
     * The most frequent label among the first {@code k} of {@code neighbors}, the smallest label on a tie.
     *
     * @param counts scratch of at least (largest label + 1) entries
     */
    static int vote(int[] neighbors, int k, int[] labels, int[] counts) {
        Arrays.fill(counts, 0);
        for (int t = 0; t < k; t++) {
            counts[labels[neighbors[t]]]++;
        }
        int best = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[best]) { // strictly more: an equal count keeps the smaller label
                best = c;
            }
        }
        return best;
    }

    int numClasses() {
        return numClasses;
    }

    /** Test rows per block; tests force small blocks to check that blocking changes nothing. */
    void setBlockRows(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("block rows must be ≥ 0 (0 = from " + BLOCK_BYTES + " bytes), got " + rows);
        }
        this.blockRows = rows;
    }

    /** Test rows per block: the set value, else as many as fit {@link #BLOCK_BYTES} (at least 1). */
    int blockRows() {
        if (blockRows > 0) {
            return blockRows;
        }
        long rowBytes = (long) Math.max(trainSize(), 1) * xTrain.dtype().bytes();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / Math.max(trainSize(), 1), BLOCK_BYTES / rowBytes));
    }

    /** Squared L2 (clamped at 0) or L1 distances of test rows [from, to) into {@code buf} from {@code bufOff}. */
    private void computeBlock(Tensor q, double[] qNorms, int from, int to, Object buf, int bufOff) {
        int m = to - from, n = trainSize(), d = q.shape(1);
        if (m == 0) {
            return;
        }
        int qOff = q.offset() + from * d, yOff = xTrain.offset();
        if (xTrain.dtype() == DType.F32) {
            float[] a = q.floatData(), b = xTrain.floatData(), out = (float[]) buf;
            if (metric == Metric.L2) {
                Distances.squaredL2(a, qOff, m, b, yOff, n, d, Arrays.copyOfRange(qNorms, from, to), trainNorms, out, bufOff);
            } else {
                Distances.l1(a, qOff, m, b, yOff, n, d, out, bufOff);
            }
        } else {
            double[] a = q.doubleData(), b = xTrain.doubleData(), out = (double[]) buf;
            if (metric == Metric.L2) {
                Distances.squaredL2(a, qOff, m, b, yOff, n, d, Arrays.copyOfRange(qNorms, from, to), trainNorms, out, bufOff);
            } else {
                Distances.l1(a, qOff, m, b, yOff, n, d, out, bufOff);
            }
        }
    }

    /** Test data as a contiguous (M, D) tensor of the training dtype, after the checks every query needs. */
    private Tensor prepare(Tensor x, String op) {
        if (xTrain == null) {
            throw new IllegalStateException("KNearestNeighbor." + op + " before train: call train(x, y) first");
        }
        if (x == null || x.ndim() < 2) {
            throw new IllegalArgumentException("KNearestNeighbor." + op + ": x must have shape (M, d1, …), got "
                    + (x == null ? "null" : Shapes.format(x.shape())));
        }
        int features = x.shape(0) == 0 ? featuresOf(x.shape()) : x.size() / x.shape(0);
        if (features != xTrain.shape(1)) {
            throw new IllegalArgumentException("KNearestNeighbor." + op + ": input " + Shapes.format(x.shape()) + " has "
                    + features + " features per example but the training data " + Shapes.format(trainShape) + " has "
                    + xTrain.shape(1) + " — test and training examples must have the same shape");
        }
        Tensor q = x.flatten2d().to(xTrain.dtype()).contiguous();
        requireFinite(q, "test data");
        return q;
    }

    private static int featuresOf(int[] shape) {
        int f = 1;
        for (int i = 1; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    private void checkK(int k) {
        if (k < 1 || k > trainSize()) {
            throw new IllegalArgumentException("KNearestNeighbor: k = " + k + " must be in [1, " + trainSize()
                    + "] (1 to the number of training examples)");
        }
    }

    private static double[] norms(Tensor flat) {
        int rows = flat.shape(0), d = flat.shape(1);
        double[] out = new double[rows];
        if (flat.dtype() == DType.F32) {
            Distances.squaredNorms(flat.floatData(), flat.offset(), rows, d, out);
        } else {
            Distances.squaredNorms(flat.doubleData(), flat.offset(), rows, d, out);
        }
        return out;
    }

    private static void requireFinite(Tensor flat, String what) {
        int bad = -1;
        if (flat.dtype() == DType.F32) {
            float[] a = flat.floatData();
            for (int i = 0; i < flat.size() && bad < 0; i++) {
                bad = Float.isFinite(a[flat.offset() + i]) ? -1 : i;
            }
        } else {
            double[] a = flat.doubleData();
            for (int i = 0; i < flat.size() && bad < 0; i++) {
                bad = Double.isFinite(a[flat.offset() + i]) ? -1 : i;
            }
        }
        if (bad >= 0) {
            int d = flat.shape(1);
            throw new IllegalArgumentException("KNearestNeighbor: " + what + " holds " + flat.getFlat(bad) + " at example "
                    + bad / d + ", feature " + bad % d + " — distances need finite values");
        }
    }

    @Override
    public String toString() {
        return "KNearestNeighbor(" + metric + (xTrain == null ? ", untrained" : ", " + trainSize() + " examples of "
                + xTrain.shape(1) + " features") + ")";
    }
}
