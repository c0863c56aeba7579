package io.dendrite.optim;

/**
 * Cosine annealing without restarts (Loshchilov &amp; Hutter 2017, PyTorch's {@code CosineAnnealingLR}):
 * <pre>  lr_e = minLr + (lr0 − minLr) · (1 + cos(π · e / totalEpochs)) / 2</pre>
 * for {@code 0 ≤ e ≤ totalEpochs}, and {@code minLr} from then on. With {@code N} training epochs,
 * {@code totalEpochs = N} makes the last epoch ({@code N − 1}) train just above {@code minLr}.
 */
public final class CosineAnnealing implements LearningRateSchedule {
    private final int totalEpochs;
    private final double minLr;

    public CosineAnnealing(int totalEpochs, double minLr) {
        this.totalEpochs = Args.positive("CosineAnnealing", "total epochs", totalEpochs);
        this.minLr = Args.learningRate("CosineAnnealing (minLr)", minLr);
    }

    public int totalEpochs() {
        return totalEpochs;
    }

    public double minLr() {
        return minLr;
    }

    @Override
    public double learningRate(double initialLr, int epoch) {
        int e = Math.min(LearningRateSchedule.checkEpoch(epoch), totalEpochs);
        return minLr + (initialLr - minLr) * (1 + Math.cos(Math.PI * e / totalEpochs)) / 2;
    }

    @Override
    public String toString() {
        return "CosineAnnealing(totalEpochs=" + totalEpochs + ", minLr=" + minLr + ")";
    }
}
