package io.dendrite.data.text;

import io.dendrite.data.DataFileException;
import io.dendrite.io.Npz;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * cs231n's COCO captioning data (assignment 3), for a user who has it: the captions, the image features and the
 * vocabulary that {@code load_coco_data} reads, converted from HDF5 to one {@code .npz} file.
 *
 * <p>cs231n's folder {@code coco_captioning/} holds {@code coco2014_captions.h5} (arrays {@code train_captions}
 * (400135, 17) and {@code val_captions} (195954, 17) of int32 word ids, {@code train_image_idxs} and
 * {@code val_image_idxs} giving each caption's image), the features in separate files —
 * {@code train2014_vgg16_fc7.h5} and {@code val2014_vgg16_fc7.h5} (array {@code features}, 4096 VGG-16 fc7
 * values per image) or their PCA variants {@code *_pca.h5} (512 values) — the vocabulary
 * {@code coco2014_vocab.json}, and the image URLs in text files. Dendrite reads no HDF5; one line of Python in
 * that folder converts the arrays (PCA features here; drop {@code _pca} for the full ones):
 *
 * <pre>
 * python -c "import h5py, numpy as np; c = h5py.File('coco2014_captions.h5', 'r'); f = lambda n: h5py.File(n, 'r')['features'][()]; np.savez('coco2014.npz', **{k: c[k][()] for k in c}, train_features=f('train2014_vgg16_fc7_pca.h5'), val_features=f('val2014_vgg16_fc7_pca.h5'))"
 * </pre>
 *
 * then {@code Cs231nCaptions.load(dir.resolve("coco2014.npz"), dir.resolve("coco2014_vocab.json"))}. The
 * archive must hold, for each split read ({@code train}, {@code val}), the arrays {@code SPLIT_captions}
 * (N, T+1), {@code SPLIT_image_idxs} (N,) and {@code SPLIT_features} (numImages, D); other arrays are
 * ignored. Ids must be whole numbers inside the vocabulary and image indices inside the features; anything else
 * is refused naming the file, the array and what was expected.
 */
public final class Cs231nCaptions {
    /** The split names cs231n uses, in the order {@link #load(Path, Path)} reads them. */
    public static final List<String> SPLITS = List.of("train", "val");

    private Cs231nCaptions() {
    }

    /** Both splits, {@code train} and {@code val}. */
    public static CaptionData.Splits load(Path npz, Path vocabJson) throws IOException {
        Vocabulary vocabulary = Vocabulary.read(vocabJson);
        Map<String, Tensor> arrays = Npz.read(npz);
        return new CaptionData.Splits(split(npz, arrays, "train", vocabulary), split(npz, arrays, "val", vocabulary));
    }

    /** One split, {@code "train"} or {@code "val"}; the archive needs only that split's three arrays. */
    public static CaptionData load(Path npz, Path vocabJson, String split) throws IOException {
        if (!SPLITS.contains(split)) {
            throw new IllegalArgumentException("Cs231nCaptions: unknown split '" + split + "', expected one of "
                    + SPLITS);
        }
        Vocabulary vocabulary = Vocabulary.read(vocabJson);
        return split(npz, Npz.read(npz), split, vocabulary);
    }

    private static CaptionData split(Path file, Map<String, Tensor> arrays, String split, Vocabulary vocabulary)
            throws DataFileException {
        Tensor captions = array(file, arrays, split + "_captions");
        Tensor imageIdxs = array(file, arrays, split + "_image_idxs");
        Tensor features = array(file, arrays, split + "_features");
        int[] cs = captions.shape();
        if (cs.length != 2 || cs[1] < 2) {
            throw new DataFileException(file, split + "_captions: expected shape (N, T+1) with T+1 ≥ 2, found "
                    + Shapes.format(cs));
        }
        int[] is = imageIdxs.shape();
        if (is.length != 1 || is[0] != cs[0]) {
            throw new DataFileException(file, split + "_image_idxs: expected shape (" + cs[0] + ",), one index per"
                    + " caption of " + split + "_captions, found " + Shapes.format(is));
        }
        int[] fs = features.shape();
        if (fs.length < 2) {
            throw new DataFileException(file, split + "_features: expected shape (numImages, D), found "
                    + Shapes.format(fs));
        }
        int[] ids = integers(file, split + "_captions", captions, vocabulary.size(), "word id",
                "the vocabulary of " + vocabulary.size() + " words");
        int[] imgs = integers(file, split + "_image_idxs", imageIdxs, fs[0], "image index",
                "the " + fs[0] + " rows of " + split + "_features");
        int n = cs[0];
        int length = cs[1];
        int[][] rows = new int[n][length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ids, i * length, rows[i], 0, length);
        }
        return new CaptionData(features, rows, imgs, vocabulary);
    }

    private static Tensor array(Path file, Map<String, Tensor> arrays, String name) throws DataFileException {
        Tensor t = arrays.get(name);
        if (t == null) {
            throw new DataFileException(file, "expected an array '" + name + "' (cs231n's coco2014_captions.h5"
                    + " converted to .npz, see Cs231nCaptions), found only " + arrays.keySet());
        }
        return t;
    }

    /** The values of {@code t} as ints in [0, bound), refusing fractions and values outside. */
    private static int[] integers(Path file, String name, Tensor t, int bound, String what, String range)
            throws DataFileException {
        double[] v = t.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (!(x >= 0 && x < bound) || x != Math.rint(x)) {
                throw new DataFileException(file, name + ": " + what + " " + x + " at flat index " + i
                        + " is not a whole number inside " + range);
            }
            out[i] = (int) x;
        }
        return out;
    }
}
