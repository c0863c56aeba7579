package io.dendrite.model;

import io.dendrite.data.text.MnistCaptions;
import io.dendrite.data.text.Tokens;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The Transformer captioner: gradients of the whole loss against finite differences, causality, the notebook's
 * sanity checks (loss at initialization, overfitting 50 examples through the Solver), reproducible sampling, exact
 * resume of a run with dropout, and the configuration round trip a model file needs.
 */
class CaptioningTransformerTest {
    private static final Vocabulary VOCAB = MnistCaptions.vocabulary();
    private static final int SLOTS = MnistCaptions.MAX_DIGITS, T1 = MnistCaptions.CAPTION_LENGTH;

    /**
     * MNIST-caption-like examples without MNIST: each digit 0–9 has a random prototype of {@code dim} features; an
     * example of k digits has slot j = its j-th digit's prototype plus noise (j &lt; k) and zeros in the other slots —
     * features (count, 4, dim) — and the caption {@code <START> w1 … wk <END> <NULL> …} of MnistCaptions.
     */
    record Synthetic(Tensor features, int[][] captions) {
        static Synthetic make(int count, int dim, long seed) {
            Rng rng = new Rng(seed);
            double[][] prototypes = new double[10][dim];
            for (double[] p : prototypes) {
                for (int i = 0; i < dim; i++) {
                    p[i] = rng.nextGaussian();
                }
            }
            float[] f = new float[count * SLOTS * dim];
            int[][] captions = new int[count][T1];
            for (int n = 0; n < count; n++) {
                int k = 1 + rng.nextInt(SLOTS);
                captions[n][0] = Vocabulary.START_ID;
                for (int j = 0; j < k; j++) {
                    int digit = rng.nextInt(10);
                    captions[n][j + 1] = MnistCaptions.FIRST_DIGIT_ID + digit;
                    for (int i = 0; i < dim; i++) {
                        f[(n * SLOTS + j) * dim + i] = (float) (prototypes[digit][i] + 0.1 * rng.nextGaussian());
                    }
                }
                captions[n][k + 1] = Vocabulary.END_ID;
            }
            return new Synthetic(Tensor.of(f, count, SLOTS, dim), captions);
        }
    }

    private static CaptioningTransformer.Builder small(DType dtype) {
        return CaptioningTransformer.builder(VOCAB).inputDim(5).wordVecDim(4).numHeads(2).numLayers(2).feedforwardDim(6)
                .maxLength(T1 - 1).dtype(dtype).seed(3);
    }

    /** Gives every parameter random values (γ around 1), so that no gradient is checked at a special point. */
    private static void randomize(CaptioningTransformer model, long seed) {
        Rng rng = new Rng(seed);
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            Tensor v = e.getValue().value();
            Tensor r = Tensor.randn(rng, DType.F64, v.shape()).mul(0.5);
            v.assign(e.getKey().endsWith("gamma") ? r.add(1) : r);
        }
    }

    /**
     * Every parameter's gradient of the loss against the five-point stencil (−f(x+2h) + 8f(x+h) − 8f(x−h) +
     * f(x−2h))/12h, whose O(h⁴) error lets h be large enough that rounding stays near 1e-12. The feed-forward ReLUs
     * have kinks, and a stencil that spans one gives no derivative (seen at h = 1e-3 and 1e-4 on these models), so
     * each entry is compared with the quotients at h = 1e-3, 1e-4, 1e-5 and passes with the closest — a wrong
     * gradient agrees with none. Entries whose absolute error is below 1e-10 pass whatever their relative error.
     * Returns the largest relative error over entries of magnitude ≥ 1e-4 and asserts all are ≤ 1e-7.
     */
    private static double checkLoss(CaptioningTransformer model, Tensor x, int[][] captions, Runnable before) {
        before.run();
        model.loss(x, captions);
        Map<String, Tensor> analytic = new HashMap<>();
        model.params().forEach((name, p) -> analytic.put(name, p.grad().copy()));
        double shown = 0;
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            Tensor w = e.getValue().value(), a = analytic.get(e.getKey());
            for (int i = 0; i < w.size(); i++) {
                double an = a.getFlat(i), num = Double.NaN;
                for (double h : new double[]{1e-3, 1e-4, 1e-5}) {
                    double q = fivePoint(model, x, captions, before, w, i, h);
                    if (!(Math.abs(q - an) >= Math.abs(num - an))) {
                        num = q;
                    }
                }
                double diff = Math.abs(an - num), rel = diff / Math.max(1e-8, Math.abs(an) + Math.abs(num));
                if (diff > 1e-10) {
                    assertThat(rel).as("relative error of d%s at %d: analytic %s, numerical %s", e.getKey(), i, an, num)
                            .isLessThanOrEqualTo(1e-7);
                }
                if (Math.abs(an) + Math.abs(num) >= 1e-4) {
                    shown = Math.max(shown, rel);
                }
            }
        }
        if (Boolean.getBoolean("attention.report")) {
            System.out.printf("gradient check %s: max relative error %.2e%n", model, shown);
        }
        return shown;
    }

    /** The five-point quotient of the loss in element {@code i} of {@code w}, which is restored. */
    private static double fivePoint(CaptioningTransformer model, Tensor x, int[][] captions, Runnable before, Tensor w,
                                    int i, double h) {
        double x0 = w.getFlat(i);
        double[] f = new double[4];
        double[] steps = {2 * h, h, -h, -2 * h};
        for (int j = 0; j < 4; j++) {
            w.setFlat(i, x0 + steps[j]);
            before.run();
            f[j] = model.loss(x, captions);
        }
        w.setFlat(i, x0);
        return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h);
    }

    @Test
    void lossGradientsMatchFiniteDifferences() {
        CaptioningTransformer model = small(DType.F64).dropout(0).build();
        randomize(model, 4);
        Synthetic data = Synthetic.make(3, 5, 5);
        checkLoss(model, data.features().to(DType.F64), data.captions(), () -> { });
    }

    /** The notebook's single memory token (features (N, D)) and image patches, with dropout replayed every pass. */
    @Test
    void gradientsWithOneTokenAndWithPatchesAndDropout() {
        CaptioningTransformer one = small(DType.F64).dropout(0).numLayers(1).build();
        randomize(one, 6);
        Synthetic data = Synthetic.make(2, 5, 7);
        checkLoss(one, data.features().slice(1, 0, 1).reshape(2, 5).to(DType.F64), data.captions(), () -> { });

        CaptioningTransformer patched = small(DType.F64).inputDim(6).patches(2, 3).dropout(0.2).numLayers(1).build();
        randomize(patched, 8);
        Map<String, long[]> states = new HashMap<>();
        patched.generators().forEach((name, g) -> states.put(name, g.state()));
        Tensor images = Tensor.randn(new Rng(9), DType.F64, 2, 1, 4, 6);   // 2 × 2 patches of 2 × 3
        checkLoss(patched, images, data.captions(), () -> patched.generators().forEach((n, g) -> g.restore(states.get(n))));
    }

    @Test
    void patchesAreTheImageBlocksInRowMajorOrder() {
        Tensor images = Tensor.arange(2 * 2 * 4 * 6).reshape(2, 2, 4, 6);
        Tensor p = CaptioningTransformer.patches(images, 2, 3);
        assertThat(p.shape()).containsExactly(2, 4, 12);
        // example 1, patch (1, 0): rows 2–3, columns 0–2 of both channels
        assertThat(p.slice(0, 1, 2).slice(1, 2, 3).toDoubleArray()).containsExactly(
                60, 61, 62, 66, 67, 68, 84, 85, 86, 90, 91, 92);
        Tensor digits = CaptioningTransformer.patches(Tensor.arange(28 * 112).reshape(1, 1, 28, 112), 28, 28);
        assertThat(digits.get(0, 2, 0)).isEqualTo(56);           // slot 2 starts at column 56 of row 0
        assertThat(digits.get(0, 2, 28)).isEqualTo(112 + 56);    // and continues on row 1
    }

    /** Changing a later input word changes no score of an earlier step: the decoder is causal end to end. */
    @Test
    void laterWordsDoNotChangeEarlierScores() {
        CaptioningTransformer model = small(DType.F64).build();
        randomize(model, 10);
        model.setTraining(false);
        Synthetic data = Synthetic.make(2, 5, 11);
        Tensor x = data.features().to(DType.F64);
        Tensor tokens = Tokens.inputs(data.captions(), DType.F64);
        Tensor before = model.scores(x, tokens).copy();
        Tensor changed = tokens.copy();
        changed.set(changed.get(1, 3) == 9 ? 10 : 9, 1, 3);
        Tensor after = model.scores(x, changed);
        TensorAssert.assertClose(after.slice(1, 0, 3), before.slice(1, 0, 3), 0, 0);
        assertThat(after.slice(1, 3, 5).toDoubleArray()).isNotEqualTo(before.slice(1, 3, 5).toDoubleArray());
    }

    /**
     * cs231n's sanity checks on 50 examples through the Solver: at initialization the loss is the mean number of
     * counted words times ln V (the notebook's small weights give near-uniform scores); then the model overfits —
     * loss near zero, every training caption decoded exactly.
     */
    @Test
    void overfitsFiftyExamplesThroughTheSolver() {
        Synthetic data = Synthetic.make(50, 16, 12);
        CaptioningTransformer model = CaptioningTransformer.builder(VOCAB).inputDim(16).wordVecDim(32).numHeads(2)
                .numLayers(2).feedforwardDim(64).dropout(0).maxLength(T1 - 1).seed(13).build();
        double words = 0;
        for (int[] c : data.captions()) {
            for (int t = 1; t < c.length; t++) {
                words += c[t] != Vocabulary.NULL_ID ? 1 : 0;
            }
        }
        double uniform = words / 50 * Math.log(VOCAB.size());
        assertThat(model.loss(data.features(), data.captions())).isCloseTo(uniform, within(0.02 * uniform));
        History h = Solver.builder(model).train(data.features(), data.captions()).updateRule(new Adam(1e-2))
                .numEpochs(80).batchSize(25).seed(14).build().train();
        double[] loss = h.lossHistory();
        assertThat(loss[loss.length - 1]).as("final training loss").isLessThan(0.05);
        assertThat(h.metric()).isEqualTo(CaptioningTransformer.METRIC);
        assertThat(model.metric(data.features(), data.captions())).isEqualTo(1.0);
    }

    @Test
    void samplingIsGreedyAndReproducible() {
        Synthetic data = Synthetic.make(64, 16, 15);
        int saved = Threads.count();
        try {
            Threads.set(1);
            int[][] one = trained(data).sample(data.features(), T1 - 1);
            Threads.set(2);
            CaptioningTransformer model = trained(data);
            int[][] two = model.sample(data.features(), T1 - 1);
            assertThat(two).isDeepEqualTo(one);
            assertThat(model.sample(data.features(), T1 - 1)).isDeepEqualTo(two);
            for (int[] row : two) {     // after <END> only <NULL>
                boolean ended = false;
                for (int id : row) {
                    assertThat(id).isNotEqualTo(Vocabulary.START_ID);
                    assertThat(!ended || id == Vocabulary.NULL_ID).isTrue();
                    ended |= id == Vocabulary.END_ID;
                }
            }
        } finally {
            Threads.set(saved);
        }
    }

    /**
     * As a CaptionModel ({@code dendrite caption train --model transformer}): flat features (N, 4·D) are the four slot
     * tokens; beam width 1 is greedy decoding; temperature sampling is reproducible for a seed; the spec rebuilds the
     * model through CaptionModels, and a saved model captions identically after loading.
     */
    @Test
    void isACaptionModelWithBeamTemperatureAndSaveLoad(@TempDir Path dir) throws Exception {
        Synthetic data = Synthetic.make(64, 16, 15);
        CaptioningTransformer tokens = trained(data);
        Tensor flat = data.features().reshape(64, SLOTS * 16);
        ModelSpec spec = new ModelSpec(CaptioningTransformer.KIND, Map.of("inputDim", Integer.toString(SLOTS * 16),
                "memoryTokens", Integer.toString(SLOTS), "wordvecDim", "16", "heads", "2", "layers", "1",
                "hiddenDim", "32", "dropout", "0.1", "maxLength", Integer.toString(T1 - 1)));
        CaptionModel model = CaptionModels.create(spec, VOCAB, DType.F32, 16);
        assertThat(model.inputDim()).isEqualTo(SLOTS * 16);
        tokens.params().forEach((name, p) -> model.params().get(name).value().assign(p.value()));
        int[][] greedy = tokens.sample(data.features(), T1 - 1);
        assertThat(model.sample(flat, T1 - 1)).isDeepEqualTo(greedy);
        assertThat(model.sampleBeam(flat, 1, T1 - 1)).isDeepEqualTo(greedy);
        int[][] beam3 = model.sampleBeam(flat, 3, T1 - 1);
        assertThat(beam3).isDeepEqualTo(model.sampleBeam(flat, 3, T1 - 1));
        for (int[] row : beam3) {   // a caption: words, then <END> and <NULL> once ended
            boolean ended = false;
            for (int id : row) {
                assertThat(id).isNotEqualTo(Vocabulary.START_ID);
                assertThat(!ended || id == Vocabulary.NULL_ID).isTrue();
                ended |= id == Vocabulary.END_ID;
            }
        }
        assertThat(model.sample(flat, T1 - 1, 0.8, new Rng(4))).isDeepEqualTo(model.sample(flat, T1 - 1, 0.8, new Rng(4)));
        assertThat(model.sample(flat, T1 - 1, 1e-6, new Rng(5))).isDeepEqualTo(greedy);   // cold = greedy
        assertThat(model.spec()).isEqualTo(CaptionModels.create(model.spec(), VOCAB, DType.F32, 0).spec());
        Path file = dir.resolve("transformer.dnd");
        CaptionModels.save(model, null, Map.of(), file);
        CaptionModel back = CaptionModels.load(file).model();
        assertThat(back).isInstanceOf(CaptioningTransformer.class);
        assertThat(back.sampleBeam(flat, 2, T1 - 1)).isDeepEqualTo(model.sampleBeam(flat, 2, T1 - 1));
    }

    /** A model trained briefly with dropout, so that the samples say something. */
    private static CaptioningTransformer trained(Synthetic data) {
        CaptioningTransformer model = CaptioningTransformer.builder(VOCAB).inputDim(16).wordVecDim(16).numHeads(2)
                .numLayers(1).feedforwardDim(32).dropout(0.1).maxLength(T1 - 1).seed(16).build();
        Solver.builder(model).train(data.features(), data.captions()).updateRule(new Adam(3e-3)).numEpochs(3)
                .batchSize(16).seed(17).build().train();
        return model;
    }

    /** A run with dropout resumed from its checkpoint continues exactly: the dropout generators are saved. */
    @Test
    void trainingWithDropoutResumesExactly(@TempDir Path dir) throws Exception {
        Synthetic data = Synthetic.make(40, 8, 18);
        Synthetic val = Synthetic.make(10, 8, 19);
        java.util.function.Supplier<CaptioningTransformer> make = () -> CaptioningTransformer.builder(VOCAB).inputDim(8)
                .wordVecDim(8).numHeads(2).numLayers(1).feedforwardDim(16).dropout(0.3).maxLength(T1 - 1).seed(20).build();
        java.util.function.Function<CaptioningTransformer, Solver.Builder> solver = m -> Solver.builder(m)
                .train(data.features(), data.captions()).validation(val.features(), val.captions())
                .updateRule(new Adam(3e-3)).batchSize(10).seed(21);
        CaptioningTransformer straight = make.get();
        History full = solver.apply(straight).numEpochs(4).build().train();
        solver.apply(make.get()).numEpochs(2).checkpointDir(dir).build().train();
        CaptioningTransformer second = make.get();
        History resumed = solver.apply(second).numEpochs(4).build().resume(dir.resolve(Solver.CHECKPOINT_FILE)).train();
        assertThat(resumed.lossHistory()).containsExactly(full.lossHistory());
        assertThat(resumed.valAccHistory()).containsExactly(full.valAccHistory());
        for (String name : straight.params().keySet()) {
            assertThat(second.params().get(name).value().toFloatArray()).as(name)
                    .containsExactly(straight.params().get(name).value().toFloatArray());
        }
    }

    @Test
    void f32AgreesWithF64() {
        CaptioningTransformer m64 = small(DType.F64).build(), m32 = small(DType.F32).build();
        Synthetic data = Synthetic.make(4, 5, 22);
        double l64 = m64.loss(data.features(), data.captions()), l32 = m32.loss(data.features(), data.captions());
        assertThat(l32).isCloseTo(l64, within(1e-5 * l64));
        for (String name : m64.params().keySet()) {
            TensorAssert.assertClose(m32.params().get(name).grad(), m64.params().get(name).grad(), 1e-3, 1e-6);
        }
    }

    /** What a model file needs: the options rebuild an equal model, which scores alike once the weights are copied. */
    @Test
    void optionsRebuildTheModel() {
        CaptioningTransformer model = CaptioningTransformer.builder(VOCAB).inputDim(784).patches(28, 28).wordVecDim(16)
                .numHeads(4).numLayers(2).feedforwardDim(24).dropout(0.1).maxLength(5).seed(23).build();
        Map<String, String> options = model.options();
        assertThat(options).containsEntry("patchH", "28").containsEntry("vocabSize", "14").containsEntry("dtype", "F32");
        CaptioningTransformer back = CaptioningTransformer.fromOptions(options, VOCAB);
        assertThat(back).hasToString(model.toString());
        assertThat(back.options()).isEqualTo(options);
        assertThat(back.params().keySet()).containsExactlyElementsOf(model.params().keySet());
        model.params().forEach((name, p) -> back.params().get(name).value().assign(p.value()));
        Tensor images = Tensor.rand(new Rng(24), DType.F32, 3, 1, 28, 112);
        assertThat(back.sample(images, 5)).isDeepEqualTo(model.sample(images, 5));
        model.setTraining(false);
        back.setTraining(false);
        Tensor tokens = Tensor.of(new double[]{1, 5, 6, 1, 7, 2, 1, 8, 9}, 3, 3);
        assertThat(back.scores(images, tokens).toFloatArray()).containsExactly(model.scores(images, tokens).toFloatArray());
        assertThatThrownBy(() -> CaptioningTransformer.fromOptions(Map.of("vocabSize", "14"), VOCAB))
                .hasMessageContaining("lack 'inputDim'");
        assertThatThrownBy(() -> CaptioningTransformer.fromOptions(options, Vocabulary.of(List.of("a"))))
                .hasMessageContaining("vocabulary of 14 words");
    }

    /**
     * The whole model through Dendrite's model file, as the caption command can save it until a captioning format
     * exists: options and the vocabulary's words as metadata, every parameter by name; read back, it samples alike.
     */
    @Test
    void savesAndLoadsThroughAModelFile(@TempDir Path dir) throws Exception {
        CaptioningTransformer model = small(DType.F32).dropout(0.1).build();
        randomize(model, 26);
        Map<String, String> meta = new java.util.LinkedHashMap<>(model.options());
        meta.put("vocabulary", String.join(" ", model.vocabulary().words()));
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        model.params().forEach((name, p) -> tensors.put(name, p.value()));
        Path file = dir.resolve("captioner.dnd");
        io.dendrite.io.ModelFile.write(file, new io.dendrite.io.ModelFile.Contents("", meta, tensors, Map.of()));

        io.dendrite.io.ModelFile.Contents c = io.dendrite.io.ModelFile.read(file);
        Vocabulary vocabulary = Vocabulary.fromIdToWord(List.of(c.metadata().get("vocabulary").split(" ")));
        CaptioningTransformer back = CaptioningTransformer.fromOptions(c.metadata(), vocabulary);
        back.params().forEach((name, p) -> p.value().assign(c.parameters().get(name)));
        Synthetic data = Synthetic.make(6, 5, 27);
        assertThat(back.sample(data.features(), 5)).isDeepEqualTo(model.sample(data.features(), 5));
        Tensor tokens = Tokens.inputs(data.captions());
        assertThat(back.scores(data.features(), tokens).toFloatArray())
                .containsExactly(model.scores(data.features(), tokens).toFloatArray());   // both in evaluation mode
    }

    @Test
    void namesShapesAndErrors() {
        CaptioningTransformer model = small(DType.F32).build();
        List<String> names = new ArrayList<>(model.params().keySet());
        assertThat(names.subList(0, 4)).containsExactly("W_proj", "b_proj", "W_embed", "layer1.self_attn.Wq");
        assertThat(names).contains("layer2.multihead_attn.Wk", "layer2.linear1.W", "layer2.norm3.beta");
        assertThat(names.subList(names.size() - 2, names.size())).containsExactly("W_vocab", "b_vocab");
        assertThat(names).hasSize(3 + 2 * 26 + 2);
        model.params().forEach((name, p) -> assertThat(p.name()).isEqualTo(name));
        assertThat(model.params().get("W_proj").value().shape()).containsExactly(5, 4);
        assertThat(model.params().get("W_embed").value().shape()).containsExactly(14, 4);
        assertThat(model.generators()).containsKeys("positional_encoding", "layer1.self_attn", "layer2.dropout3");
        assertThat(model.metricName()).isEqualTo("exact-caption accuracy");
        assertThat(model).hasToString("CaptioningTransformer(D=5, E=4, heads=2, layers=2, F=6, V=14)");
        Synthetic data = Synthetic.make(2, 5, 25);
        assertThatThrownBy(() -> model.loss(data.features().slice(1, 0, 1).reshape(2, 5).slice(0, 1), data.captions()))
                .hasMessageContaining("1 images but 2 captions");
        assertThatThrownBy(() -> model.loss(Tensor.zeros(DType.F32, 2, 4, 6), data.captions()))
                .hasMessageContaining("features (2, 4, 6), expected features (N, 5) or tokens (N, M, 5)");
        assertThatThrownBy(() -> model.sample(data.features(), 6)).hasMessageContaining("maxLength = 5");
        assertThatThrownBy(() -> CaptioningTransformer.builder(VOCAB).build()).hasMessageContaining("inputDim");
        assertThatThrownBy(() -> small(DType.F32).wordVecDim(6).numHeads(4).build()).hasMessageContaining("4 heads");
    }
}
