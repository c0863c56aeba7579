package io.dendrite.data;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches over a {@link Dataset} or over a tensor of samples (N, …) with its N labels, with seeded
 * shuffling per epoch ({@link Sampling#SHUFFLE}), cs231n-style sampling with replacement
 * ({@link Sampling#WITH_REPLACEMENT}), in order ({@link Sampling#SEQUENTIAL}) or in order as parallel streams for
 * truncated backpropagation through time ({@link Sampling#STREAMS}). The project's one batching loop: the Solver
 * draws its batches here too.
 *
 * <pre>{@code
 * Batches batches = Batches.builder(train, 64).sampling(Sampling.SHUFFLE).seed(42).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : batches.epoch()) { model.loss(b.x(), b.y()); ... }
 * }
 * }</pre>
 *
 * <p>{@link #epoch()} continues one random stream from epoch to epoch; {@link #epoch(int)} draws epoch k from
 * (seed, k) alone, so a run resumed at epoch k draws the batches the uninterrupted run drew.
 *
 * <p><b>Buffers are reused.</b> Every batch of full size is the same {@link Batch} object, whose
 * {@code x} tensor and {@code y} array are overwritten by the next call to {@link #next()}; the
 * last, partial batch of a shuffled epoch has its own reused buffers. Copy a batch to keep it.
 * Nothing is allocated per batch once both buffers exist. Not thread-safe.
 */
public final class Batches implements Iterable<Batch> {
    private final float[] rows32;     // the samples, one row after another: exactly one of rows32 and rows64
    private final double[] rows64;
    private final int rowsOffset;
    private final int[] labels;
    private final int[] sampleShape;
    private final int sampleSize;
    private final long seed;
    private final int batchSize;
    private final Sampling sampling;
    private final boolean dropLast;
    private final DType dtype;
    private final Augmentation augmentation;
    private Rng rng;
    private final int[] order;
    /** Next position in {@link #order}; {@code order.length}: epoch finished, reshuffle before the next batch. */
    private int cursor;
    private int batchesInEpoch;
    private int epochsCompleted;
    private final float[] gather;
    private final Batch full;
    private Batch partial;

    private Batches(Builder b) {
        Tensor x = b.x.contiguous();
        this.rows32 = x.dtype() == DType.F32 ? x.floatData() : null;
        this.rows64 = x.dtype() == DType.F64 ? x.doubleData() : null;
        this.rowsOffset = x.offset();
        this.labels = b.labels;
        this.sampleShape = Arrays.copyOfRange(x.shape(), 1, x.ndim());
        this.sampleSize = Shapes.size(sampleShape);
        this.seed = b.seed;
        this.batchSize = b.batchSize;
        this.sampling = b.sampling;
        this.dropLast = b.dropLast || b.sampling == Sampling.STREAMS;   // the remainder belongs to no stream
        this.dtype = b.dtype;
        this.augmentation = b.augmentation;
        this.rng = new Rng(b.seed);
        if (augmentation != null && sampleShape.length != 3) {
            throw new IllegalArgumentException("Batches: augmentation needs images, samples of shape (C, H, W), got "
                    + Dataset.shapeString(sampleShape) + " — use Dataset.asImages(C, H, W) or images (N, C, H, W)");
        }
        this.order = new int[labels.length];
        resetOrder();
        int b0 = sampling == Sampling.WITH_REPLACEMENT ? batchSize : Math.min(batchSize, labels.length);
        this.gather = new float[b0 * sampleSize];
        this.full = newBatch(b0);
    }

    /**
     * Identity order, or for {@link Sampling#STREAMS} the stream layout: position j·B + r holds sample r·S + j, the
     * j-th sample of stream r (S = N / B samples per stream); the leftover samples stay at the end, never drawn.
     */
    private void resetOrder() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (sampling == Sampling.STREAMS) {
            int streamLength = order.length / batchSize;
            for (int j = 0; j < streamLength; j++) {
                for (int r = 0; r < batchSize; r++) {
                    order[j * batchSize + r] = r * streamLength + j;
                }
            }
        }
        this.cursor = order.length;
    }

    /** Starts a builder: batches of {@code batchSize} samples from {@code data}. */
    public static Builder builder(Dataset data, int batchSize) {
        return new Builder(data.x(), data.labels(), batchSize);
    }

    /**
     * Starts a builder: batches of {@code batchSize} rows of {@code x} (N, …) with their labels {@code y}, in x's
     * dtype unless {@link Builder#dtype} says otherwise. Neither is copied; do not change them while batching.
     */
    public static Builder builder(Tensor x, int[] y, int batchSize) {
        if (x.ndim() < 1 || x.shape(0) != y.length) {
            throw new IllegalArgumentException("Batches: samples of shape " + Shapes.format(x.shape()) + " but "
                    + y.length + " labels; the first dimension must equal the number of labels");
        }
        return new Builder(x, y, batchSize).dtype(x.dtype());
    }

    /**
     * Options of {@link Batches}; defaults: SHUFFLE, seed 0, keep the last partial batch, F32 (a tensor's own
     * dtype), no augmentation.
     */
    public static final class Builder {
        private final Tensor x;
        private final int[] labels;
        private final int batchSize;
        private Sampling sampling = Sampling.SHUFFLE;
        private long seed;
        private boolean dropLast;
        private DType dtype = DType.F32;
        private Augmentation augmentation;

        private Builder(Tensor x, int[] labels, int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Batches: batchSize must be positive, got " + batchSize);
            }
            if (labels.length == 0) {
                throw new IllegalArgumentException("Batches: the dataset is empty");
            }
            this.x = x;
            this.labels = labels;
            this.batchSize = batchSize;
        }

        public Builder sampling(Sampling sampling) {
            this.sampling = sampling;
            return this;
        }

        /** Seed of the shuffles / draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Drop the last batch of an epoch when it has fewer than batchSize samples (SHUFFLE, SEQUENTIAL; STREAMS
         * always drops it).
         */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** dtype of the batches' x tensors. */
        public Builder dtype(DType dtype) {
            this.dtype = dtype;
            return this;
        }

        /** Augment every batch (images only); {@code null} for none. */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        public Batches build() {
            if (sampling == Sampling.STREAMS && batchSize > labels.length) {
                throw new IllegalArgumentException("Batches: batchSize " + batchSize + " exceeds the "
                        + labels.length + " samples, so STREAMS sampling would have no stream of even one sample;"
                        + " use a batchSize of at most " + labels.length);
            }
            if (dropLast && sampling != Sampling.WITH_REPLACEMENT && batchSize > labels.length) {
                throw new IllegalArgumentException("Batches: batchSize " + batchSize + " exceeds the "
                        + labels.length + " samples and dropLast is set, so an epoch would have no batch");
            }
            return new Batches(this);
        }
    }

    private Batch newBatch(int b) {
        return new Batch(Tensor.zeros(dtype, Shapes.batch(b, sampleShape)), new int[b]);
    }

    /** Batches in one epoch: ceil(N/B) (floor with dropLast and with STREAMS); with replacement max(N/B, 1) as cs231n. */
    public int batchesPerEpoch() {
        int n = labels.length;
        if (sampling == Sampling.WITH_REPLACEMENT) {
            return Math.max(n / batchSize, 1);
        }
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Epochs finished so far (an epoch abandoned by {@link #epoch()} does not count). */
    public int epochsCompleted() {
        return epochsCompleted;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The next batch, starting a new epoch (and reshuffling) when the current one is finished. */
    public Batch next() {
        if (sampling == Sampling.WITH_REPLACEMENT) {
            for (int k = 0; k < batchSize; k++) {
                full.y()[k] = rng.nextInt(order.length);
            }
            if (++batchesInEpoch == batchesPerEpoch()) {
                batchesInEpoch = 0;
                epochsCompleted++;
            }
            return fill(full, full.y());
        }
        if (cursor == order.length) {
            if (sampling == Sampling.SHUFFLE) {
                rng.shuffle(order);
            }
            cursor = 0;
        }
        int b = Math.min(batchSize, order.length - cursor);
        Batch batch;
        if (b == full.size()) {
            batch = full;
        } else {
            if (partial == null || partial.size() != b) {
                partial = newBatch(b);
            }
            batch = partial;
        }
        System.arraycopy(order, cursor, batch.y(), 0, b);
        cursor += b;
        int remaining = order.length - cursor;
        if (remaining == 0 || (dropLast && remaining < batchSize)) {
            cursor = order.length;
            epochsCompleted++;
        }
        return fill(batch, batch.y());
    }

    /**
     * Copies the samples whose indices are in {@code idx} into the batch, augments them (on floats: F64 batches
     * pass through the float buffer only when augmented or when their samples are F32), then replaces idx by labels.
     */
    private Batch fill(Batch batch, int[] idx) {
        int b = idx.length, d = sampleSize, off = batch.x().offset();
        if (rows64 != null && dtype == DType.F64) {
            double[] out = batch.x().doubleData();
            for (int k = 0; k < b; k++) {
                System.arraycopy(rows64, rowsOffset + idx[k] * d, out, off + k * d, d);
            }
            if (augmentation != null) {
                for (int i = 0, n = b * d; i < n; i++) {
                    gather[i] = (float) out[off + i];
                }
                augment(gather, 0, b);
                widen(gather, b * d, out, off);
            }
        } else {
            float[] dst = dtype == DType.F32 ? batch.x().floatData() : gather;
            int base = dtype == DType.F32 ? off : 0;
            for (int k = 0; k < b; k++) {
                int from = rowsOffset + idx[k] * d, to = base + k * d;
                if (rows32 != null) {
                    System.arraycopy(rows32, from, dst, to, d);
                } else {
                    for (int i = 0; i < d; i++) {
                        dst[to + i] = (float) rows64[from + i];
                    }
                }
            }
            augment(dst, base, b);
            if (dtype == DType.F64) {
                widen(gather, b * d, batch.x().doubleData(), off);
            }
        }
        for (int k = 0; k < b; k++) {
            idx[k] = labels[idx[k]];
        }
        return batch;
    }

    private void augment(float[] images, int offset, int b) {
        if (augmentation != null) {
            augmentation.apply(images, offset, b, sampleShape[0], sampleShape[1], sampleShape[2]);
        }
    }

    private static void widen(float[] from, int n, double[] to, int offset) {
        for (int i = 0; i < n; i++) {
            to[offset + i] = from[i];
        }
    }

    /**
     * The batches of one epoch: {@link #batchesPerEpoch()} calls of {@link #next()}. With SHUFFLE
     * or SEQUENTIAL, a partly consumed epoch is abandoned and a fresh one begins.
     */
    public Iterable<Batch> epoch() {
        cursor = order.length;
        batchesInEpoch = 0;
        int count = batchesPerEpoch();
        return () -> new Iterator<>() {
            private int produced;

            @Override
            public boolean hasNext() {
                return produced < count;
            }

            @Override
            public Batch next() {
                if (produced >= count) {
                    throw new NoSuchElementException("the epoch has " + count + " batches");
                }
                produced++;
                return Batches.this.next();
            }
        };
    }

    /**
     * The batches of epoch {@code index} (from 0), drawn by a generator seeded from the seed and {@code index}
     * alone: whatever came before, epoch k has the same batches, so a run resumed at epoch k draws what the
     * uninterrupted run drew, and no checkpoint needs to hold the batching state. Shuffles start each epoch from
     * the unshuffled order. {@link #epochsCompleted()} counts from {@code index}.
     */
    public Iterable<Batch> epoch(int index) {
        rng = new Rng(seed * 1_000_003L + index);
        resetOrder();
        epochsCompleted = index;
        return epoch();
    }

    /** Same as {@code epoch().iterator()}: iterating a Batches object walks one epoch. */
    @Override
    public Iterator<Batch> iterator() {
        return epoch().iterator();
    }

    @Override
    public String toString() {
        return "Batches(" + labels.length + " samples, batchSize=" + batchSize + ", " + sampling
                + (dropLast ? ", dropLast" : "") + (augmentation != null ? ", " + augmentation : "") + ")";
    }
}

