package io.dendrite.data;

/**
 * CIFAR-10 as cs231n's assignment 1 prepares it ({@code get_CIFAR10_data} in its notebooks): the
 * first 49 000 training images to train on, the next 1 000 (training samples 49 000–49 999) to
 * validate on, the first 1 000 test images to test on; then the mean image of the 49 000 training
 * images subtracted from the raw 0–255 values of all three — no division by 255, no standard
 * deviation.
 *
 * <pre>{@code
 * Cs231nCifar10.Prepared p = Cs231nCifar10.prepare(Cifar10.load(dir));
 * p.data().train();   // 49 000 × (3, 32, 32), zero mean per value
 * p.meanImage();      // save it with the model: new inputs get the same subtraction
 * }</pre>
 */
public final class Cs231nCifar10 {
    public static final int NUM_TRAIN = 49_000;
    public static final int NUM_VAL = 1_000;
    public static final int NUM_TEST = 1_000;

    private Cs231nCifar10() {
    }

    /** The prepared split and the mean image that was subtracted from it. */
    public record Prepared(TrainValTest data, Normalizer meanImage) {
    }

    /** cs231n's 49 000 / 1 000 / 1 000 split of raw CIFAR-10, less the training mean image. */
    public static Prepared prepare(TrainTest raw) {
        return prepare(raw, NUM_TRAIN, NUM_VAL, NUM_TEST, null);
    }

    /**
     * The same preparation with other sizes: train = the first {@code numTrain} training samples, validation =
     * the next {@code numVal}, test = the first {@code numTest} test samples. The mean image is {@code meanImage}
     * when given (a saved model's, so that evaluation sees what training saw), else the training split's.
     *
     * @throws IllegalArgumentException when the data has fewer samples than the split needs
     */
    public static Prepared prepare(TrainTest raw, int numTrain, int numVal, int numTest, Normalizer meanImage) {
        TrainValTest s = raw.split(numTrain, numVal, numTest);
        Normalizer mean = meanImage != null ? meanImage : Normalizer.meanImage(s.train());
        return new Prepared(new TrainValTest(mean.apply(s.train()), mean.apply(s.val()), mean.apply(s.test())), mean);
    }
}
