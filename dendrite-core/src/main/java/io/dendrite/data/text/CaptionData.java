package io.dendrite.data.text;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Captioned images, as cs231n's assignment 3 holds one split of COCO: image features (one row per image —
 * CNN features of shape (numImages, D), or the images themselves (numImages, C, H, W)), captions as rows of
 * T+1 word ids ({@code <START> … <END> <NULL> …}, see {@link Vocabulary}), and for each caption the index of
 * its image. COCO has about five captions per image; {@link MnistCaptions} one.
 *
 * <p>{@link #sample} draws a minibatch as cs231n's {@code sample_coco_minibatch} does (indices drawn with
 * replacement); {@link #batch} takes given captions. A batch's features hold one row per caption, so that
 * {@code features} and {@code captions} line up. Nothing is copied on construction: do not change the arrays
 * afterwards.
 */
public final class CaptionData {
    private final Tensor features;
    private final int[][] captions;
    private final int[] imageIdxs;
    private final Vocabulary vocabulary;

    /** A minibatch: features (B, …) one row per caption, captions (B, T+1), and each caption's image index. */
    public record Batch(Tensor features, int[][] captions, int[] imageIdxs) {}

    /** A training split and a held-out one. */
    public record Splits(CaptionData train, CaptionData val) {}

    /**
     * @param features   (numImages, …), any dtype; not copied
     * @param captions   one row of T+1 word ids per caption, all of one length, every id in the vocabulary; not copied
     * @param imageIdxs  per caption, the row of {@code features} it describes; not copied
     * @param vocabulary the words of the ids
     */
    public CaptionData(Tensor features, int[][] captions, int[] imageIdxs, Vocabulary vocabulary) {
        int[] shape = features.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("CaptionData: features must have a first axis of images and at least"
                    + " one more, got shape " + Shapes.format(shape));
        }
        if (captions.length != imageIdxs.length) {
            throw new IllegalArgumentException("CaptionData: " + captions.length + " captions but "
                    + imageIdxs.length + " image indices");
        }
        int length = captions.length == 0 ? 0 : captions[0].length;
        for (int i = 0; i < captions.length; i++) {
            if (captions[i].length != length) {
                throw new IllegalArgumentException("CaptionData: caption " + i + " has " + captions[i].length
                        + " ids, caption 0 has " + length + " (all rows must have one length)");
            }
            for (int t = 0; t < length; t++) {
                int id = captions[i][t];
                if (id < 0 || id >= vocabulary.size()) {
                    throw new IllegalArgumentException("CaptionData: caption " + i + " holds word id " + id + " at "
                            + t + ", outside the vocabulary of " + vocabulary.size() + " words");
                }
            }
            if (imageIdxs[i] < 0 || imageIdxs[i] >= shape[0]) {
                throw new IllegalArgumentException("CaptionData: caption " + i + " describes image " + imageIdxs[i]
                        + ", outside the " + shape[0] + " images of the features");
            }
        }
        this.features = features;
        this.captions = captions;
        this.imageIdxs = imageIdxs;
        this.vocabulary = vocabulary;
    }

    /** Number of captions. */
    public int size() {
        return captions.length;
    }

    /** Number of images (rows of {@link #features()}). */
    public int numImages() {
        return features.shape()[0];
    }

    /** Ids per caption row, T+1 (17 for cs231n's COCO, 6 for {@link MnistCaptions}); 0 when there are none. */
    public int captionLength() {
        return captions.length == 0 ? 0 : captions[0].length;
    }

    /** The features of all images, (numImages, …) — shared, do not write into it. */
    public Tensor features() {
        return features;
    }

    /** All caption rows — shared, do not write into them. */
    public int[][] captions() {
        return captions;
    }

    /** Caption {@code i}'s ids (a copy). */
    public int[] caption(int i) {
        return captions[i].clone();
    }

    /** Per caption, its image's row in {@link #features()} (a copy). */
    public int[] imageIdxs() {
        return imageIdxs.clone();
    }

    /** The vocabulary of the ids. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Caption {@code i} as words ({@link Vocabulary#decode}). */
    public List<String> words(int i) {
        return vocabulary.decode(captions[i]);
    }

    /** Captions {@code from} (inclusive) to {@code to} (exclusive), with all features (shared). */
    public CaptionData subset(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("CaptionData.subset(" + from + ", " + to + ") on " + size()
                    + " captions");
        }
        return new CaptionData(features, Arrays.copyOfRange(captions, from, to),
                Arrays.copyOfRange(imageIdxs, from, to), vocabulary);
    }

    /** The captions at {@code indices} (repeats allowed) with their image features, one row per caption. */
    public Batch batch(int[] indices) {
        int[][] c = new int[indices.length][];
        int[] img = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("CaptionData.batch: index " + i + " at position " + k
                        + " is outside [0, " + size() + ")");
            }
            c[k] = captions[i].clone();
            img[k] = imageIdxs[i];
        }
        return new Batch(gather(features, img), c, img);
    }

    /**
     * Every caption in order with its image's features, one row per caption: the x and target rows a sequence
     * model trains on through the Solver ({@code solver.train(all.features(), all.captions())}). Copies the
     * features of each image once per caption.
     */
    public Batch all() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return batch(idx);
    }

    /**
     * {@code batchSize} captions drawn uniformly with replacement, as cs231n's {@code sample_coco_minibatch}
     * ({@code np.random.choice(split_size, batch_size)}).
     */
    public Batch sample(Rng rng, int batchSize) {
        if (batchSize < 0 || size() == 0) {
            throw new IllegalArgumentException("CaptionData.sample: cannot draw " + batchSize + " of " + size()
                    + " captions");
        }
        int[] idx = new int[batchSize];
        for (int k = 0; k < batchSize; k++) {
            idx[k] = rng.nextInt(size());
        }
        return batch(idx);
    }

    /** Rows {@code idx} of {@code x} (axis 0), copied into a new tensor of x's dtype. */
    static Tensor gather(Tensor x, int[] idx) {
        Tensor c = x.contiguous();
        int[] shape = c.shape();
        int row = 1;
        for (int d = 1; d < shape.length; d++) {
            row *= shape[d];
        }
        int[] out = shape.clone();
        out[0] = idx.length;
        int off = c.offset();
        if (c.dtype() == DType.F32) {
            float[] src = c.floatData();
            float[] dst = new float[idx.length * row];
            for (int k = 0; k < idx.length; k++) {
                System.arraycopy(src, off + idx[k] * row, dst, k * row, row);
            }
            return Tensor.of(dst, out);
        }
        double[] src = c.doubleData();
        double[] dst = new double[idx.length * row];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(src, off + idx[k] * row, dst, k * row, row);
        }
        return Tensor.of(dst, out);
    }

    @Override
    public String toString() {
        return "CaptionData(" + size() + " captions of " + captionLength() + " ids, " + numImages()
                + " images of features " + Shapes.format(features.shape()) + ", " + vocabulary.size() + " words)";
    }
}
