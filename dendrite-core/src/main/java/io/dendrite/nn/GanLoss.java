package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

import java.util.Locale;

/**
 * Which pair of {@link GanLosses} a GAN trains with: the discriminator's loss over its real and fake scores, and the
 * generator's loss over the scores of its samples. {@link #VANILLA} is cs231n's GAN (binary cross-entropy on logits,
 * the generator's non-saturating loss), {@link #LEAST_SQUARES} its LSGAN.
 */
public enum GanLoss {
    /** {@link GanLosses#discriminatorLoss} and {@link GanLosses#generatorLoss}: the discriminator outputs logits. */
    VANILLA,
    /** {@link GanLosses#lsDiscriminatorLoss} and {@link GanLosses#lsGeneratorLoss}: scores aimed at 1 and 0. */
    LEAST_SQUARES;

    /** The discriminator's loss and its gradients with respect to the real and the fake scores. */
    public GanLosses.DiscriminatorLoss discriminator(Tensor scoresReal, Tensor scoresFake) {
        return this == VANILLA ? GanLosses.discriminatorLoss(scoresReal, scoresFake)
                : GanLosses.lsDiscriminatorLoss(scoresReal, scoresFake);
    }

    /** The generator's loss and its gradient with respect to the fake scores. */
    public LossResult generator(Tensor scoresFake) {
        return this == VANILLA ? GanLosses.generatorLoss(scoresFake) : GanLosses.lsGeneratorLoss(scoresFake);
    }

    /** "vanilla" or "least-squares", as {@link #parse} reads them. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads "vanilla" or "least-squares" (also "ls", "lsgan"; any case). */
    public static GanLoss parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "vanilla" -> VANILLA;
            case "least-squares", "least_squares", "ls", "lsgan" -> LEAST_SQUARES;
            default -> throw new IllegalArgumentException("unknown GAN loss '" + name + "' — expected vanilla or least-squares");
        };
    }
}
