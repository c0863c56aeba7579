package io.dendrite.data;

/** A training set and a test set, as the standard datasets ship. */
public record TrainTest(Dataset train, Dataset test) {
    /**
     * Holds out the last {@code valCount} training samples as validation (a common MNIST split:
     * 55 000 / 5 000 / 10 000 with {@code withValidation(5000)}).
     */
    public TrainValTest withValidation(int valCount) {
        int n = train.size();
        if (valCount < 0 || valCount > n) {
            throw new IllegalArgumentException("withValidation(" + valCount + "): the training set has " + n
                    + " samples");
        }
        return new TrainValTest(train.subset(0, n - valCount), train.subset(n - valCount, n), test);
    }

    /**
     * cs231n's subsampling: train = the first {@code numTrain} training samples, val = the next
     * {@code numVal}, test = the first {@code numTest} test samples.
     */
    public TrainValTest split(int numTrain, int numVal, int numTest) {
        if (numTrain < 0 || numVal < 0 || numTest < 0 || (long) numTrain + numVal > train.size()
                || numTest > test.size()) {
            throw new IllegalArgumentException("split(" + numTrain + ", " + numVal + ", " + numTest + "): needs "
                    + ((long) numTrain + numVal) + " training and " + numTest + " test samples, the data has "
                    + train.size() + " and " + test.size());
        }
        Dataset.Split s = train.split(numTrain, numVal);
        return new TrainValTest(s.train(), s.val(), test.subset(0, numTest));
    }
}
