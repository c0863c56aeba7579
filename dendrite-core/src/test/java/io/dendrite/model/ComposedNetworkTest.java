package io.dendrite.model;

import io.dendrite.check.GradientReport;
import io.dendrite.check.ModelGradientCheck;
import io.dendrite.io.ModelFile;
import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.GroupNorm;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LayerNorm;
import io.dendrite.nn.LayerTypes;
import io.dendrite.nn.LeakyReLU;
import io.dendrite.nn.LocalResponseNorm;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.MeanSquaredError;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import io.dendrite.nn.Sequential;
import io.dendrite.nn.Sigmoid;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.nn.Tanh;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComposedNetworkTest {
    @TempDir
    Path dir;

    private static int[] labels(Rng rng, int n, int c) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        return y;
    }

    private static Network smallConvNet(DType dtype, long seed) {
        Rng rng = new Rng(seed);
        return Network.builder()
                .add(new Conv2d(1, 4, 3, 1, 1, rng, dtype)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten()).add(new Linear(4 * 4 * 4, 3, rng, dtype))
                .loss(new SoftmaxCrossEntropy()).reg(1e-3).inputShape(1, 8, 8).build();
    }

    @Test
    void builderNamesParametersAsTheSeeds() {
        Rng rng = new Rng(1);
        Network net = Network.builder()
                .add(new Conv2d(1, 2, 3, 1, 1, rng, DType.F32)).add(new BatchNorm2d(2)).add(new ReLU())
                .add(new Residual(new Conv2d(2, 2, 3, 1, 1, rng, DType.F32), new BatchNorm2d(2)))
                .add(new Flatten()).add(new Linear(2 * 4 * 4, 5, rng, DType.F32)).add(new LayerNorm(5))
                .add(new Linear(5, 3, rng, DType.F32)).build();
        assertThat(net.params().keySet()).containsExactly("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2",
                "W3", "b3", "gamma3", "beta3", "W4", "b4");
        assertThat(net.buffers().keySet()).containsExactly("running_mean1", "running_var1", "running_mean2", "running_var2");
        assertThat(net.regularizedNames()).containsExactly("W1", "W2", "W3", "W4");
        assertThat(net.spec().type()).isEqualTo(Network.COMPOSED);
    }

    @Test
    void aComposedConvNetTrainsSavesLoadsAndScoresIdentically() throws IOException {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.F32, 40, 1, 8, 8);
        int[] y = labels(rng, 40, 3);
        Network net = smallConvNet(DType.F32, 5);
        double before = net.loss(x, y);
        History h = Solver.builder(net).train(x, y).validation(x, y).updateRule(new Adam(1e-2))
                .numEpochs(40).batchSize(20).seed(1).build().train();
        assertThat(h.lossHistory()[h.lossHistory().length - 1]).isLessThan(before * 0.5);
        assertThat(h.bestValAcc()).isGreaterThan(0.9);

        Path file = dir.resolve("net.dnd");
        ModelStore.save(net, Map.of("note", "composed"), file);
        ModelStore.Loaded back = ModelStore.load(file);
        assertThat(back.metadata()).containsEntry("note", "composed");
        assertThat(back.network().scores(x).toFloatArray()).containsExactly(net.scores(x).toFloatArray());
        assertThat(back.network().inputShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(1, 8, 8));
        assertThat(back.network().reg()).isEqualTo(1e-3);
    }

    private static Network residualMlp() {
        Rng rng = new Rng(21);
        return Network.builder().add(new Linear(12, 16, rng, DType.F32)).add(new BatchNorm(16)).add(new ReLU())
                .add(new Residual(new Linear(16, 16, rng, DType.F32), new ReLU(), new Dropout(0.3, new Rng(22))))
                .add(new Linear(16, 4, rng, DType.F32)).reg(1e-3).build();
    }

    @Test
    void aComposedNetworkResumesFromItsCheckpointExactly() throws IOException {
        Rng rng = new Rng(23);
        Tensor x = Tensor.randn(rng, DType.F32, 60, 12);
        int[] y = labels(rng, 60, 4);
        History full = Solver.builder(residualMlp()).train(x, y).validation(x, y).updateRule(new Adam(1e-2))
                .numEpochs(4).batchSize(20).seed(5).build().train();
        Solver.builder(residualMlp()).train(x, y).validation(x, y).updateRule(new Adam(1e-2))
                .numEpochs(2).batchSize(20).seed(5).checkpointDir(dir).build().train();
        Path checkpoint = dir.resolve("checkpoint.dnd");
        // The checkpoint alone rebuilds the network: its architecture records every layer.
        Network rebuilt = Architecture.build(ModelFile.read(checkpoint).architecture());
        History resumed = Solver.builder(rebuilt).train(x, y).validation(x, y).updateRule(new Adam(1e-2))
                .numEpochs(4).batchSize(20).seed(5).build().resume(checkpoint).train();
        assertThat(resumed.lossHistory()).containsExactly(full.lossHistory());
        assertThat(resumed.valAccHistory()).containsExactly(full.valAccHistory());
    }

    @Test
    void everySaveableLayerTypeRoundTrips() throws IOException {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(7);
            Network net = Network.builder()
                    .add(new Conv2d(2, 4, 3, 1, 1, rng, dtype)).add(new BatchNorm2d(4, 0.8, 1e-4, dtype))
                    .add(new LeakyReLU(0.05)).add(new GroupNorm(2, 4, 1e-3, dtype))
                    .add(new LocalResponseNorm(3, 5e-4, 0.7, 2))
                    .add(new Residual(new Conv2d(4, 4, 3, 1, 1, rng, dtype), new Tanh()))
                    .add(new Conv2d(4, 4, 3, 1, 1, 0, rng, dtype))
                    .add(new AvgPool2d(2, 1, 1)).add(new MaxPool2d(1, 2, 1))
                    .add(new Sequential(new Flatten(), new Linear(4 * 5 * 6, 6, rng, dtype)))
                    .add(new BatchNorm(6, 0.7, 1e-3, dtype)).add(new Sigmoid()).add(new Dropout(0.3, new Rng(2)))
                    .add(new Linear(6, 5, rng, dtype)).add(new LayerNorm(5, 1e-4, dtype)).add(new ReLU())
                    .add(new Linear(5, 3, rng, dtype))
                    .loss(new MulticlassHinge(0.5)).reg(0.25).inputShape(2, 8, 7).build();
            Tensor x = Tensor.randn(new Rng(1), dtype, 4, 2, 8, 7);
            net.loss(x, new int[]{0, 1, 2, 1});   // moves the running statistics off their initial values
            Path file = dir.resolve("all-" + dtype + ".dnd");
            ModelStore.save(net, Map.of(), file);
            Network back = ModelStore.load(file).network();
            assertThat(back.scores(x).toDoubleArray()).containsExactly(net.scores(x).toDoubleArray());
            assertThat(back.toString()).isEqualTo(net.toString());
            assertThat(back.lossFunction()).hasToString(net.lossFunction().toString());
            assertThat(Architecture.describe(back)).isEqualTo(Architecture.describe(net));
            assertThat(back.dtype()).isEqualTo(dtype);
        }
    }

    @Test
    void theMeanSquaredErrorLossIsSavedToo() throws IOException {
        Network net = Network.builder().add(new Linear(3, 2)).loss(new MeanSquaredError()).build();
        Path file = dir.resolve("mse.dnd");
        ModelStore.save(net, Map.of(), file);
        assertThat(ModelStore.load(file).network().lossFunction()).isInstanceOf(MeanSquaredError.class);
    }

    /** A layer of a user's own: saveable only once registered. */
    static final class Doubler implements Layer {
        final double factor;

        Doubler(double factor) {
            this.factor = factor;
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(factor);
        }

        @Override
        public Tensor backward(Tensor dout) {
            return dout.mul(factor);
        }

        @Override
        public String toString() {
            return "Doubler(" + factor + ")";
        }
    }

    @Test
    void anUnknownLayerIsRefusedOnSaveWithTheHookAndNothingIsWritten() throws IOException {
        Network net = Network.builder().add(new Linear(3, 2)).add(new Doubler(2)).build();
        Path file = dir.resolve("own.dnd");
        assertThatThrownBy(() -> ModelStore.save(net, Map.of(), file))
                .hasMessageContaining("cannot save layer Doubler(2.0)")
                .hasMessageContaining("LayerTypes.register(\"Doubler\"");
        assertThat(Files.exists(file)).isFalse();

        LayerTypes.register("Doubler", Doubler.class, d -> Map.of("factor", Double.toString(d.factor)),
                c -> new Doubler(c.getDouble("factor")));
        ModelStore.save(net, Map.of(), file);
        Tensor x = Tensor.randn(new Rng(2), DType.F32, 4, 3);
        assertThat(ModelStore.load(file).network().scores(x).toFloatArray()).containsExactly(net.scores(x).toFloatArray());
    }

    @Test
    void filesWrittenWithOnlyTheReadyMadeSpecStillLoad() throws IOException {
        Network net = SimpleConvNet.builder().inputDim(1, 10, 10).filterNum(3).hiddenSize(7).numClasses(4)
                .batchNorm(true).seed(4).build();
        Tensor x = Tensor.randn(new Rng(6), DType.F32, 5, 1, 10, 10);
        net.loss(x, new int[]{0, 1, 2, 3, 0});
        Map<String, Tensor> params = new LinkedHashMap<>();
        net.params().forEach((k, p) -> params.put(k, p.value()));
        Path file = dir.resolve("old.dnd");
        // What ModelStore wrote before layers were recorded: the spec line as the architecture.
        ModelFile.write(file, new ModelFile.Contents(net.spec().toString(), Map.of(), params, net.buffers()));
        Network back = ModelStore.load(file).network();
        assertThat(back.spec()).isEqualTo(net.spec());
        assertThat(back.scores(x).toFloatArray()).containsExactly(net.scores(x).toFloatArray());
    }

    @Test
    void readyMadeNetworksKeepTheirSpecThroughSaveAndLoad() throws IOException {
        Network net = FullyConnectedNet.builder().hiddenDims(6, 5).inputDim(4).numClasses(3).dropout(0.2)
                .normalization("layernorm").activation("tanh").seed(2).build();
        Path file = dir.resolve("fc.dnd");
        ModelStore.save(net, Map.of(), file);
        Network back = ModelStore.load(file).network();
        assertThat(back.spec()).isEqualTo(net.spec());
        assertThat(back.generators().keySet()).containsExactly("dropout1", "dropout2");
        Tensor x = Tensor.randn(new Rng(1), DType.F32, 3, 4);
        assertThat(back.scores(x).toFloatArray()).containsExactly(net.scores(x).toFloatArray());
    }

    @Test
    void residualPassesAGradientCheckInF64() {
        Rng rng = new Rng(11);
        Residual block = new Residual(new Conv2d(3, 3, 3, 1, 1, rng, DType.F64), new Tanh(),
                new Conv2d(3, 3, 3, 1, 1, rng, DType.F64));
        GradientReport r = GradientReport.ofLayer(block, Tensor.randn(rng, DType.F64, 2, 3, 4, 4), rng);
        assertThat(r.passed(1e-7)).as(r.toString()).isTrue();
    }

    @Test
    void residualAddsTheInputAndPassesTheGradientThrough() {
        Residual identityPlusZero = new Residual(new Linear(Tensor.zeros(DType.F64, 3, 3), Tensor.zeros(DType.F64, 3)));
        Tensor x = Tensor.of(new double[]{1, -2, 3, 4, 5, -6}, 2, 3);
        assertThat(identityPlusZero.forward(x).toDoubleArray()).containsExactly(x.toDoubleArray());
        Tensor dout = Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(identityPlusZero.backward(dout).toDoubleArray()).containsExactly(dout.toDoubleArray());
    }

    @Test
    void residualRefusesABodyThatChangesTheShape() {
        Residual r = new Residual(new Linear(4, 3));
        assertThatThrownBy(() -> r.forward(Tensor.zeros(DType.F32, 2, 4)))
                .hasMessageContaining("Residual").hasMessageContaining("(2, 4)").hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> new Residual(new ReLU()).backward(Tensor.zeros(DType.F32, 2)))
                .hasMessageContaining("backward called before forward");
    }

    @Test
    void aComposedResidualNetworkPassesTheModelGradientCheck() {
        Rng rng = new Rng(12);
        Network net = Network.builder()
                .add(new Conv2d(1, 2, 3, 1, 1, rng, DType.F64)).add(new ReLU())
                .add(new Residual(new Conv2d(2, 2, 3, 1, 1, rng, DType.F64), new BatchNorm2d(2, DType.F64), new ReLU()))
                .add(new Flatten()).add(new Linear(2 * 5 * 5, 3, rng, DType.F64)).reg(0.1).build();
        Tensor x = Tensor.randn(rng, DType.F64, 4, 1, 5, 5);
        int[] y = labels(rng, 4, 3);
        GradientReport report = GradientReport.ofLoss(() -> net.loss(x, y), List.copyOf(net.params().values()), 1e-6);
        assertThat(report.passed(1e-7, 1e-8)).as(report.toString()).isTrue();
    }

    @Test
    void sigmoidAndTanhNetworksPassGradientChecksInF64() {
        for (String activation : List.of("sigmoid", "tanh", "leaky-relu")) {
            Rng rng = new Rng(13);
            Network two = TwoLayerNet.builder().inputDim(5).hiddenDim(6).numClasses(3).activation(activation)
                    .weightInit("xavier").reg(0.3).dtype(DType.F64).seed(3).build();
            Network fc = FullyConnectedNet.builder().hiddenDims(6, 4).inputDim(5).numClasses(3).activation(activation)
                    .weightInit("xavier").reg(0.3).dtype(DType.F64).seed(4).build();
            Tensor x = Tensor.randn(rng, DType.F64, 7, 5);
            int[] y = labels(rng, 7, 3);
            for (Network net : List.of(two, fc)) {
                GradientReport r = GradientReport.ofLoss(() -> net.loss(x, y), List.copyOf(net.params().values()), 1e-6);
                assertThat(r.passed(1e-7, 1e-8)).as(activation + " " + r).isTrue();
            }
        }
    }

    @Test
    void theBooksSigmoidTwoLayerNetIsBuildable() {
        Network net = TwoLayerNet.builder().inputDim(784).hiddenDim(50).numClasses(10).activation("sigmoid")
                .weightInit("sigmoid").build();
        assertThat(net.layers().get(1)).isInstanceOf(Sigmoid.class);
        assertThat(net.spec().get("activation")).isEqualTo("sigmoid");
        assertThat(Models.build(net.spec()).layers().get(1)).isInstanceOf(Sigmoid.class);
        assertThatThrownBy(() -> TwoLayerNet.builder().activation("softplus"))
                .hasMessageContaining("unknown activation 'softplus'").hasMessageContaining("relu, sigmoid, tanh, leaky-relu");
    }

    @Test
    void gradientCheckCopiesAComposedNetworkToF64WithoutDropout() {
        Network net = Network.builder().add(new Linear(4, 5)).add(new ReLU()).add(new Dropout(0.5, new Rng(1)))
                .add(new Linear(5, 3)).build();
        Network copy = ModelGradientCheck.checkable(net);
        assertThat(copy.dtype()).isEqualTo(DType.F64);
        assertThat(((Dropout) copy.layers().get(2)).p()).isZero();
        assertThat(copy.params().get("W2").value().toDoubleArray())
                .containsExactly(net.params().get("W2").value().to(DType.F64).toDoubleArray());
    }

    @Test
    void summaryListsLayersShapesAndCountsLikeKeras() {
        String s = SimpleConvNet.builder().build().summary();
        assertThat(s).contains("Conv2d(1→30, k=5, s=1, p=0)").contains("(N, 30, 24, 24)").contains("780")
                .contains("(N, 30, 12, 12)").contains("432,100").contains("(N, 10)").contains("1,010")
                .contains("Total params: 433,890").contains("Trainable params: 433,890")
                .contains("Non-trainable params: 0");
        String bn = SimpleConvNet.builder().batchNorm(true).build().summary();
        assertThat(bn).contains("Non-trainable params: 260");   // running mean and var: 2·30 + 2·100
        assertThat(TwoLayerNet.builder().inputDim(784).hiddenDim(50).build().summary())
                .contains("Total params: 39,760");   // 784·50 + 50 + 50·10 + 10
    }

    @Test
    void summaryOfAResidualNetIndentsTheBlockAndNeedsAnInputShapeForConvolutions() {
        Network net = Network.builder().add(new Conv2d(1, 2, 3, 1, 1))
                .add(new Residual(new Conv2d(2, 2, 3, 1, 1), new ReLU())).add(new Flatten()).add(new Linear(2 * 6 * 6, 3))
                .build();
        assertThatThrownBy(net::summary).hasMessageContaining("inputShape(C, H, W)");
        String s = net.summary(1, 6, 6);
        assertThat(s).contains("Residual").contains("  Conv2d(2→2, k=3, s=1, p=1)").contains("(N, 2, 6, 6)")
                .contains("Total params: " + (20 + 38 + 219));
    }

    @Test
    void builderRefusesEmptyNetworksMixedDTypesAndReusedLayers() {
        assertThatThrownBy(() -> Network.builder().build()).hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> Network.builder().add(new Linear(2, 3, new Rng(1), DType.F64)).add(new Linear(3, 2)).build())
                .hasMessageContaining("F32").hasMessageContaining("F64");
        ReLU shared = new ReLU();
        assertThatThrownBy(() -> Network.builder().add(new Linear(2, 2)).add(shared).add(new Linear(2, 2)).add(shared).build())
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Network.builder().reg(-1)).hasMessageContaining("invalid regularization strength: -1.0");
    }
}
