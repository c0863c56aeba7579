package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed BLEU-1 values; each also printed by {@code nltk.translate.bleu_score.sentence_bleu(refs, hyp,
 * weights=[1])} (nltk 3.9), as cs231n's {@code BLEU_score} calls it.
 */
class CaptionMetricsTest {
    static List<String> w(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    @Test
    void sameLengthIsPlainUnigramPrecision() {
        // 5 of 6 words match, c = r = 6, BP = exp(1 - 6/6) = 1
        assertThat(CaptionMetrics.bleu1(w("a cat sat on the mat"), w("a cat is on the mat")))
                .isCloseTo(5.0 / 6, within(1e-15));
    }

    @Test
    void countsAreClippedByTheReference() {
        // "the" ×4 counts once (the reference has it once): 1/4; c = 4 > r = 2, BP = 1
        assertThat(CaptionMetrics.bleu1(w("the the the the"), w("the cat"))).isCloseTo(0.25, within(1e-15));
    }

    @Test
    void shortHypothesesPayTheBrevityPenalty() {
        // p = 2/2, BP = exp(1 - 6/2) = e^-2 = 0.1353352832366127
        assertThat(CaptionMetrics.bleu1(w("the cat"), w("the cat sat on the mat")))
                .isCloseTo(Math.exp(-2), within(1e-15));
        // "seven" twice, once in the reference: p = 1/2; BP = exp(1 - 3/2): 0.3032653298563167
        assertThat(CaptionMetrics.bleu1(w("seven seven"), w("seven two one")))
                .isCloseTo(0.5 * Math.exp(-0.5), within(1e-15));
    }

    @Test
    void closestReferenceLengthTakesTheShorterOnATie() {
        // c = 4; lengths 2 and 6 are equally close, r = 2, BP = 1; p = 2/4 (a, b) = 0.5
        assertThat(CaptionMetrics.bleu1AgainstAll(w("a b c d"), List.of(w("a b"), w("x y z w v u"))))
                .isCloseTo(0.5, within(1e-15));
        // clipping takes each word's largest count over the references: "a a" against "a" and "a a b" → 2/2,
        // closest length 3 (|3-2| = 1 ties with |1-2|; the shorter, 1, wins): c = 2 > 1, BP = 1
        assertThat(CaptionMetrics.bleu1AgainstAll(w("a a"), List.of(w("a"), w("a a b")))).isEqualTo(1.0);
    }

    @Test
    void noMatchOrEmptyHypothesisScoresZero() {
        assertThat(CaptionMetrics.bleu1(w("a b"), w("x"))).isZero();
        assertThat(CaptionMetrics.bleu1(w(""), w("a b"))).isZero();
        assertThat(CaptionMetrics.bleu1(w("<START> <END>"), w("a b"))).isZero();
    }

    @Test
    void specialTokensAreDroppedAsCs231nDoes() {
        assertThat(CaptionMetrics.bleu1(w("<START> a <UNK> cat <END>"), w("<START> a cat <END> <NULL>")))
                .isEqualTo(1.0);
        assertThat(CaptionMetrics.content(w("<START> a <UNK> cat <END> <NULL>"))).containsExactly("a", "cat");
    }

    @Test
    void idRowsAreDecodedFirstAndAveragedOverASplit() {
        Vocabulary v = MnistCaptions.vocabulary(); // zero = 4 … nine = 13
        int[][] hyp = {
            {1, 11, 6, 2, 0, 0},      // seven two
            {1, 11, 11, 2, 7, 7},     // seven seven (after <END>: ignored)
            {1, 5, 2, 0, 0, 0},       // one
        };
        int[][] ref = {
            {1, 11, 6, 2, 0, 0},      // seven two
            {1, 11, 6, 5, 2, 0},      // seven two one
            {1, 9, 2, 0, 0, 0},       // five
        };
        assertThat(CaptionMetrics.bleu1(hyp[1], ref[1], v)).isCloseTo(0.5 * Math.exp(-0.5), within(1e-15));
        assertThat(CaptionMetrics.meanBleu1(hyp, ref, v)).isCloseTo((1 + 0.5 * Math.exp(-0.5) + 0) / 3, within(1e-15));
        assertThat(CaptionMetrics.exactAccuracy(hyp, ref, v)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(CaptionMetrics.exactMatch(w("<START> a b <END>"), w("a b"))).isTrue();
        assertThat(CaptionMetrics.exactMatch(w("a b"), w("a b c"))).isFalse();
        assertThatThrownBy(() -> CaptionMetrics.meanBleu1(hyp, new int[2][], v))
                .hasMessageContaining("3 hypotheses and 2 references");
    }
}
