package io.dendrite.data;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches over a {@link Dataset}, with seeded shuffling per epoch ({@link Sampling#SHUFFLE}),
 * cs231n-style sampling with replacement ({@link Sampling#WITH_REPLACEMENT}) or in order
 * ({@link Sampling#SEQUENTIAL}).
 *
 * <pre>{@code
 * Batches batches = Batches.builder(train, 64).sampling(Sampling.SHUFFLE).seed(42).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : batches.epoch()) { model.loss(b.x(), b.y()); ... }
 * }
 * }</pre>
 *
 * <p><b>Buffers are reused.</b> Every batch of full size is the same {@link Batch} object, whose
 * {@code x} tensor and {@code y} array are overwritten by the next call to {@link #next()}; the
 * last, partial batch of a shuffled epoch has its own reused buffers. Copy a batch to keep it.
 * Nothing is allocated per batch once both buffers exist. Not thread-safe.
 */
public final class Batches implements Iterable<Batch> {
    private final Dataset data;
    private final int batchSize;
    private final Sampling sampling;
    private final boolean dropLast;
    private final DType dtype;
    private final Augmentation augmentation;
    private final int[] imageShape;
    private final Rng rng;
    private final int[] order;
    /** Next position in {@link #order}; {@code order.length}: epoch finished, reshuffle before the next batch. */
    private int cursor;
    private int batchesInEpoch;
    private int epochsCompleted;
    private final float[] gather;
    private final Batch full;
    private Batch partial;

    private Batches(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.sampling = b.sampling;
        this.dropLast = b.dropLast;
        this.dtype = b.dtype;
        this.augmentation = b.augmentation;
        this.rng = new Rng(b.seed);
        int[] s = data.sampleShape();
        if (augmentation != null && s.length != 3) {
            throw new IllegalArgumentException("Batches: augmentation needs image samples (C, H, W), got "
                    + Dataset.shapeString(s) + " — use Dataset.asImages(C, H, W)");
        }
        this.imageShape = s;
        this.order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.cursor = order.length;
        int b0 = sampling == Sampling.WITH_REPLACEMENT ? batchSize : Math.min(batchSize, data.size());
        this.gather = new float[b0 * data.sampleSize()];
        this.full = newBatch(b0);
    }

    /** Starts a builder: batches of {@code batchSize} samples from {@code data}. */
    public static Builder builder(Dataset data, int batchSize) {
        return new Builder(data, batchSize);
    }

    /** Options of {@link Batches}; defaults: SHUFFLE, seed 0, keep the last partial batch, F32, no augmentation. */
    public static final class Builder {
        private final Dataset data;
        private final int batchSize;
        private Sampling sampling = Sampling.SHUFFLE;
        private long seed;
        private boolean dropLast;
        private DType dtype = DType.F32;
        private Augmentation augmentation;

        private Builder(Dataset data, int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Batches: batchSize must be positive, got " + batchSize);
            }
            if (data.size() == 0) {
                throw new IllegalArgumentException("Batches: the dataset is empty");
            }
            this.data = data;
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

        /** Drop the last batch of an epoch when it has fewer than batchSize samples (SHUFFLE, SEQUENTIAL). */
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
            if (dropLast && sampling != Sampling.WITH_REPLACEMENT && batchSize > data.size()) {
                throw new IllegalArgumentException("Batches: batchSize " + batchSize + " exceeds the "
                        + data.size() + " samples and dropLast is set, so an epoch would have no batch");
            }
            return new Batches(this);
        }
    }

    private Batch newBatch(int b) {
        int[] shape = data.fullShape(b);
        Tensor x = dtype == DType.F64
                ? Tensor.of(new double[b * data.sampleSize()], shape)
                : Tensor.of(new float[b * data.sampleSize()], shape);
        return new Batch(x, new int[b]);
    }

    /** Batches in one epoch: ceil(N/B) (floor with dropLast); with replacement max(N/B, 1) as cs231n. */
    public int batchesPerEpoch() {
        int n = data.size();
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

    public Dataset dataset() {
        return data;
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

    /** Copies the samples whose indices are in {@code idx} into the batch, then replaces idx by labels. */
    private Batch fill(Batch batch, int[] idx) {
        int b = idx.length;
        int d = data.sampleSize();
        float[] src = data.data();
        float[] dst = dtype == DType.F32 ? batch.x().floatData() : gather;
        int base = dtype == DType.F32 ? batch.x().offset() : 0;
        for (int k = 0; k < b; k++) {
            System.arraycopy(src, idx[k] * d, dst, base + k * d, d);
            idx[k] = data.label(idx[k]);
        }
        if (augmentation != null) {
            augmentation.apply(dst, base, b, imageShape[0], imageShape[1], imageShape[2]);
        }
        if (dtype == DType.F64) {
            double[] out = batch.x().doubleData();
            int off = batch.x().offset();
            for (int i = 0, n = b * d; i < n; i++) {
                out[off + i] = gather[i];
            }
        }
        return batch;
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

    /** Same as {@code epoch().iterator()}: iterating a Batches object walks one epoch. */
    @Override
    public Iterator<Batch> iterator() {
        return epoch().iterator();
    }

    @Override
    public String toString() {
        return "Batches(" + data.size() + " samples, batchSize=" + batchSize + ", " + sampling
                + (dropLast ? ", dropLast" : "") + (augmentation != null ? ", " + augmentation : "") + ")";
    }
}

