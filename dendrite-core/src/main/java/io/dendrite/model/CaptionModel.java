package io.dendrite.model;

import io.dendrite.data.text.CaptionMetrics;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * A model that captions images from their feature vectors, cs231n assignment 3's captioning networks: trained by the
 * Solver as a {@link SequenceModel} on features x (N, D) and caption rows (N, T+1) of word ids, it reads
 * {@code captions[:, :-1]} and predicts {@code captions[:, 1:]}, the {@code <NULL>} targets masked out. Its word ids
 * follow {@link Vocabulary}: {@code <NULL>} = 0, {@code <START>} = 1, {@code <END>} = 2.
 *
 * <p>Every kind of captioning model ({@link CaptioningRnn}; a Transformer decoder alike) is made, saved and loaded
 * through {@link CaptionModels}, and decodes in three ways, all starting from {@code <START>}:
 * <ul>
 *   <li>{@link #sample(Tensor, int)} — greedy: the most likely word at every step;</li>
 *   <li>{@link #sampleBeam(Tensor, int, int)} — beam search;</li>
 *   <li>{@link #sample(Tensor, int, double, Rng)} — words drawn from softmax(scores / temperature).</li>
 * </ul>
 * A decoded row holds {@code maxLength} ids without the {@code <START>}: the words, then {@code <END>} and
 * {@code <NULL>} padding once the caption has ended (a caption that never ends fills the row with words).
 *
 * <p><b>The metric</b> the Solver records is {@link #captionMetric()} of greedy decodings against the targets, a mean
 * over rows: exact-caption accuracy by default, BLEU-1 where chosen (see {@link Metric}).
 */
public interface CaptionModel extends SequenceModel {
    /** How {@link #metric} scores greedy captions against the reference rows; both are means over rows. */
    enum Metric {
        /** The share of captions whose words equal the reference's ({@link CaptionMetrics#exactAccuracy}). */
        EXACT("exact-caption accuracy (greedy)"),
        /** cs231n's unigram BLEU, averaged over captions ({@link CaptionMetrics#meanBleu1}). */
        BLEU1("BLEU-1 (greedy)");

        private final String title;

        Metric(String title) {
            this.title = title;
        }

        /** The name the Solver's History records, e.g. {@code exact-caption accuracy (greedy)}. */
        public String title() {
            return title;
        }

        /** The score of hypothesis rows against reference rows (words decoded with {@code vocabulary}). */
        public double score(int[][] hypotheses, int[][] references, Vocabulary vocabulary) {
            return this == EXACT ? CaptionMetrics.exactAccuracy(hypotheses, references, vocabulary)
                    : CaptionMetrics.meanBleu1(hypotheses, references, vocabulary);
        }

        /** The metric named {@code name} ("exact" or "bleu1", any case). */
        public static Metric parse(String name) {
            for (Metric m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown caption metric '" + name + "' (expected exact or bleu1)");
        }
    }

    /** The words of the ids. */
    Vocabulary vocabulary();

    /** D, the features of one image. */
    int inputDim();

    /** The dtype of the parameters, which the features must have. */
    DType dtype();

    /**
     * The recipe that {@link CaptionModels#create} turns back into this model with fresh weights: the kind
     * ({@code rnn}, …) and its options.
     */
    ModelSpec spec();

    /** What {@link #metric} measures. */
    Metric captionMetric();

    /** Greedy decoding: {@code maxLength} ids per image, see the class comment. Leaves gradients alone. */
    int[][] sample(Tensor features, int maxLength);

    /**
     * Beam search with {@code beamWidth} partial captions per image, the kept ones ranked by the sum of their words'
     * log-probabilities; a width of 1 is {@link #sample(Tensor, int) greedy decoding}.
     */
    int[][] sampleBeam(Tensor features, int beamWidth, int maxLength);

    /**
     * Words drawn from softmax(scores / temperature) at every step with {@code rng}: reproducible for a seed; a low
     * temperature approaches greedy decoding, a high one uniform choice.
     */
    int[][] sample(Tensor features, int maxLength, double temperature, Rng rng);

    /** {@link #captionMetric()} of greedy captions of T words, T+1 being the targets' length. */
    @Override
    default double metric(Tensor x, int[][] targets) {
        if (targets.length == 0 || targets[0].length < 2) {
            throw new IllegalArgumentException(this + ": metric needs caption rows of T+1 ≥ 2 ids, got "
                    + (targets.length == 0 ? "none" : targets[0].length + " ids"));
        }
        int[][] hyp = sample(x, targets[0].length - 1);
        int[][] ref = new int[targets.length][];
        for (int n = 0; n < targets.length; n++) {
            ref[n] = Arrays.copyOfRange(targets[n], 1, targets[n].length);   // the <START> is not predicted
        }
        return captionMetric().score(hyp, ref, vocabulary());
    }

    @Override
    default String metricName() {
        return captionMetric().title();
    }
}
