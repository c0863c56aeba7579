package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.model.CaptioningRnn.Cell;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * CaptioningRnn against cs231n's notebooks and numpy ({@code golden/captioning.py}), F64 gradient checks of the whole
 * loss, masking, learning (the notebooks' overfit check) and decoding.
 */
class CaptioningRnnTest {
    private static final int N = 10, D = 20, W = 30, H = 40, T = 13;
    /** A vocabulary of 15 words: the four specials and eleven more. */
    private static final Vocabulary V15 = Vocabulary.of(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"));

    /** numpy's {@code np.linspace(start, stop, prod(shape)).reshape(shape)}, F64. */
    private static Tensor lin(double start, double stop, int... shape) {
        return Tensor.linspace(start, stop, Shapes.size(shape)).reshape(shape);
    }

    /** The notebooks' recipe: every parameter linspace(-1.4, 1.3) in its shape. */
    private static void setLinspace(CaptionModel model) {
        for (Parameter p : model.params().values()) {
            p.value().assign(lin(-1.4, 1.3, p.value().shape()));
        }
    }

    /** {@code (np.arange(N * T) % V).reshape(N, T)}. */
    private static int[][] arangeCaptions(int v) {
        int[][] c = new int[N][T];
        for (int i = 0; i < N * T; i++) {
            c[i / T][i % T] = i % v;
        }
        return c;
    }

    private static CaptioningRnn.Builder tiny(Cell cell) {
        return CaptioningRnn.builder().inputDim(D).wordvecDim(W).hiddenDim(H).cell(cell).dtype(DType.F64);
    }

    @Test
    void lossEqualsTheRnnNotebook() {
        CaptioningRnn model = tiny(Cell.RNN).vocabularySize(3).build();   // word_to_idx {'<NULL>': 0, 'cat': 2, 'dog': 3}
        setLinspace(model);
        double loss = model.loss(lin(-1.5, 0.3, N, D), arangeCaptions(3));
        assertThat(loss).isCloseTo(9.83235591003, within(1e-10));   // as printed by RNN_Captioning.ipynb
        assertThat(loss).isCloseTo(9.832355910027388, within(1e-12));
    }

    @Test
    void lossEqualsTheLstmNotebook() {
        CaptioningRnn model = tiny(Cell.LSTM).vocabularySize(3).build();
        setLinspace(model);
        double loss = model.loss(lin(-0.5, 1.7, N, D), arangeCaptions(3));
        assertThat(loss).isCloseTo(9.82445935443, within(1e-10));   // as printed by LSTM_Captioning.ipynb
        assertThat(loss).isCloseTo(9.82445935443226, within(1e-12));
    }

    @Test
    void lossEqualsNumpyForEveryCellAndAFifteenWordVocabulary() {
        double[][] expected = {   // golden/captioning.py: features linspace(-1.5, 0.3) then (-0.5, 1.7); V = 3, 15
                {9.832355910027388, 38.77658603015263, 9.908469883013371, 38.780176207202935},
                {9.769496967072262, 39.651080861278466, 9.82445935443226, 39.78998981787995},
                {10.274924566404128, 41.16819840845237, 8.590458148750026, 36.74891534316434}};
        double[][] features = {{-1.5, 0.3}, {-0.5, 1.7}};
        for (Cell cell : Cell.values()) {
            int k = 0;
            for (double[] f : features) {
                for (int v : new int[]{3, 15}) {
                    CaptioningRnn.Builder b = tiny(cell);
                    CaptioningRnn model = v == 15 ? b.vocabulary(V15).build() : b.vocabularySize(3).build();
                    setLinspace(model);
                    double loss = model.loss(lin(f[0], f[1], N, D), arangeCaptions(v));
                    assertThat(loss).as("%s, features linspace(%s, %s), V = %d", cell, f[0], f[1], v)
                            .isCloseTo(expected[cell.ordinal()][k++], within(1e-11));
                }
            }
        }
    }

    @Test
    void parametersAreNamedAsCs231nInItsOrder() {
        assertThat(tiny(Cell.LSTM).vocabulary(V15).build().params()).containsOnlyKeys("W_embed", "W_proj", "b_proj",
                "Wx", "Wh", "b", "W_vocab", "b_vocab");
        CaptioningRnn gru = tiny(Cell.GRU).vocabulary(V15).build();
        assertThat(gru.params().keySet()).containsExactly("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "bh",
                "W_vocab", "b_vocab");
        assertThat(gru.params().values()).extracting(Parameter::name).containsExactly("W_embed", "W_proj", "b_proj",
                "Wx", "Wh", "b", "bh", "W_vocab", "b_vocab");
        assertThat(gru.params().get("Wx").value().shape()).containsExactly(W, 3 * H);
        assertThat(gru.params().get("W_vocab").value().shape()).containsExactly(H, 15);
    }

    // ---------------------------------------------------------------- gradients and masking

    /** Random captions of T+1 ids: <START>, 1..T−1 words, <END>, <NULL> padding. */
    private static int[][] randomCaptions(Rng rng, int n, int length, int vocab) {
        int[][] c = new int[n][length];
        for (int i = 0; i < n; i++) {
            int words = 1 + rng.nextInt(length - 2);
            c[i][0] = Vocabulary.START_ID;
            for (int t = 1; t <= words; t++) {
                c[i][t] = 4 + rng.nextInt(vocab - 4);
            }
            c[i][words + 1] = Vocabulary.END_ID;
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void gradientOfTheWholeLossMatchesFiniteDifferencesForEveryParameter(Cell cell) {
        Rng rng = new Rng(231);
        CaptioningRnn model = CaptioningRnn.builder().vocabulary(Vocabulary.of(List.of("x", "y", "z"))).inputDim(4)
                .wordvecDim(5).hiddenDim(6).cell(cell).reg(0.03).dtype(DType.F64).seed(7).build();
        for (Parameter p : model.params().values()) {   // biases too, so that no gradient is checked at zero only
            p.value().assign(Tensor.randn(rng, DType.F64, p.value().shape()).muli(0.5));
        }
        Tensor x = Tensor.randn(rng, DType.F64, 3, 4);
        int[][] captions = randomCaptions(rng, 3, 6, 7);
        model.loss(x, captions);
        Map<String, Tensor> analyticGrads = new java.util.LinkedHashMap<>();   // before the numerical passes overwrite them
        model.params().forEach((name, p) -> analyticGrads.put(name, p.grad().copy()));
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            Tensor analytic = analyticGrads.get(e.getKey());
            Tensor numerical = GradientCheck.numericalGradient(() -> model.loss(x, captions), e.getValue().value(),
                    GradientCheck.DEFAULT_H);
            assertClose("d" + e.getKey() + " of the " + cell + " model", analytic, numerical);
        }
    }

    /**
     * Every element within a relative error of 1e-7 or an absolute one of 1e-9: central differences of a loss near
     * 10 carry rounding noise of about ε·|L|/h ≈ 1e-10, which is a relative error above 1e-7 on elements below 1e-3
     * (a row of W_embed that only the regularization reaches).
     */
    private static void assertClose(String what, Tensor analytic, Tensor numerical) {
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.getFlat(i), n = numerical.getFlat(i);
            double abs = Math.abs(a - n);
            if (abs > 1e-9) {
                assertThat(abs / Math.max(1e-8, Math.abs(a) + Math.abs(n))).as("%s at flat index %d: %s vs %s", what,
                        i, a, n).isLessThanOrEqualTo(1e-7);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void maskedStepsContributeNothing(Cell cell) {
        Rng rng = new Rng(5);
        CaptioningRnn model = CaptioningRnn.builder().vocabulary(V15).inputDim(4).wordvecDim(5).hiddenDim(6).cell(cell)
                .dtype(DType.F64).seed(3).build();
        Tensor x = Tensor.randn(rng, DType.F64, 2, 4);
        int[][] shortRows = {{1, 5, 6, 2}, {1, 7, 2, 0}};   // T+1 = 4
        int[][] padded = {{1, 5, 6, 2, 0, 0, 0}, {1, 7, 2, 0, 0, 0, 0}};
        double loss = model.loss(x, shortRows);
        List<Tensor> grads = new ArrayList<>();
        model.params().values().forEach(p -> grads.add(p.grad().copy()));
        assertThat(model.loss(x, padded)).isCloseTo(loss, within(1e-12));
        int k = 0;
        for (Parameter p : model.params().values()) {
            assertThat(GradientCheck.relError(p.grad(), grads.get(k++))).as(p.name()).isLessThanOrEqualTo(1e-12);
        }
        int[][] otherTarget = {{1, 5, 6, 2}, {1, 7, 9, 2}};
        assertThat(model.loss(x, otherTarget)).isNotCloseTo(loss, within(1e-6));   // a counted target does count
    }

    @Test
    void regularizationAddsHalfRegTimesTheSquaredWeights() {
        Rng rng = new Rng(2);
        CaptioningRnn.Builder b = CaptioningRnn.builder().vocabulary(V15).inputDim(4).wordvecDim(5).hiddenDim(6)
                .cell(Cell.LSTM).dtype(DType.F64).seed(4);
        CaptioningRnn plain = b.build();
        CaptioningRnn regularized = b.reg(0.1).build();
        Tensor x = Tensor.randn(rng, DType.F64, 2, 4);
        int[][] c = {{1, 5, 6, 2}, {1, 7, 2, 0}};
        double squares = 0;
        for (String name : List.of("W_proj", "W_embed", "Wx", "Wh", "W_vocab")) {
            squares += plain.params().get(name).value().square().sum();
        }
        assertThat(regularized.loss(x, c)).isCloseTo(plain.loss(x, c) + 0.5 * 0.1 * squares, within(1e-12));
    }

    @Test
    void float32AgreesWithFloat64() {
        CaptioningRnn.Builder b = CaptioningRnn.builder().vocabulary(V15).inputDim(D).wordvecDim(W).hiddenDim(H)
                .cell(Cell.LSTM).seed(11);
        CaptioningRnn f64 = b.dtype(DType.F64).build();
        CaptioningRnn f32 = b.dtype(DType.F32).build();
        Tensor x = Tensor.randn(new Rng(1), DType.F64, 4, D);
        int[][] c = randomCaptions(new Rng(2), 4, 8, 15);
        assertThat(f32.loss(x.to(DType.F32), c)).isCloseTo(f64.loss(x, c), within(1e-4));
        assertThat(f32.sample(x.to(DType.F32), 7)).isDeepEqualTo(f64.sample(x, 7));
    }

    // ---------------------------------------------------------------- decoding

    /** golden/captioning.py's decoding setup: p_j = 0.5 sin(0.7 k + j) in the script's parameter order. */
    private static CaptioningRnn sineModel(Cell cell) {
        CaptioningRnn model = tiny(cell).vocabulary(V15).build();
        List<String> order = new ArrayList<>(List.of("W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab",
                "b_vocab", "bh"));
        int j = 0;
        for (String name : order) {
            Parameter p = model.params().get(name);
            if (p == null) {
                continue;
            }
            double[] v = new double[p.value().size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.5 * Math.sin(0.7 * k + j);
            }
            p.value().assign(Tensor.of(v, p.value().shape()));
            j++;
        }
        return model;
    }

    private static Tensor sineFeatures() {
        double[] f = new double[4 * D];
        for (int k = 0; k < f.length; k++) {
            f[k] = 1.5 * Math.cos(1.1 * k);
        }
        return Tensor.of(f, 4, D);
    }

    @Test
    void greedyAndBeamSearchEqualNumpy() {
        int[][][] greedy = {   // golden/captioning.py, rnn, lstm, gru
                {{1, 10, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {1, 10, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}},
                {{1, 1, 10, 10, 10, 10}, {10, 10, 10, 10, 10, 10}, {1, 1, 10, 10, 10, 10}, {10, 10, 10, 10, 10, 10}},
                {{11, 2, 0, 0, 0, 0}, {10, 10, 10, 10, 10, 10}, {11, 2, 0, 0, 0, 0}, {10, 10, 10, 10, 10, 10}}};
        int[][][] beam3 = {
                {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}},
                {{9, 9, 10, 10, 10, 10}, {2, 0, 0, 0, 0, 0}, {9, 9, 10, 10, 10, 10}, {2, 0, 0, 0, 0, 0}},
                {{2, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0}}};
        for (Cell cell : Cell.values()) {
            CaptioningRnn model = sineModel(cell);
            assertThat(model.sample(sineFeatures(), 6)).as("greedy, %s", cell).isDeepEqualTo(greedy[cell.ordinal()]);
            assertThat(model.sampleBeam(sineFeatures(), 1, 6)).as("beam 1, %s", cell)
                    .isDeepEqualTo(greedy[cell.ordinal()]);
            assertThat(model.sampleBeam(sineFeatures(), 3, 6)).as("beam 3, %s", cell)
                    .isDeepEqualTo(beam3[cell.ordinal()]);
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void decodingIsReproducibleAndBeamWidthOneIsGreedy(Cell cell) {
        CaptioningRnn model = CaptioningRnn.builder().vocabulary(V15).inputDim(8).wordvecDim(6).hiddenDim(10)
                .cell(cell).seed(9).build();
        for (Parameter p : model.params().values()) {   // larger weights than at init, so that captions vary
            p.value().muli(3);
        }
        Tensor x = Tensor.randn(new Rng(4), DType.F32, 20, 8);
        int[][] greedy = model.sample(x, 9);
        assertThat(model.sample(x, 9)).isDeepEqualTo(greedy);
        assertThat(model.sampleBeam(x, 1, 9)).isDeepEqualTo(greedy);
        assertThat(model.sampleBeam(x, 4, 9)).isDeepEqualTo(model.sampleBeam(x, 4, 9));
        int[][] drawn = model.sample(x, 9, 1.0, new Rng(42));
        assertThat(model.sample(x, 9, 1.0, new Rng(42))).isDeepEqualTo(drawn);
        assertThat(Arrays.deepEquals(drawn, model.sample(x, 9, 1.0, new Rng(43)))).as("another seed").isFalse();
        assertThat(model.sample(x, 9, 1e-6, new Rng(1))).as("a tiny temperature is greedy").isDeepEqualTo(greedy);
        for (int[][] rows : List.of(greedy, drawn, model.sampleBeam(x, 4, 9))) {
            for (int[] row : rows) {
                assertThat(row).hasSize(9);
                int end = indexOf(row, Vocabulary.END_ID);
                for (int t = end + 1; end >= 0 && t < row.length; t++) {
                    assertThat(row[t]).as("after <END>: %s", Arrays.toString(row)).isEqualTo(Vocabulary.NULL_ID);
                }
            }
        }
    }

    private static int indexOf(int[] row, int id) {
        for (int t = 0; t < row.length; t++) {
            if (row[t] == id) {
                return t;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- learning

    /**
     * The notebooks' overfit check on 50 captions (Adam 5e-3, batch 25, 50 epochs; lr decay 0.95 in RNN_Captioning,
     * 0.995 in LSTM_Captioning, which ask for a final loss below 0.1 and 0.5). COCO is not here: 50 random feature
     * vectors with random captions of 17 ids over 200 words, which share no structure to learn from, and a smaller
     * network than the notebooks' (D = 128, W = 128, H = 256 instead of 512, 256, 512) to keep the test short.
     */
    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"RNN", "LSTM"})
    void overfitsFiftyCaptionsToNearZeroLoss(Cell cell) {
        Rng rng = new Rng(231);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 196; i++) {
            words.add("w" + i);
        }
        Vocabulary vocabulary = Vocabulary.of(words);
        Tensor x = Tensor.randn(rng, DType.F32, 50, 128);
        int[][] captions = randomCaptions(rng, 50, 17, vocabulary.size());
        CaptioningRnn model = CaptioningRnn.builder().vocabulary(vocabulary).inputDim(128).wordvecDim(128)
                .hiddenDim(256).cell(cell).seed(231).build();
        boolean lstm = cell == Cell.LSTM;
        History h = Solver.builder(model).train(x, captions).updateRule(new Adam(5e-3)).numEpochs(50).batchSize(25)
                .lrDecay(lstm ? 0.995 : 0.95).seed(231).build().train();
        double[] loss = h.lossHistory();
        assertThat(loss).hasSize(100);
        int counted = 0;   // the targets that are not <NULL>: the words and <END>
        for (int[] c : captions) {
            for (int t = 1; t < c.length; t++) {
                counted += c[t] != Vocabulary.NULL_ID ? 1 : 0;
            }
        }
        assertThat(loss[0]).as("initial loss: ln V per counted target").isCloseTo(counted / 50.0 * Math.log(200),
                within(0.05 * loss[0]));
        assertThat(loss[loss.length - 1]).as(cell + " final loss").isLessThan(lstm ? 0.5 : 0.1);
        assertThat(h.metric()).isEqualTo("exact-caption accuracy (greedy)");
        assertThat(h.trainAccHistory()[h.epochs() - 1]).as("memorized: greedy captions equal the references")
                .isEqualTo(1.0);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badInputsAreRefusedInOneLine() {
        CaptioningRnn model = CaptioningRnn.builder().vocabulary(V15).inputDim(8).wordvecDim(6).hiddenDim(10).build();
        assertThatThrownBy(() -> model.loss(Tensor.zeros(DType.F32, 2, 7), new int[][]{{1, 2}, {1, 2}}))
                .hasMessageContaining("features (2, 7) must be (N, 8)");
        assertThatThrownBy(() -> model.sample(Tensor.zeros(DType.F64, 2, 8), 3))
                .hasMessageContaining("features are F64 but the parameters are F32");
        assertThatThrownBy(() -> model.loss(Tensor.zeros(DType.F32, 2, 8), new int[][]{{1, 2}}))
                .hasMessageContaining("1 caption rows for 2 feature rows");
        assertThatThrownBy(() -> model.loss(Tensor.zeros(DType.F32, 1, 8), new int[][]{{1, 20}}))
                .hasMessageContaining("outside [0, 15)");
        assertThatThrownBy(() -> model.sampleBeam(Tensor.zeros(DType.F32, 1, 8), 0, 3))
                .hasMessageContaining("invalid beam width 0");
        assertThatThrownBy(() -> model.sample(Tensor.zeros(DType.F32, 1, 8), 3, 0, new Rng(1)))
                .hasMessageContaining("invalid temperature 0.0");
        assertThatThrownBy(() -> CaptioningRnn.builder().inputDim(3).build()).hasMessageContaining("no vocabulary");
        assertThatThrownBy(() -> CaptioningRnn.builder().vocabulary(V15).build())
                .hasMessageContaining("invalid input size 0");
        assertThatThrownBy(() -> tiny(Cell.RNN).vocabularySize(3).build().vocabulary())
                .hasMessageContaining("knows no words");
        assertThatThrownBy(() -> Cell.parse("transformer")).hasMessage("unknown cell 'transformer' (expected rnn, lstm or gru)");
    }
}
