package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.io.Npz;
import io.dendrite.io.Safetensors;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.Linear;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Weights in and out of safetensors: Dendrite's own round trips (bit for bit, both layouts), and PyTorch
 * {@code state_dict}s written by Hugging Face's library (resources {@code safetensors/*}, made by
 * {@code safetensors/make_safetensors.py}, whose docstring has the command): names mapped by order, Linear weights
 * transposed, scores equal to numpy's forward pass.
 */
class SafetensorsWeightsTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SafetensorsWeightsTest.class.getResource("safetensors/" + name).toURI());
    }

    private static Network bnNet(DType dtype, long seed) {
        Rng rng = new Rng(seed);
        return Network.builder().add(new Linear(4, 3, rng, dtype)).add(new BatchNorm(3, dtype)).add(new ReLU())
                .add(new Linear(3, 2, rng, dtype)).loss(new SoftmaxCrossEntropy()).build();
    }

    private static void train(Network net, long seed) {
        Tensor x = Tensor.randn(new Rng(seed), net.dtype(), 8, 4);
        net.loss(x, new int[] {0, 1, 1, 0, 1, 0, 0, 1});   // moves the BatchNorm running statistics off their start
    }

    @Test
    void aModelExportedAndImportedBackScoresBitForBitAlikeInBothLayouts(@TempDir Path tmp) throws IOException {
        for (DType dtype : DType.values()) {
            for (Layout layout : Layout.values()) {
                Network trained = bnNet(dtype, 1);
                train(trained, 2);
                Path file = tmp.resolve(dtype + "-" + layout + ".safetensors");
                SafetensorsWeights.exportTo(trained, file, layout);

                Safetensors.Contents written = Safetensors.read(file);
                assertThat(written.metadata()).containsEntry("format", "dendrite").containsEntry("layout", layout.label());
                assertThat(written.tensors().keySet()).containsExactly("W1", "b1", "gamma1", "beta1", "W2", "b2",
                        "running_mean1", "running_var1");
                assertThat(written.tensors().get("W1").shape()).containsExactly(layout == Layout.TORCH ? new int[] {3, 4} : new int[] {4, 3});

                Network fresh = bnNet(dtype, 99);
                ImportReport report = SafetensorsWeights.importFrom(file, fresh, ImportOptions.DEFAULT);
                assertThat(report.complete()).isTrue();
                assertThat(report.layout()).isEqualTo(layout);           // told by the file's metadata
                assertThat(report.transposed()).isEqualTo(layout == Layout.TORCH ? List.of("W1", "W2") : List.of());
                Tensor x = Tensor.randn(new Rng(7), dtype, 5, 4);
                assertThat(fresh.scores(x).toDoubleArray()).as(dtype + " " + layout)
                        .isEqualTo(trained.scores(x).toDoubleArray());
            }
        }
    }

    @Test
    void aPyTorchSequentialLoadsByOrderTransposedAndScoresAsNumpy() throws Exception {
        Network net = TwoLayerNet.builder().inputDim(4).hiddenDim(3).numClasses(2).dtype(DType.F64).seed(3).build();
        Path file = resource("torch_mlp.safetensors");
        ImportReport report = SafetensorsWeights.importFrom(file, net, ImportOptions.DEFAULT);

        assertThat(report.renamed()).containsExactly(Map.entry("0.weight", "W1"), Map.entry("0.bias", "b1"),
                Map.entry("2.weight", "W2"), Map.entry("2.bias", "b2"));
        assertThat(report.layout()).isEqualTo(Layout.TORCH);
        assertThat(report.transposed()).containsExactly("W1", "W2");
        assertThat(report.toString()).isEqualTo("imported 4 arrays from " + file + "; PyTorch names mapped by layer order:"
                + " 0.weight→W1, 0.bias→b1, 2.weight→W2, 2.bias→b2; layout torch: transposed W1, W2 from (out, in)");

        Map<String, Tensor> expected = Npz.read(resource("expected.npz"));
        Tensor scores = net.scores(expected.get("x"));
        assertThat(GradientCheck.relError(scores, expected.get("mlp_scores"))).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void batchNormStateDictMapsGammaBetaAndRunningStatisticsAndSkipsTheCounter() throws Exception {
        Network net = bnNet(DType.F64, 5);
        Path file = resource("torch_bn_mlp.safetensors");
        ImportReport report = SafetensorsWeights.importFrom(file, net, ImportOptions.DEFAULT);

        assertThat(report.renamed()).containsExactly(Map.entry("0.weight", "W1"), Map.entry("0.bias", "b1"),
                Map.entry("1.weight", "gamma1"), Map.entry("1.bias", "beta1"),
                Map.entry("1.running_mean", "running_mean1"), Map.entry("1.running_var", "running_var1"),
                Map.entry("3.weight", "W2"), Map.entry("3.bias", "b2"));
        assertThat(report.skipped()).containsExactly("1.num_batches_tracked");
        assertThat(report.complete()).isTrue();
        assertThat(report.toString()).contains("; skipped 1.num_batches_tracked;");

        Map<String, Tensor> expected = Npz.read(resource("expected.npz"));
        Tensor scores = net.scores(expected.get("x"));
        assertThat(GradientCheck.relError(scores, expected.get("bn_mlp_scores"))).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void layoutCanBeForcedAndAWrongOneIsExplained(@TempDir Path tmp) throws Exception {
        Network trained = bnNet(DType.F32, 1);
        Path torch = tmp.resolve("torch.safetensors");
        SafetensorsWeights.exportTo(trained, torch, Layout.TORCH);
        Network fresh = bnNet(DType.F32, 2);
        assertThatThrownBy(() -> SafetensorsWeights.importFrom(torch, fresh, ImportOptions.DEFAULT.layout(Layout.DENDRITE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(torch + ": array W1 has shape (3, 4), the network's W1 is (4, 3) (a PyTorch (out, in)"
                        + " weight? import in layout torch, --layout torch)");
        assertThat(fresh.params().get("W1").value().toFloatArray())           // all or nothing: unchanged
                .isEqualTo(bnNet(DType.F32, 2).params().get("W1").value().toFloatArray());

        // A safetensors file that does not say Dendrite wrote it is PyTorch's: (in, out) arrays then fail, with the fix
        Map<String, Tensor> plain = new LinkedHashMap<>(NpzWeights.arrays(trained));
        Path foreign = tmp.resolve("foreign.safetensors");
        Safetensors.write(foreign, plain);
        assertThatThrownBy(() -> SafetensorsWeights.importFrom(foreign, fresh, ImportOptions.DEFAULT))
                .hasMessageContaining("array W1 has shape (4, 3), read as (3, 4) in layout torch, the network's W1 is (4, 3)"
                        + " (the file's Linear weights look (in, out) already: import in layout dendrite, --layout dendrite)");
        ImportReport forced = SafetensorsWeights.importFrom(foreign, fresh, ImportOptions.DEFAULT.layout(Layout.DENDRITE));
        assertThat(forced.transposed()).isEmpty();
        Tensor x = Tensor.randn(new Rng(3), DType.F32, 4, 4);
        assertThat(fresh.scores(x).toFloatArray()).isEqualTo(trained.scores(x).toFloatArray());
    }

    @Test
    void nonStrictImportReportsWhatIsMissingAndIgnored(@TempDir Path tmp) throws Exception {
        Network net = TwoLayerNet.builder().inputDim(4).hiddenDim(3).numClasses(2).dtype(DType.F64).seed(3).build();
        Map<String, Tensor> some = new LinkedHashMap<>(Safetensors.read(resource("torch_mlp.safetensors")).tensors());
        some.remove("2.bias");
        some.put("extra.scale", Tensor.zeros(DType.F32, 1));
        Path file = tmp.resolve("some.safetensors");
        Safetensors.write(file, some);
        assertThatThrownBy(() -> SafetensorsWeights.importFrom(file, net, ImportOptions.DEFAULT))
                .hasMessageContaining("the network's b2 is not in the file")
                .hasMessageContaining("(PyTorch names, mapped by layer order: 0.weight→W1, 0.bias→b1, 2.weight→W2)");
        ImportReport report = SafetensorsWeights.importFrom(file, net, ImportOptions.DEFAULT.strict(false));
        assertThat(report.missing()).containsExactly("b2");
        assertThat(report.ignored()).containsExactly("extra.scale");
    }

    @Test
    void pytorchModulesAreOrderedPartByPartWithNumbersAsNumbers() {
        List<String> modules = new ArrayList<>(List.of("10", "2", "fc10", "fc2", "features.10", "features.3", "0", "classifier.1"));
        modules.sort(TorchNames::compareModules);
        assertThat(modules).containsExactly("0", "2", "10", "classifier.1", "fc2", "fc10", "features.3", "features.10");

        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (int i : new int[] {10, 2, 0}) {
            sd.put(i + ".weight", Tensor.zeros(DType.F32, 2, 2));
            sd.put(i + ".bias", Tensor.zeros(DType.F32, 2));
        }
        sd.put("4.weight", Tensor.zeros(DType.F32, 2));                     // 1-D weight: a LayerNorm
        sd.put("4.bias", Tensor.zeros(DType.F32, 2));
        TorchNames.Mapping m = TorchNames.byOrder(sd);
        assertThat(m.renamed()).containsEntry("0.weight", "W1").containsEntry("2.weight", "W2")
                .containsEntry("10.weight", "W3").containsEntry("4.weight", "gamma1").containsEntry("4.bias", "beta1");
        assertThat(TorchNames.applies(sd.keySet(), java.util.Set.of("W1"))).isTrue();
        assertThat(TorchNames.applies(List.of("W1", "0.weight"), java.util.Set.of("W1"))).isFalse();
    }
}
