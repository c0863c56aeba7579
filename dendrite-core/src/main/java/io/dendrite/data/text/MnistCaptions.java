package io.dendrite.data.text;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainTest;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import java.util.List;

/**
 * A small captioning task that needs no COCO: images of 1 to {@value #MAX_DIGITS} MNIST digits side by side,
 * captioned with the digits' English words — an image of a 7 and a 2 reads {@code <START> seven two <END>}.
 *
 * <p>Every image is {@value #HEIGHT} × {@value #WIDTH} pixels, one channel: digit j (from 0) fills columns
 * 28j … 28j+27, the rest of the image is zero. The number of digits is uniform in 1 … {@value #MAX_DIGITS} and
 * each digit is drawn uniformly, with replacement, from the given digits, all from one {@code Rng} seeded by
 * the caller: the same seed and digits give the same examples. Pixels are copied as they are in the
 * {@link Dataset} (0..1 after {@code Mnist.load}'s normalization).
 *
 * <p>Captions are rows of {@value #CAPTION_LENGTH} ids — {@code <START>}, up to four words, {@code <END>}, then
 * {@code <NULL>} — over {@link #vocabulary()}: the four special tokens, then {@code zero} … {@code nine}, so the
 * word of digit d has id d + 4. {@link #splits} builds the training examples from MNIST's training digits only
 * and the held-out ones ({@code val}) from its test digits only.
 */
public final class MnistCaptions {
    /** Most digits in one image. */
    public static final int MAX_DIGITS = 4;
    /** Image height, one digit's. */
    public static final int HEIGHT = 28;
    /** Image width, room for {@value #MAX_DIGITS} digits. */
    public static final int WIDTH = 28 * MAX_DIGITS;
    /** Ids per caption row: {@code <START>}, up to {@value #MAX_DIGITS} words, {@code <END>}. */
    public static final int CAPTION_LENGTH = MAX_DIGITS + 2;
    /** The words of the digits 0–9, in digit order. */
    public static final List<String> DIGIT_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine");
    /** Id of the word of digit 0; digit d has id {@code FIRST_DIGIT_ID + d}. */
    public static final int FIRST_DIGIT_ID = Vocabulary.SPECIALS.size();

    private static final int DIGIT = 28;
    private static final Vocabulary VOCABULARY = Vocabulary.of(DIGIT_WORDS);

    private MnistCaptions() {
    }

    /** The special tokens and the ten digit words: 14 words. */
    public static Vocabulary vocabulary() {
        return VOCABULARY;
    }

    /**
     * {@code count} captioned images made from {@code digits}, features of shape (count, 1, 28, 112).
     *
     * @param digits MNIST-like digits: samples of 784 values (28 × 28, row-major), labels 0–9
     */
    public static CaptionData generate(Dataset digits, int count, long seed) {
        return generate(digits, count, seed, false);
    }

    /**
     * As {@link #generate(Dataset, int, long)}; with {@code flatten}, features of shape (count, 3136) instead.
     */
    public static CaptionData generate(Dataset digits, int count, long seed, boolean flatten) {
        if (digits.sampleSize() != DIGIT * DIGIT || digits.numClasses() != DIGIT_WORDS.size()) {
            throw new IllegalArgumentException("MnistCaptions: expects MNIST-like digits (samples of 28 × 28 = 784"
                    + " values, 10 classes), got " + digits);
        }
        if (digits.size() == 0 || count < 0) {
            throw new IllegalArgumentException("MnistCaptions: cannot make " + count + " images from "
                    + digits.size() + " digits");
        }
        float[] src = digits.data();
        int image = HEIGHT * WIDTH;
        float[] pixels = new float[count * image];
        int[][] captions = new int[count][CAPTION_LENGTH];
        int[] imageIdxs = new int[count];
        Rng rng = new Rng(seed);
        for (int n = 0; n < count; n++) {
            int k = 1 + rng.nextInt(MAX_DIGITS);
            int[] row = captions[n];
            row[0] = Vocabulary.START_ID;
            for (int j = 0; j < k; j++) {
                int i = rng.nextInt(digits.size());
                int from = i * DIGIT * DIGIT;
                int to = n * image + j * DIGIT;
                for (int y = 0; y < DIGIT; y++) {
                    System.arraycopy(src, from + y * DIGIT, pixels, to + y * WIDTH, DIGIT);
                }
                row[j + 1] = FIRST_DIGIT_ID + digits.label(i);
            }
            row[k + 1] = Vocabulary.END_ID; // the rest stays 0 = <NULL>
            imageIdxs[n] = n;
        }
        Tensor features = flatten ? Tensor.of(pixels, count, image) : Tensor.of(pixels, count, 1, HEIGHT, WIDTH);
        return new CaptionData(features, captions, imageIdxs, VOCABULARY);
    }

    /**
     * Training examples from {@code mnist.train()}'s digits, held-out examples ({@code val}) from
     * {@code mnist.test()}'s; the two draw from two streams derived from {@code seed}.
     */
    public static CaptionData.Splits splits(TrainTest mnist, int trainCount, int valCount, long seed,
            boolean flatten) {
        Rng rng = new Rng(seed);
        long trainSeed = rng.nextLong();
        long valSeed = rng.nextLong();
        return new CaptionData.Splits(generate(mnist.train(), trainCount, trainSeed, flatten),
                generate(mnist.test(), valCount, valSeed, flatten));
    }
}
