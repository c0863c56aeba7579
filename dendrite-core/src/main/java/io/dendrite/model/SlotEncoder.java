package io.dendrite.model;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Image features that keep position: a classifier of single digits (C, H, slotWidth) — a small convnet trained on
 * MNIST digits — is applied to every slot of {@code slotWidth} columns of a wider image (C, H, k·slotWidth), and the
 * activations its last Linear layer reads (the penultimate layer, F values per slot) are concatenated slot by slot:
 * (N, C, H, k·slotWidth) → (N, k·F). For {@code MnistCaptions}' images of 1 to 4 digits side by side that is
 * 4 × F values, slot j describing the j-th digit, or an empty slot (an all-zero input, whose activations are one
 * fixed vector the captioner learns to read as "no more digits").
 *
 * <p>Why this encoder: cs231n captions COCO from fixed features of a CNN trained elsewhere; here the CNN is trained
 * on the digits themselves (cheap: a few thousand digits for an epoch or two reach ~98 %), and slicing the strip
 * by slots gives the captioner one informative vector per position, in order — the words of a caption are the slots'
 * classes from left to right. Flattened pixels carry the same information but leave recognizing digits to the single
 * affine map W_proj into h0, which learns it far more slowly.
 *
 * <p>The network runs in test mode, {@value #CHUNK} digits at a time; features come out in its dtype.
 */
public final class SlotEncoder implements ImageEncoder {
    /** The kind name in model files. */
    public static final String KIND = "slots";
    /** Digits passed through the network at once: bounds the memory of its activations. */
    static final int CHUNK = 1000;

    private final Network network;
    private final int slotWidth;
    private final List<Layer> features;
    private final int featuresPerSlot;
    private final int[] slotShape;

    /**
     * @param network   a classifier of (C, H, slotWidth) images whose last layer with weights is a {@link Linear};
     *                  its input shape must be recorded ({@code Network.Builder.inputShape})
     * @param slotWidth the width of one slot, the classifier's input width
     */
    public SlotEncoder(Network network, int slotWidth) {
        int[] in = network.inputShape().orElseThrow(() -> new IllegalArgumentException("SlotEncoder: the network "
                + network.spec() + " does not record its input shape (C, H, W); build it with inputShape(...)"));
        if (in.length != 3 || in[2] != slotWidth) {
            throw new IllegalArgumentException("SlotEncoder: the network reads " + Shapes.format(in) + ", not images"
                    + " (C, H, " + slotWidth + ") of one slot");
        }
        List<Layer> layers = network.layers().layers();
        int last = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear) {
                last = i;
            }
        }
        if (last < 1) {
            throw new IllegalArgumentException("SlotEncoder: the network " + network.spec() + " needs layers before"
                    + " a last Linear layer, whose input is the features of a slot");
        }
        this.network = network;
        this.slotWidth = slotWidth;
        this.features = List.copyOf(layers.subList(0, last));
        this.featuresPerSlot = ((Linear) layers.get(last)).inFeatures();
        this.slotShape = in.clone();
    }

    @Override
    public Tensor encode(Tensor images) {
        int[] s = images.shape();
        int slots = slots(s.length == 4 ? new int[]{s[1], s[2], s[3]} : s);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        DType dtype = network.dtype();
        Tensor out = Tensor.zeros(dtype, n, slots * featuresPerSlot);
        int imagesPerChunk = Math.max(1, CHUNK / slots);
        for (int from = 0; from < n; from += imagesPerChunk) {
            int to = Math.min(n, from + imagesPerChunk);
            double[] px = images.slice(from, to).toDoubleArray();
            int rows = (to - from) * slots;
            double[] digits = new double[rows * c * h * slotWidth];
            for (int i = 0; i < to - from; i++) {        // digit (i, j) is columns j·width … of image i, every channel
                for (int j = 0; j < slots; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = 0; y < h; y++) {
                            System.arraycopy(px, ((i * c + ch) * h + y) * w + j * slotWidth, digits,
                                    (((i * slots + j) * c + ch) * h + y) * slotWidth, slotWidth);
                        }
                    }
                }
            }
            Tensor x = Tensor.of(digits, rows, c, h, slotWidth).to(dtype);
            for (Layer layer : features) {
                layer.setTraining(false);
                x = layer.forward(x);
            }
            // rows are (image, slot) in order, so image i's slots are consecutive: (rows, F) is (images, slots·F)
            out.slice(from, to).assign(x.reshape(to - from, slots * featuresPerSlot));
        }
        return out;
    }

    /** The number of slots of images (C, H, k·slotWidth); refuses other shapes. */
    private int slots(int[] imageShape) {
        if (imageShape.length != 3 || imageShape[0] != slotShape[0] || imageShape[1] != slotShape[1]
                || imageShape[2] % slotWidth != 0 || imageShape[2] == 0) {
            throw new IllegalArgumentException("SlotEncoder: images " + Shapes.format(imageShape) + " do not split"
                    + " into slots " + Shapes.format(slotShape) + " — expected (" + slotShape[0] + ", " + slotShape[1]
                    + ", k·" + slotWidth + ")");
        }
        return imageShape[2] / slotWidth;
    }

    @Override
    public int featureDim(int[] imageShape) {
        return slots(imageShape) * featuresPerSlot;
    }

    /** F, the features of one slot: the input size of the network's last Linear layer. */
    public int featuresPerSlot() {
        return featuresPerSlot;
    }

    /** The width of one slot. */
    public int slotWidth() {
        return slotWidth;
    }

    /** The digit classifier, whole (its last layer included, so that it can be saved and evaluated). */
    public Network network() {
        return network;
    }

    @Override
    public ModelSpec spec() {
        return new ModelSpec(KIND, Map.of("width", Integer.toString(slotWidth)));
    }

    @Override
    public String toString() {
        return "slots of " + Shapes.format(slotShape) + " through " + network.spec().type() + " (" + featuresPerSlot
                + " features each)";
    }
}
