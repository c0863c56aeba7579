package io.dendrite.data.features;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * A function from one image to a fixed-length feature vector, as the feature functions cs231n's
 * {@code extract_features} takes. Images are (C, H, W) in Dendrite's layout (channels first), read from a
 * {@code float[]} at an offset so that a whole dataset is processed without copying. Implementations are stateless
 * and safe to call from several threads at once.
 */
public interface FeatureFunction {
    /** The short name used on the command line and in model metadata ("hog", "hsv"). */
    String name();

    /**
     * The length of the feature vector for images of shape (C, H, W).
     *
     * @throws IllegalArgumentException when this function cannot handle such images (wrong channel count, too small),
     *                                  with a message that says why
     */
    int size(int channels, int height, int width);

    /**
     * Writes the {@link #size} features of the image at {@code image[offset …]} into {@code out[outOffset …]}.
     */
    void compute(float[] image, int offset, int channels, int height, int width, double[] out, int outOffset);

    /** The features of one image given as a (C, H, W) tensor, as a 1-D F64 tensor: convenient for tests and notebooks. */
    default Tensor apply(Tensor image) {
        if (image.ndim() != 3) {
            throw new IllegalArgumentException(name() + ": expected an image of shape (C, H, W), got "
                    + Shapes.format(image.shape()));
        }
        int c = image.shape(0), h = image.shape(1), w = image.shape(2);
        double[] out = new double[size(c, h, w)];
        compute(image.toFloatArray(), 0, c, h, w, out, 0);
        return Tensor.of(out, out.length);
    }
}
