package io.dendrite.model;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Turns images into the feature vectors a {@link CaptionModel} reads, computed once before the captioner trains (as
 * cs231n does with its fixed VGG-16 features of COCO). Saved with the caption model ({@link CaptionModels}), so that
 * new images are encoded as the training ones were.
 * <ul>
 *   <li>{@link #pixels()} — the pixels themselves, flattened: (N, C, H, W) → (N, C·H·W);</li>
 *   <li>{@link SlotEncoder} — a digit classifier trained here, applied to every fixed-width slot of the image, its
 *       penultimate activations of the slots concatenated in order.</li>
 * </ul>
 */
public interface ImageEncoder {
    /** Features (N, D) of images (N, C, H, W). */
    Tensor encode(Tensor images);

    /** D, the features of one image of {@code imageShape} (C, H, W); refuses a shape the encoder cannot read. */
    int featureDim(int[] imageShape);

    /** The kind and options as model files record them, e.g. {@code pixels} or {@code slots width=28}. */
    ModelSpec spec();

    /** The flattened pixels as features. */
    static ImageEncoder pixels() {
        return Pixels.INSTANCE;
    }

    /** {@link #pixels()}: (N, C, H, W) → (N, C·H·W), in the images' dtype. */
    final class Pixels implements ImageEncoder {
        /** The kind name in model files. */
        public static final String KIND = "pixels";
        private static final Pixels INSTANCE = new Pixels();

        private Pixels() {
        }

        @Override
        public Tensor encode(Tensor images) {
            if (images.ndim() < 2) {
                throw new IllegalArgumentException("pixels encoder: images " + Shapes.format(images.shape())
                        + " need a first axis of images and at least one more");
            }
            return images.contiguous().reshape(images.shape(0), -1).copy();
        }

        @Override
        public int featureDim(int[] imageShape) {
            return Shapes.size(imageShape);
        }

        @Override
        public ModelSpec spec() {
            return new ModelSpec(KIND, java.util.Map.of());
        }

        @Override
        public String toString() {
            return KIND;
        }
    }
}
