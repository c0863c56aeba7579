package io.dendrite.data.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How good generated captions are, as cs231n's assignment 3 measures them: unigram BLEU and exact matches.
 *
 * <p><b>BLEU-1</b> is cs231n's {@code BLEU_score}: {@code nltk.translate.bleu_score.sentence_bleu([reference],
 * hypothesis, weights=[1])} on the captions' words with the special tokens removed. That is the clipped unigram
 * precision p₁ — each hypothesis word counts at most as often as it appears in the reference that holds it most
 * often, divided by the hypothesis length — times the brevity penalty BP = 1 when the hypothesis is longer than
 * the closest reference length r (the reference length nearest the hypothesis length c, the shorter on a tie),
 * otherwise e<sup>1 − r/c</sup>. With no matching word, or an empty hypothesis, the score is 0 (as nltk). cs231n
 * averages it over a split ({@link #meanBleu1}).
 *
 * <p><b>Exact-caption accuracy</b> is the share of hypotheses whose words equal the reference's.
 *
 * <p>The word-list methods drop the special tokens ({@code <NULL> <START> <END> <UNK>}) themselves; the id-row
 * methods decode with {@link Vocabulary#decode} first (stopping at {@code <END>}).
 */
public final class CaptionMetrics {
    private CaptionMetrics() {
    }

    /** cs231n's unigram BLEU of {@code hypothesis} against one {@code reference}. */
    public static double bleu1(List<String> hypothesis, List<String> reference) {
        return bleu1AgainstAll(hypothesis, List.of(reference));
    }

    /** Unigram BLEU of {@code hypothesis} against several {@code references} (nltk's multi-reference form). */
    public static double bleu1AgainstAll(List<String> hypothesis, List<List<String>> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("bleu1AgainstAll: needs at least one reference");
        }
        List<String> hyp = content(hypothesis);
        int c = hyp.size();
        if (c == 0) {
            return 0;
        }
        Map<String, Integer> maxRefCounts = new HashMap<>();
        int closest = -1;
        for (List<String> reference : references) {
            List<String> ref = content(reference);
            for (Map.Entry<String, Integer> e : counts(ref).entrySet()) {
                maxRefCounts.merge(e.getKey(), e.getValue(), Math::max);
            }
            int r = ref.size();
            if (closest < 0 || Math.abs(r - c) < Math.abs(closest - c) || (Math.abs(r - c) == Math.abs(closest - c)
                    && r < closest)) {
                closest = r;
            }
        }
        int clipped = 0;
        for (Map.Entry<String, Integer> e : counts(hyp).entrySet()) {
            clipped += Math.min(e.getValue(), maxRefCounts.getOrDefault(e.getKey(), 0));
        }
        if (clipped == 0) {
            return 0;
        }
        double precision = (double) clipped / c;
        double brevity = c > closest ? 1 : Math.exp(1 - (double) closest / c);
        return brevity * precision;
    }

    /** Unigram BLEU of two caption rows of word ids, decoded with {@code vocabulary}. */
    public static double bleu1(int[] hypothesis, int[] reference, Vocabulary vocabulary) {
        return bleu1(vocabulary.decode(hypothesis), vocabulary.decode(reference));
    }

    /**
     * The mean unigram BLEU over pairs of caption rows, as cs231n's {@code evaluate_model} reports it per split.
     */
    public static double meanBleu1(int[][] hypotheses, int[][] references, Vocabulary vocabulary) {
        checkPairs(hypotheses, references);
        double total = 0;
        for (int i = 0; i < hypotheses.length; i++) {
            total += bleu1(hypotheses[i], references[i], vocabulary);
        }
        return total / hypotheses.length;
    }

    /** True when the two word lists are equal once the special tokens are dropped. */
    public static boolean exactMatch(List<String> hypothesis, List<String> reference) {
        return content(hypothesis).equals(content(reference));
    }

    /** The share of hypothesis rows whose decoded words equal their reference row's. */
    public static double exactAccuracy(int[][] hypotheses, int[][] references, Vocabulary vocabulary) {
        checkPairs(hypotheses, references);
        int same = 0;
        for (int i = 0; i < hypotheses.length; i++) {
            same += exactMatch(vocabulary.decode(hypotheses[i]), vocabulary.decode(references[i])) ? 1 : 0;
        }
        return (double) same / hypotheses.length;
    }

    /** The words without the special tokens. */
    public static List<String> content(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            if (!Vocabulary.SPECIALS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static Map<String, Integer> counts(List<String> words) {
        Map<String, Integer> m = new HashMap<>();
        for (String w : words) {
            m.merge(w, 1, Integer::sum);
        }
        return m;
    }

    private static void checkPairs(int[][] hypotheses, int[][] references) {
        if (hypotheses.length != references.length || hypotheses.length == 0) {
            throw new IllegalArgumentException("caption metrics need as many references as hypotheses, at least one;"
                    + " got " + hypotheses.length + " hypotheses and " + references.length + " references");
        }
    }
}
