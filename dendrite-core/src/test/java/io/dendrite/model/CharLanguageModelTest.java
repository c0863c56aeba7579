package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.data.Sampling;
import io.dendrite.data.text.CharStreams;
import io.dendrite.data.text.CharVocabulary;
import io.dendrite.data.text.Tokens;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The character language model: initial loss, learning, carried state, sampling, perplexity, save/load, gradients. */
class CharLanguageModelTest {
    private static final String LINE = "the quick brown fox jumps over the lazy dog\n";
    private static final String TEXT = LINE.repeat(24);
    private static final CharVocabulary VOCAB = CharVocabulary.of(TEXT);

    private static CharLanguageModel model(DType dtype, CharLanguageModel.Cell cell, int hidden, int layers) {
        return CharLanguageModel.builder(VOCAB).cell(cell).embed(8).hidden(hidden).layers(layers).dtype(dtype)
                .seed(3).build();
    }

    /** Random ids over the vocabulary: a text with nothing to learn. */
    private static int[] randomIds(int length, long seed) {
        Rng rng = new Rng(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = rng.nextInt(VOCAB.size());
        }
        return ids;
    }

    /** Rows of T+1 ids: stream r is ids[r·(T) + k·T …] for one window k = 0 of {@code rows} consecutive streams. */
    private static int[][] window(int[] ids, int rows, int from, int steps) {
        int[][] w = new int[rows][];
        int stream = (ids.length - 1) / rows;
        for (int r = 0; r < rows; r++) {
            w[r] = Arrays.copyOfRange(ids, r * stream + from, r * stream + from + steps + 1);
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(CharLanguageModel.Cell.class)
    void lossAtInitializationIsLnV(CharLanguageModel.Cell cell) {
        CharLanguageModel m = model(DType.F32, cell, 32, 2);
        int[][] rows = window(randomIds(2000, 1), 8, 0, 20);
        double loss = m.loss(Tokens.inputs(rows), rows);
        assertThat(loss).isCloseTo(Math.log(VOCAB.size()), within(0.01));
    }

    @Test
    void learnsATinyTextAndGreedySamplingReproducesIt() {
        CharLanguageModel m = CharLanguageModel.builder(VOCAB).hidden(48).embed(16).seed(5).build();
        int[][] rows = CharStreams.windows(VOCAB.encode(TEXT), 16);
        History h = Solver.builder(m).train(Tokens.inputs(rows), rows).updateRule(new Adam(2e-2))
                .sampling(Sampling.STREAMS).batchSize(4).numEpochs(40).clipNorm(5).seed(1).build().train();
        double[] loss = h.lossHistory();
        assertThat(loss[0]).isCloseTo(Math.log(VOCAB.size()), within(0.02));
        double last = Arrays.stream(loss, loss.length - 10, loss.length).average().orElseThrow();
        assertThat(last).isLessThan(0.1 * Math.log(VOCAB.size()));
        String prime = "the quick";
        String expected = (LINE + LINE + LINE).substring(0, prime.length() + 100);
        assertThat(m.sample(prime, 100, 0, new Rng(0))).isEqualTo(expected);
        assertThat(m.perplexity(VOCAB.encode(TEXT), 2, 50)).isLessThan(1.2);
    }

    @Test
    void carriedStateContinuesAWindowExactly() {
        CharLanguageModel m = model(DType.F64, CharLanguageModel.Cell.LSTM, 12, 2);
        int[] ids = randomIds(301, 2);
        int[][] full = window(ids, 3, 0, 10);
        int[][] first = window(ids, 3, 0, 5), second = window(ids, 3, 5, 5), next = window(ids, 3, 10, 10);
        m.resetState();
        double whole = m.loss(Tokens.inputs(full), full);
        double afterWhole = m.loss(Tokens.inputs(next), next);
        m.resetState();
        double a = m.loss(Tokens.inputs(first), first);
        double b = m.loss(Tokens.inputs(second), second);
        double afterHalves = m.loss(Tokens.inputs(next), next);
        assertThat((a + b) / 2).isCloseTo(whole, within(1e-12));      // per-character means of equal halves
        assertThat(afterHalves).isCloseTo(afterWhole, within(1e-12));  // the same state after both
        m.resetState();
        double fresh = m.loss(Tokens.inputs(second), second);
        assertThat(fresh).isNotCloseTo(b, within(1e-6));
        CharLanguageModel other = model(DType.F64, CharLanguageModel.Cell.LSTM, 12, 2);
        assertThat(other.loss(Tokens.inputs(second), second)).isEqualTo(fresh);   // reset = zeros, as a new model
        assertThat(m.metric(Tokens.inputs(next), next)).isBetween(0.0, 1.0);
        assertThatThrownBy(() -> m.loss(Tokens.inputs(window(ids, 2, 0, 5)), window(ids, 2, 0, 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resetState()");
    }

    @ParameterizedTest
    @EnumSource(CharLanguageModel.Cell.class)
    void gradientsMatchFiniteDifferencesInF64(CharLanguageModel.Cell cell) {
        CharLanguageModel m = CharLanguageModel.builder(CharVocabulary.of("abcde")).cell(cell).embed(3).hidden(4)
                .layers(2).dtype(DType.F64).seed(7).build();
        // larger weights than the initialization, so that every path carries a gradient well above the noise
        Rng rng = new Rng(11);
        for (Parameter p : m.params().values()) {
            p.value().assign(Tensor.randn(rng, DType.F64, p.value().shape()).mul(0.5));
        }
        int[][] rows = {{0, 3, 1, 4, 2}, {2, 2, 0, 1, 3}};
        Tensor x = Tokens.inputs(rows, DType.F64);
        m.resetState();
        m.loss(x, rows);
        Map<String, Tensor> analytic = new java.util.LinkedHashMap<>();   // before the numerical passes refill grads
        m.params().forEach((name, p) -> analytic.put(name, p.grad().copy()));
        for (Map.Entry<String, Parameter> e : m.params().entrySet()) {
            Tensor numeric = GradientCheck.numericalGradient(() -> {
                m.resetState();
                return m.loss(x, rows);
            }, e.getValue().value(), GradientCheck.DEFAULT_H);
            assertCloseGradient(cell + " " + e.getKey(), analytic.get(e.getKey()), numeric);
        }
    }

    /**
     * Every element within a relative error of 1e-7, or, for the few near-zero ones, an absolute error of 1e-10: the
     * central difference of a loss of about 1.6 at h = 1e-5 carries rounding of about 1e-16 · 1.6 / 1e-5 ≈ 2e-11.
     */
    private static void assertCloseGradient(String name, Tensor analytic, Tensor numerical) {
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.getFlat(i), n = numerical.getFlat(i), diff = Math.abs(a - n);
            double rel = diff / Math.max(1e-8, Math.abs(a) + Math.abs(n));
            assertThat(diff <= 1e-10 || rel <= 1e-7).as("%s element %d: analytic %s, numerical %s (relative error %s)",
                    name, i, a, n, rel).isTrue();
        }
    }

    @Test
    void samplingIsReproducibleWithASeed() {
        CharLanguageModel m = model(DType.F32, CharLanguageModel.Cell.GRU, 16, 1);
        String a = m.sample("the", 60, 1.0, new Rng(42));
        assertThat(m.sample("the", 60, 1.0, new Rng(42))).isEqualTo(a);
        assertThat(a).startsWith("the").hasSize(63);
        assertThat(m.sample("the", 60, 1.0, new Rng(43))).isNotEqualTo(a);
        assertThat(m.sample("", 5, 1.0, new Rng(1))).hasSize(5);
        assertThatThrownBy(() -> m.sample("thé", 5, 1.0, new Rng(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prime").hasMessageContaining("U+00E9");
        assertThatThrownBy(() -> m.sample("the", 5, -1, new Rng(1))).hasMessageContaining("invalid temperature -1");
    }

    @Test
    void temperatureSharpensOrFlattensTheDistribution() {
        CharLanguageModel m = model(DType.F64, CharLanguageModel.Cell.LSTM, 16, 1);
        Rng rng = new Rng(3);
        for (Parameter p : m.params().values()) {   // distinct scores, far from uniform
            p.value().assign(Tensor.randn(rng, DType.F64, p.value().shape()));
        }
        double cold = entropy(m.nextCharProbabilities("the lazy", 0.5));
        double one = entropy(m.nextCharProbabilities("the lazy", 1));
        double hot = entropy(m.nextCharProbabilities("the lazy", 3));
        assertThat(cold).isLessThan(one);
        assertThat(one).isLessThan(hot);
        assertThat(hot).isLessThan(Math.log(VOCAB.size()));
        double[] p1 = m.nextCharProbabilities("the lazy", 1);
        double[] greedy = m.nextCharProbabilities("the lazy", 0);
        int best = 0;
        for (int k = 0; k < p1.length; k++) {
            best = p1[k] > p1[best] ? k : best;
        }
        assertThat(greedy[best]).isEqualTo(1.0);
        assertThat(Arrays.stream(p1).sum()).isCloseTo(1.0, within(1e-12));
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double q : p) {
            h -= q > 0 ? q * Math.log(q) : 0;
        }
        return h;
    }

    @Test
    void perplexityOfAUniformModelIsV() {
        CharLanguageModel m = model(DType.F64, CharLanguageModel.Cell.LSTM, 8, 1);
        m.params().get("W_vocab").value().fill(0);
        m.params().get("b_vocab").value().fill(0);
        assertThat(m.perplexity(randomIds(1000, 4))).isCloseTo(VOCAB.size(), within(1e-9));
        assertThat(m.perplexity(randomIds(7, 4), 3, 2)).isCloseTo(VOCAB.size(), within(1e-9));
    }

    @Test
    void perplexityCarriesStateAcrossWindowsAndLeavesTheTrainingStateAlone() {
        CharLanguageModel m = model(DType.F64, CharLanguageModel.Cell.LSTM, 8, 2);
        int[] ids = randomIds(41, 5);
        int[][] one = {ids};
        m.resetState();
        double exact = Math.exp(m.loss(Tokens.inputs(one), one));   // one stream, one window, from zeros
        assertThat(m.perplexity(ids, 1, 40)).isCloseTo(exact, within(1e-10));
        assertThat(m.perplexity(ids, 1, 7)).isCloseTo(exact, within(1e-10));   // windows continue each other
        assertThat(m.perplexity(ids, 4, 3)).isNotCloseTo(exact, within(1e-9)); // four streams start from zeros
        int[] more = randomIds(41, 6);
        int[][] next = {more};
        m.resetState();
        m.loss(Tokens.inputs(one), one);
        double continued = m.loss(Tokens.inputs(next), next);
        m.resetState();
        m.loss(Tokens.inputs(one), one);
        m.perplexity(ids);
        assertThat(m.loss(Tokens.inputs(next), next)).isEqualTo(continued);
    }

    @Test
    void saveAndLoadKeepWeightsAndVocabulary(@TempDir Path dir) throws Exception {
        CharLanguageModel m = model(DType.F32, CharLanguageModel.Cell.GRU, 16, 2);
        Path file = dir.resolve("lm.dnd");
        m.save(file, Map.of("corpus", "test"));
        CharLanguageModel.Loaded back = CharLanguageModel.load(file);
        CharLanguageModel n = back.model();
        assertThat(back.metadata()).containsEntry("corpus", "test").doesNotContainKey("vocabulary");
        assertThat(n.toString()).isEqualTo(m.toString());
        assertThat(n.vocabulary().chars()).isEqualTo(VOCAB.chars());
        assertThat(n.params().keySet()).containsExactlyElementsOf(m.params().keySet());
        assertThat(n.sample("the", 80, 0.8, new Rng(9))).isEqualTo(m.sample("the", 80, 0.8, new Rng(9)));
        assertThatThrownBy(() -> ModelStore.load(file)).hasMessageContaining("character language model")
                .hasMessageContaining("lm sample");
    }

    @Test
    void f64CopyScoresAsTheF32Model() {
        CharLanguageModel m = model(DType.F32, CharLanguageModel.Cell.LSTM, 16, 2);
        CharLanguageModel d = m.to(DType.F64);
        int[][] rows = window(randomIds(400, 8), 4, 0, 12);
        assertThat(d.loss(Tokens.inputs(rows), rows)).isCloseTo(m.loss(Tokens.inputs(rows), rows), within(1e-5));
        assertThat(d.parameterCount()).isEqualTo(m.parameterCount());
    }

    @Test
    void refusesBadWindowsAndSizes() {
        CharLanguageModel m = model(DType.F32, CharLanguageModel.Cell.RNN, 8, 1);
        int[][] rows = {{1, 2, 3}};
        assertThatThrownBy(() -> m.loss(Tokens.inputs(new int[][]{{1, 2, 3, 4}}), rows))
                .hasMessageContaining("target window 0 has 3 ids, expected T+1 = 4");
        assertThatThrownBy(() -> CharLanguageModel.builder(VOCAB).hidden(0).build())
                .hasMessageContaining("invalid hidden size: 0");
    }
}
