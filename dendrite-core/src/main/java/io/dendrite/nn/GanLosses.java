package io.dendrite.nn;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * The GAN losses of cs231n's GANs notebook, each returning its value and the gradients with respect to the
 * discriminator's score tensors (what the discriminator's and generator's backward passes start from).
 *
 * <pre>
 *   vanilla (Goodfellow et al. 2014, the generator maximizing log D(G(z)) rather than minimizing log(1 − D(G(z)))):
 *     discriminatorLoss   = bce(s_real, 1) + bce(s_fake, 0)
 *     generatorLoss       = bce(s_fake, 1)
 *   least squares (Mao et al. 2017):
 *     lsDiscriminatorLoss = ½·mean((s_real − 1)²) + ½·mean(s_fake²)
 *     lsGeneratorLoss     = ½·mean((s_fake − 1)²)
 * </pre>
 * where {@code bce} is {@link BinaryCrossEntropyWithLogits} (the mean over all elements of the score tensor) and
 * the vanilla losses take logits. As in the notebook, the discriminator loss is the <em>sum</em> of a mean over the
 * real batch and a mean over the fake batch, so each batch weighs the same even when their sizes differ. Scores
 * are (N, …) — usually (N, 1) or (N,); real and fake scores must have the same shape apart from N. Arithmetic is in
 * double; gradients come back in the scores' dtype.
 */
public final class GanLosses {
    private GanLosses() {
    }

    /** A discriminator loss and its gradients with respect to the real and the fake scores. */
    public record DiscriminatorLoss(double loss, Tensor gradReal, Tensor gradFake) {
    }

    /** bce(real, 1) + bce(fake, 0): the discriminator learns to call real data real and generated data fake. */
    public static DiscriminatorLoss discriminatorLoss(Tensor logitsReal, Tensor logitsFake) {
        checkPair("discriminatorLoss", logitsReal, logitsFake);
        LossResult real = BinaryCrossEntropyWithLogits.compute(logitsReal, Tensor.ones(logitsReal.dtype(), logitsReal.shape()));
        LossResult fake = BinaryCrossEntropyWithLogits.compute(logitsFake, Tensor.zeros(logitsFake.dtype(), logitsFake.shape()));
        return new DiscriminatorLoss(real.loss() + fake.loss(), real.grad(), fake.grad());
    }

    /** bce(fake, 1): the generator wants its samples called real (the non-saturating loss). */
    public static LossResult generatorLoss(Tensor logitsFake) {
        check("generatorLoss", "fake", logitsFake);
        return BinaryCrossEntropyWithLogits.compute(logitsFake, Tensor.ones(logitsFake.dtype(), logitsFake.shape()));
    }

    /** ½·mean((real − 1)²) + ½·mean(fake²); d/dreal = (real − 1)/M_real, d/dfake = fake/M_fake. */
    public static DiscriminatorLoss lsDiscriminatorLoss(Tensor scoresReal, Tensor scoresFake) {
        checkPair("lsDiscriminatorLoss", scoresReal, scoresFake);
        double[] gr = new double[scoresReal.size()], gf = new double[scoresFake.size()];
        double loss = halfMeanSquare(scoresReal, 1, gr) + halfMeanSquare(scoresFake, 0, gf);
        return new DiscriminatorLoss(loss, LossChecks.gradLike(scoresReal, gr), LossChecks.gradLike(scoresFake, gf));
    }

    /** ½·mean((fake − 1)²); d/dfake = (fake − 1)/M. */
    public static LossResult lsGeneratorLoss(Tensor scoresFake) {
        check("lsGeneratorLoss", "fake", scoresFake);
        double[] g = new double[scoresFake.size()];
        double loss = halfMeanSquare(scoresFake, 1, g);
        return new LossResult(loss, LossChecks.gradLike(scoresFake, g));
    }

    /** ½·mean((s − target)²), writing its gradient (s − target)/M into g. */
    private static double halfMeanSquare(Tensor s, double target, double[] g) {
        double[] v = s.toDoubleArray();
        int m = v.length;
        double sum = 0;
        for (int k = 0; k < m; k++) {
            double d = v[k] - target;
            sum += d * d;
            g[k] = d / m;
        }
        return 0.5 * sum / m;
    }

    private static void check(String loss, String which, Tensor scores) {
        if (scores == null) {
            throw new IllegalArgumentException("GanLosses." + loss + ": " + which + " scores must not be null");
        }
        if (scores.ndim() == 0 || scores.size() == 0) {
            throw new IllegalArgumentException("GanLosses." + loss + ": " + which + " scores " + Shapes.format(scores.shape())
                    + " hold no batch, expected (N, …) with N ≥ 1 — the discriminator's output for a batch");
        }
    }

    private static void checkPair(String loss, Tensor real, Tensor fake) {
        check(loss, "real", real);
        check(loss, "fake", fake);
        int[] r = real.shape(), f = fake.shape();
        if (!Arrays.equals(r, 1, r.length, f, 1, f.length)) {
            throw new IllegalArgumentException("GanLosses." + loss + ": real scores " + Shapes.format(r) + " and fake scores "
                    + Shapes.format(f) + " differ beyond the batch axis — both must be the discriminator's output, (N, …)"
                    + " of the same per-example shape");
        }
    }
}
