package io.dendrite.model;

import io.dendrite.data.text.CaptionMetrics;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * How well a {@link CaptionModel} captions held-out images, as cs231n reports it: the decoded captions, their mean
 * BLEU-1 ({@link CaptionMetrics#meanBleu1}) and exact-caption accuracy ({@link CaptionMetrics#exactAccuracy}) against
 * the reference captions. Decoding is greedy for a beam width of 1, beam search otherwise, {@value #CHUNK} images at a
 * time, each caption up to T words long for references of T+1 ids.
 *
 * @param hypotheses the decoded captions, one row of T ids per image
 * @param bleu1      mean unigram BLEU
 * @param exact      the share of captions equal to their reference
 * @param beamWidth  1 for greedy decoding
 */
public record CaptionEvaluation(int[][] hypotheses, double bleu1, double exact, int beamWidth) {
    /** Images decoded at once: bounds the memory of the decoding states. */
    public static final int CHUNK = 1000;

    /**
     * Decodes every row of {@code features} and scores the captions against {@code captions} (rows of T+1 ids,
     * {@code <START>} first, as the model trained on).
     */
    public static CaptionEvaluation of(CaptionModel model, Tensor features, int[][] captions, int beamWidth) {
        int n = features.shape(0);
        if (captions.length != n || n == 0) {
            throw new IllegalArgumentException("CaptionEvaluation: " + captions.length + " captions for " + n
                    + " feature rows, expected one per row and at least one");
        }
        int steps = captions[0].length - 1;
        int[][] hyp = new int[n][];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            Tensor x = features.slice(from, to);
            int[][] part = beamWidth == 1 ? model.sample(x, steps) : model.sampleBeam(x, beamWidth, steps);
            System.arraycopy(part, 0, hyp, from, to - from);
        }
        int[][] ref = new int[n][];
        for (int i = 0; i < n; i++) {
            ref[i] = Arrays.copyOfRange(captions[i], 1, captions[i].length);   // <START> is not predicted
        }
        return new CaptionEvaluation(hyp, CaptionMetrics.meanBleu1(hyp, ref, model.vocabulary()),
                CaptionMetrics.exactAccuracy(hyp, ref, model.vocabulary()), beamWidth);
    }
}
