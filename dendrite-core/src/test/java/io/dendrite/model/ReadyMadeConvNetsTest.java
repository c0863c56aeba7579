package io.dendrite.model;

import io.dendrite.check.GradientReport;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LeNet-5, the scaled AlexNet and the small residual convnet: shapes, parameter counts, rebuild, save, gradients. */
class ReadyMadeConvNetsTest {
    private static final int CLASSES = 10;
    /** (C, H, W) of the inputs every net is built for: MNIST-like and CIFAR-like, with 1 and 3 channels. */
    private static final int[][] INPUTS = {{1, 28, 28}, {3, 28, 28}, {1, 32, 32}, {3, 32, 32}};

    @TempDir
    Path dir;

    private static int[] labels(Rng rng, int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        return y;
    }

    private static int count(Network net) {
        return net.params().values().stream().mapToInt(p -> p.value().size()).sum();
    }

    private static List<String> names(String... prefixesAndCounts) {
        List<String> out = new ArrayList<>();
        for (String group : prefixesAndCounts) {
            String[] parts = group.split(":");   // "Wb:3" → W1, b1, W2, b2, W3, b3; "WbGB:2" adds gamma k, beta k
            int k = Integer.parseInt(parts[1]);
            out.add("W" + k);
            out.add("b" + k);
            if (parts[0].equals("WbGB")) {
                out.add("gamma" + k);
                out.add("beta" + k);
            }
        }
        return out;
    }

    private static String[] seq(String kind, int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(k -> kind + ":" + k).toArray(String[]::new);
    }

    // ---- parameter counts, by hand ------------------------------------------------------------------------------

    /**
     * LeNet-5: conv 6·C·5·5+6, conv 16·6·5·5+16, affine 400·120+120 (16·5·5 = 400 for 28×28 with pad 2 and for
     * 32×32 with pad 0), 120·84+84, 84·classes+classes. On 1×28×28 with 10 classes:
     * 6·1·25+6 + 16·6·25+16 + 400·120+120 + 120·84+84 + 84·10+10 = 156 + 2 416 + 48 120 + 10 164 + 850 = 61 706;
     * with 3 channels the first conv has 6·3·25+6 = 456, so 62 006.
     */
    private static int lenet5Count(int c, int classes) {
        return 6 * c * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * classes + classes;
    }

    /**
     * AlexNet at width 1: convs 24·C·9+24, 64·24·9+64, 96·64·9+96, 96·96·9+96, 64·96·9+64; affine F·1024+1024 with
     * F = 64·3·3 = 576 on 28×28 (28→14→7→3) and 64·4·4 = 1 024 on 32×32 (32→16→8→4), 1024·1024+1024,
     * 1024·classes+classes. On 1×28×28 with 10 classes:
     * 240 + 13 888 + 55 392 + 83 040 + 55 360 + 590 848 + 1 049 600 + 10 250 = 1 858 618;
     * on 3×32×32: 672 + 13 888 + 55 392 + 83 040 + 55 360 + 1 049 600 + 1 049 600 + 10 250 = 2 317 802.
     */
    private static int alexNetCount(int c, int h, int classes) {
        int side = h / 2 / 2 / 2;
        return 24 * c * 9 + 24 + 64 * 24 * 9 + 64 + 96 * 64 * 9 + 96 + 96 * 96 * 9 + 96 + 64 * 96 * 9 + 64
                + 64 * side * side * 1024 + 1024 + 1024 * 1024 + 1024 + 1024 * classes + classes;
    }

    /**
     * ResidualConvNet, width 16, 2 stages of 1 block: stem conv 16·C·9+16 and BatchNorm 2·16; block of stage 1:
     * 2 × (16·16·9+16 + 2·16); transition conv 32·16·9+32 and BatchNorm 2·32; block of stage 2:
     * 2 × (32·32·9+32 + 2·32); affine 32·classes+classes (global average pooling: independent of H, W).
     * With 1 channel and 10 classes: 192 + 4 704 + 4 704 + 18 624 + 330 = 28 554; with 3 channels 28 842.
     */
    private static int residualCount(int c, int classes) {
        return 16 * c * 9 + 16 + 2 * 16
                + 2 * (16 * 16 * 9 + 16 + 2 * 16)
                + 32 * 16 * 9 + 32 + 2 * 32
                + 2 * (32 * 32 * 9 + 32 + 2 * 32)
                + 32 * classes + classes;
    }

    @Test
    void handCountsOfTheReferenceSizes() {
        assertThat(lenet5Count(1, 10)).isEqualTo(61_706);
        assertThat(lenet5Count(3, 10)).isEqualTo(62_006);
        assertThat(alexNetCount(1, 28, 10)).isEqualTo(1_858_618);
        assertThat(alexNetCount(3, 32, 10)).isEqualTo(2_317_802);
        assertThat(residualCount(1, 10)).isEqualTo(28_554);
        assertThat(residualCount(3, 10)).isEqualTo(28_842);
    }

    // ---- shapes, names, counts, summary, rebuild, save and load -------------------------------------------------

    /** Scores (N, classes), the names and count, the summary, the spec rebuild and a bit-exact save/load round trip. */
    private void checkReadyMade(Network net, int[] in, List<String> expectedNames, int expectedCount) throws IOException {
        String what = net.spec() + " on " + in[0] + "×" + in[1] + "×" + in[2];
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(rng, DType.F32, 3, in[0], in[1], in[2]);
        assertThat(net.scores(x).shape()).as(what).containsExactly(3, CLASSES);
        assertThat(net.params().keySet()).as(what).containsExactlyElementsOf(expectedNames);
        assertThat(count(net)).as(what).isEqualTo(expectedCount);
        assertThat(net.summary()).as(what).contains(String.format(Locale.ROOT, "Trainable params: %,d", expectedCount));

        Network again = Models.build(net.spec());
        assertThat(again.spec()).as(what).isEqualTo(net.spec());
        assertThat(again.params().keySet()).as(what).containsExactlyElementsOf(net.params().keySet());
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            assertThat(again.params().get(e.getKey()).value().shape()).as(what + " " + e.getKey())
                    .containsExactly(e.getValue().value().shape());
            assertThat(again.params().get(e.getKey()).value().toFloatArray()).as(what + " " + e.getKey())
                    .isEqualTo(e.getValue().value().toFloatArray());   // same seed, same weights (bit for bit)
        }

        net.loss(x, labels(rng, 3, CLASSES));   // moves BatchNorm's running statistics off their initial values
        Path file = dir.resolve(net.spec().type() + "-" + in[0] + "x" + in[1] + ".dnd");
        ModelStore.save(net, Map.of(), file);
        Network back = ModelStore.load(file).network();
        assertThat(back.spec()).as(what).isEqualTo(net.spec());
        assertThat(back.scores(x).toFloatArray()).as(what).isEqualTo(net.scores(x).toFloatArray());   // bit for bit
    }

    @Test
    void leNet5ShapesCountsRebuildAndSave() throws IOException {
        for (int[] in : INPUTS) {
            Network net = LeNet5.builder().inputDim(in[0], in[1], in[2]).numClasses(CLASSES).seed(3).build();
            checkReadyMade(net, in, names(seq("Wb", 1, 5)), lenet5Count(in[0], CLASSES));
            assertThat(net.params().get("W3").value().shape()).containsExactly(400, 120);
        }
        // pad 2 below 32 rows, 0 from 32 on: both reach the original's 16×5×5 before the first affine layer
        assertThat(LeNet5.builder().build().layers().layers().get(0).toString()).contains("p=2");
        assertThat(LeNet5.builder().inputDim(3, 32, 32).build().layers().layers().get(0).toString()).contains("p=0");
        Network max = LeNet5.builder().pooling("max").activation("relu").build();
        assertThat(max.toString()).contains("MaxPool2d").contains("ReLU").doesNotContain("AvgPool2d");
        assertThat(Models.build(max.spec()).toString()).isEqualTo(max.toString());
    }

    @Test
    void alexNetShapesCountsRebuildAndSave() throws IOException {
        for (int[] in : INPUTS) {
            Network net = AlexNet.builder().inputDim(in[0], in[1], in[2]).numClasses(CLASSES).seed(4).build();
            checkReadyMade(net, in, names(seq("Wb", 1, 8)), alexNetCount(in[0], in[1], CLASSES));
        }
        Network net = AlexNet.builder().build();
        assertThat(net.toString()).contains("LocalResponseNorm").contains("Dropout");
        assertThat(net.params().get("W6").value().shape()).containsExactly(64 * 3 * 3, 1024);
        assertThat(AlexNet.channels(1)).containsExactly(24, 64, 96, 96, 64);
        assertThat(AlexNet.channels(4)).containsExactly(96, 256, 384, 384, 256);
        assertThat(AlexNet.channels(0.001)).containsExactly(1, 1, 1, 1, 1);
        assertThat(AlexNet.hiddenSize(0.5)).isEqualTo(512);
        Network narrow = AlexNet.builder().width(0.5).hiddenSize(64).dropout(0).build();
        assertThat(narrow.params().get("W1").value().shape()).containsExactly(12, 1, 3, 3);
        assertThat(narrow.params().get("W7").value().shape()).containsExactly(64, 64);
        assertThat(narrow.toString()).doesNotContain("Dropout");
        assertThat(Models.build(narrow.spec()).toString()).isEqualTo(narrow.toString());
    }

    @Test
    void residualConvNetShapesCountsRebuildAndSave() throws IOException {
        for (int[] in : INPUTS) {
            Network net = ResidualConvNet.builder().inputDim(in[0], in[1], in[2]).numClasses(CLASSES).seed(5).build();
            // stem, the block's two convs, the transition, the second block's two convs (each with a BatchNorm2d), fc
            List<String> expected = new ArrayList<>(names(seq("WbGB", 1, 6)));
            expected.addAll(names("Wb:7"));
            checkReadyMade(net, in, expected, residualCount(in[0], CLASSES));
            assertThat(net.buffers()).hasSize(2 * 6);
        }
        Network deep = ResidualConvNet.builder().width(4).stages(3).blocks(2).numClasses(3).build();
        // stem + 3 stages × 2 blocks × 2 convs + 2 transitions = 15 conv/BatchNorm pairs, then the affine layer
        assertThat(deep.params()).containsKeys("gamma15", "W16").doesNotContainKey("W17");
        assertThat(deep.params().get("W16").value().shape()).containsExactly(16, 3);
        assertThat(deep.scores(Tensor.zeros(DType.F32, 2, 1, 28, 28)).shape()).containsExactly(2, 3);
        assertThat(Models.build(deep.spec()).toString()).isEqualTo(deep.toString());
    }

    @Test
    void buildersRefuseBadArgumentsWithTheValue() {
        assertThatThrownBy(() -> LeNet5.builder().pooling("median")).hasMessageContaining("median").hasMessageContaining("avg or max");
        assertThatThrownBy(() -> LeNet5.builder().activation("swish")).hasMessageContaining("swish").hasMessageContaining("leaky-relu");
        assertThatThrownBy(() -> LeNet5.builder().numClasses(0).build()).hasMessageContaining("numClasses: 0");
        assertThatThrownBy(() -> LeNet5.builder().inputDim(1, 8, 8).build()).hasMessageContaining("too small");
        assertThatThrownBy(() -> AlexNet.builder().width(0).build()).hasMessageContaining("width: 0");
        assertThatThrownBy(() -> AlexNet.builder().width(Double.NaN).build()).hasMessageContaining("width: NaN");
        assertThatThrownBy(() -> AlexNet.builder().dropout(1).build()).hasMessageContaining("dropout probability: 1");
        assertThatThrownBy(() -> AlexNet.builder().hiddenSize(-3).build()).hasMessageContaining("hiddenSize: -3");
        assertThatThrownBy(() -> AlexNet.builder().inputDim(1, 4, 4).build()).hasMessageContaining("too small");
        assertThatThrownBy(() -> ResidualConvNet.builder().width(0).build()).hasMessageContaining("width: 0");
        assertThatThrownBy(() -> ResidualConvNet.builder().blocks(0).build()).hasMessageContaining("blocks: 0");
        assertThatThrownBy(() -> ResidualConvNet.builder().stages(0).build()).hasMessageContaining("stages: 0");
        assertThatThrownBy(() -> ResidualConvNet.builder().inputDim(1, 4, 4).stages(4).build())
                .hasMessageContaining("too small for 4 stages");
        assertThatThrownBy(() -> ResidualConvNet.builder().inputDim(0, 8, 8).build()).hasMessageContaining("inputDim [0, 8, 8]");
    }

    // ---- gradients --------------------------------------------------------------------------------------------

    private static void assertGradientsMatch(Network net, Tensor x, int[] y, List<Parameter> params) {
        GradientReport report = GradientReport.ofLoss(() -> net.loss(x, y), params, 1e-6);
        assertThat(report.passed(1e-7, 1e-8)).as(report.toString()).isTrue();
    }

    @Test
    void residualConvNetGradients() {
        Rng rng = new Rng(6);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 1, 8, 8);
        Network net = ResidualConvNet.builder().inputDim(1, 8, 8).width(2).numClasses(3).reg(0.1)
                .dtype(DType.F64).seed(7).build();
        assertGradientsMatch(net, x, labels(rng, 2, 3), List.copyOf(net.params().values()));
    }

    @Test
    void leNet5GradientsWithSigmoid() {
        Rng rng = new Rng(8);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 1, 28, 28);
        Network net = LeNet5.builder().activation("sigmoid").numClasses(3).reg(0.05).dtype(DType.F64).seed(9).build();
        // Every backward path, checked element by element in a few seconds: both convolutions' dW/db code is that of
        // W1/b1, and conv 2's dx lies on W1's path; the affine layers' dW/db code is that of W5/b5, and their dx on
        // b1…b4's. The large W2 (2 400), W3 (48 000) and W4 (10 080) would cost 120 000 more loss evaluations.
        List<Parameter> checked = Stream.of("W1", "b1", "b2", "b3", "b4", "W5", "b5").map(net.params()::get).toList();
        assertGradientsMatch(net, x, labels(rng, 2, 3), checked);
    }

    @Test
    void alexNetGradientsOnATinyWidth() {
        Rng rng = new Rng(10);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 1, 8, 8);
        // width 1/24: channels (1, 3, 4, 4, 3); 8×8 → 4 → 2 → 1; dropout off (it draws in every forward)
        Network net = AlexNet.builder().inputDim(1, 8, 8).width(1.0 / 24).hiddenSize(5).dropout(0).numClasses(3)
                .reg(0.05).dtype(DType.F64).seed(11).build();
        assertThat(AlexNet.channels(1.0 / 24)).containsExactly(1, 3, 4, 4, 3);
        assertGradientsMatch(net, x, labels(rng, 2, 3), List.copyOf(net.params().values()));
    }

    // ---- learning ---------------------------------------------------------------------------------------------

    @Test
    void residualConvNetOverfitsTwentyExamples() {
        Rng rng = new Rng(12);
        Tensor x = Tensor.randn(rng, DType.F32, 20, 1, 8, 8);
        int[] y = labels(rng, 20, 3);
        Network net = ResidualConvNet.builder().inputDim(1, 8, 8).width(4).numClasses(3).seed(13).build();
        History h = Solver.builder(net).train(x, y).validation(x, y).updateRule(new Adam(1e-2))
                .numEpochs(30).batchSize(20).seed(1).build().train();
        assertThat(h.bestValAcc()).isGreaterThanOrEqualTo(0.9);
    }
}
