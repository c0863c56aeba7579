package io.dendrite.train;

import io.dendrite.model.FullyConnectedNet;
import io.dendrite.model.Network;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SolverTest {
    private static final Rng DATA = new Rng(42);
    private static final Tensor X = Tensor.randn(DATA, DType.F32, 50, 30);
    private static final int[] Y = new int[50];

    static {
        for (int i = 0; i < Y.length; i++) {
            Y[i] = DATA.nextInt(10);
        }
    }

    @Test
    void threeLayerNetOverfitsFiftyExamples() {
        Network net = FullyConnectedNet.builder().hiddenDims(100, 100).inputDim(30).numClasses(10)
                .weightScale(1e-1).seed(1).build();
        History h = Solver.builder(net).train(X, Y).validation(X, Y).updateRule(new Sgd(0.3))
                .numEpochs(20).batchSize(25).seed(3).build().train();
        assertThat(h.trainAccHistory()[19]).isEqualTo(1.0);
        assertThat(h.lossHistory()[h.lossHistory().length - 1]).isLessThan(h.lossHistory()[0]);
    }

    @Test
    void fiveLayerNetOverfitsFiftyExamples() {
        Network net = FullyConnectedNet.builder().hiddenDims(100, 100, 100, 100).inputDim(30).numClasses(10)
                .weightScale(1e-1).seed(2).build();
        History h = Solver.builder(net).train(X, Y).validation(X, Y).updateRule(new Adam(2e-3))
                .numEpochs(20).batchSize(25).seed(4).build().train();
        assertThat(h.trainAccHistory()[19]).isEqualTo(1.0);
    }

    @Test
    void batchNormAndDropoutNetworksTrain() {
        for (Network net : new Network[]{
                FullyConnectedNet.builder().hiddenDims(50, 50).inputDim(30).numClasses(10).normalization("batchnorm")
                        .weightScale(5e-2).seed(5).build(),
                FullyConnectedNet.builder().hiddenDims(100, 100).inputDim(30).numClasses(10).dropout(0.25)
                        .weightScale(5e-2).seed(6).build()}) {
            History h = Solver.builder(net).train(X, Y).validation(X, Y).updateRule(new Adam(5e-3))
                    .numEpochs(15).batchSize(25).seed(7).build().train();
            assertThat(h.bestValAcc()).as(net.spec().toString()).isGreaterThan(0.9);
            double[] loss = h.lossHistory();
            assertThat(loss[loss.length - 1]).isLessThan(loss[0] * 0.5);
        }
    }

    @Test
    void historiesHaveTheRightLengthsAndBestParametersAreKept() {
        Network net = TwoLayerNet.builder().inputDim(30).hiddenDim(20).numClasses(10).weightScale(1e-2).seed(8).build();
        Tensor xVal = X.slice(0, 20);
        int[] yVal = java.util.Arrays.copyOf(Y, 20);
        Solver solver = Solver.builder(net).train(X, Y).validation(xVal, yVal).updateRule(new Sgd(0.5))
                .lrDecay(0.5).numEpochs(6).batchSize(10).seed(9).build();
        History h = solver.train();
        assertThat(h.lossHistory()).hasSize(6 * 5);
        assertThat(h.trainAccHistory()).hasSize(6);
        assertThat(h.valAccHistory()).hasSize(6);
        assertThat(h.learningRates()).containsExactly(0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625);
        assertThat(h.bestValAcc()).isEqualTo(java.util.Arrays.stream(h.valAccHistory()).max().orElseThrow());
        double finalAcc = solver.accuracy(xVal, yVal, 0, new Rng(0));
        assertThat(finalAcc).isEqualTo(h.bestValAcc());
    }

    @Test
    void nanLossStopsWithIterationAndLayer() {
        Network net = TwoLayerNet.builder().inputDim(30).hiddenDim(20).numClasses(10).weightScale(1).seed(8).build();
        Solver solver = Solver.builder(net).train(X, Y).updateRule(new Sgd(1e30)).numEpochs(3).batchSize(10).build();
        assertThatThrownBy(solver::train).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("iteration").hasMessageContaining("Lower the learning rate")
                .hasMessageContaining("first non-finite value");
    }

    /** MNIST-like: 600 images of 784 pixels in [0, 1], ten classes each lighting its own band of pixels. */
    private static final int[] DIGIT_LABELS = new int[600];
    private static final Tensor DIGITS = digits();

    private static Tensor digits() {
        Rng rng = new Rng(21);
        float[] px = new float[600 * 784];
        for (int i = 0; i < 600; i++) {
            DIGIT_LABELS[i] = i % 10;
            for (int j = 0; j < 784; j++) {
                boolean band = j / 78 == DIGIT_LABELS[i];
                px[i * 784 + j] = (float) ((band ? 0.6 : 0.0) + 0.4 * rng.uniform(0, 1));
            }
        }
        return Tensor.of(px, 600, 784);
    }

    private static Network digitNet() {
        return TwoLayerNet.builder().inputDim(784).hiddenDim(50).numClasses(10).weightScale(1e-2).seed(22).build();
    }

    @Test
    void finiteRunawayLossStopsWithWindowStartAndBound() {
        Solver solver = Solver.builder(digitNet()).train(DIGITS, DIGIT_LABELS).updateRule(new Sgd(1e6)).numEpochs(3)
                .batchSize(100).seed(23).build();
        assertThatThrownBy(solver::train).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("mean loss").hasMessageContaining("starting loss")
                .hasMessageContaining("bound").hasMessageContaining("Lower the learning rate")
                .hasMessageNotContaining("NaN").hasMessageNotContaining("Infinity");
        // one epoch of 6 iterations is shorter than the default window of 50: the window is the epoch
        assertThat(solver.history().lossHistory()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(java.util.Arrays.stream(solver.history().lossHistory()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void healthyRunsStayFarBelowTheBound() {
        Solver solver = Solver.builder(digitNet()).train(DIGITS, DIGIT_LABELS).validation(DIGITS, DIGIT_LABELS)
                .updateRule(new Sgd(0.1)).numEpochs(10).batchSize(100).seed(24).build();
        History h = solver.train();
        double[] loss = h.lossHistory();
        assertThat(loss).hasSize(60);
        for (double l : loss) {
            assertThat(l).isLessThan(2 * loss[0]);   // the default bound is 1000 × loss[0]
        }
        assertThat(h.bestValAcc()).isGreaterThan(0.9);
    }

    @Test
    void runawayGuardCanBeTurnedOffOrWidened() {
        for (double off : new double[]{0, Double.POSITIVE_INFINITY}) {
            History h = Solver.builder(digitNet()).train(DIGITS, DIGIT_LABELS).updateRule(new Sgd(1e6)).numEpochs(2)
                    .batchSize(100).seed(23).divergenceFactor(off).build().train();
            assertThat(h.lossHistory()).hasSize(12);
        }
        Solver narrow = Solver.builder(digitNet()).train(DIGITS, DIGIT_LABELS).updateRule(new Sgd(1e6)).numEpochs(3)
                .batchSize(100).seed(23).divergenceWindow(1).build();
        assertThatThrownBy(narrow::train).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("iterations 2-2");
    }

    @Test
    void divergenceOptionsAreValidated() {
        Solver.Builder b = Solver.builder(twoLayer());
        for (double bad : new double[]{-1, 0.5, 1, Double.NaN}) {
            assertThatThrownBy(() -> b.divergenceFactor(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid divergenceFactor: " + bad);
        }
        assertThatThrownBy(() -> b.divergenceWindow(0)).hasMessageContaining("invalid divergenceWindow: 0");
        assertThatThrownBy(() -> b.divergenceWindow(-3)).hasMessageContaining("invalid divergenceWindow: -3");
    }

    @Test
    void searchRanksADivergedTrialLast() {
        HyperparameterSearch search = new HyperparameterSearch().logUniform("lr", 1e-2, 1e7).trials(5).seed(3);
        double maxLr = search.draws().stream().mapToDouble(p -> p.get("lr")).max().orElseThrow();
        List<HyperparameterSearch.Trial> board = search.run(p -> {
            if (p.get("lr") < maxLr) {   // the others report no validation accuracy at all (-1)
                return new History(new double[]{1}, new double[]{0}, new double[]{Double.NaN}, new double[]{1},
                        new double[]{1}, Double.NaN, 1);
            }
            return Solver.builder(digitNet()).train(DIGITS, DIGIT_LABELS).validation(DIGITS, DIGIT_LABELS)
                    .updateRule(new Sgd(1e6)).numEpochs(3).batchSize(100).seed(25).build().train();
        });
        HyperparameterSearch.Trial last = board.get(board.size() - 1);
        assertThat(last.params().get("lr")).isEqualTo(maxLr);
        assertThat(last.isDiverged()).isTrue();
        assertThat(last.diverged()).contains("training diverged");
        assertThat(board.subList(0, board.size() - 1)).noneMatch(HyperparameterSearch.Trial::isDiverged);
        List<String> table = HyperparameterSearch.table(board).lines().toList();
        assertThat(table.get(table.size() - 1)).contains("diverged");
    }

    @Test
    void resumedRunMatchesAnUninterruptedOne(@TempDir Path dir) throws Exception {
        History full = Solver.builder(twoLayer()).train(X, Y).validation(X, Y).updateRule(new Adam(1e-2))
                .numEpochs(4).batchSize(10).seed(11).build().train();

        Network first = twoLayer();
        Solver.builder(first).train(X, Y).validation(X, Y).updateRule(new Adam(1e-2)).numEpochs(2).batchSize(10)
                .seed(11).checkpointDir(dir).build().train();
        Path checkpoint = dir.resolve(Checkpoint.FILE_NAME);
        assertThat(Files.exists(checkpoint)).isTrue();

        Network second = twoLayer();
        History resumed = Solver.builder(second).train(X, Y).validation(X, Y).updateRule(new Adam(1e-2)).numEpochs(4)
                .batchSize(10).seed(11).build().resume(checkpoint).train();
        assertThat(resumed.lossHistory()).containsExactly(full.lossHistory());
        assertThat(resumed.valAccHistory()).containsExactly(full.valAccHistory());
    }

    @Test
    void aNewLearningRateAfterResumeIsUsedFromTheResumedEpochOn(@TempDir Path dir) throws Exception {
        Solver.builder(twoLayer()).train(X, Y).updateRule(new Sgd(1e-2)).lrDecay(0.5).numEpochs(1).batchSize(10)
                .seed(3).options(java.util.Map.of("dataset", "spiral", "lr", "0.01")).checkpointDir(dir).build().train();
        Path checkpoint = dir.resolve(Checkpoint.FILE_NAME);
        assertThat(Solver.recordedOptions(checkpoint)).containsEntry("dataset", "spiral").containsEntry("lr", "0.01");

        Solver resumed = Solver.builder(twoLayer()).train(X, Y).updateRule(new Sgd(0.2)).lrDecay(0.5).numEpochs(3)
                .batchSize(10).seed(3).build().resume(checkpoint);
        assertThat(resumed.learningRate()).isEqualTo(0.005);   // the checkpoint's, decayed once
        History h = resumed.learningRate(0.2).train();
        assertThat(h.learningRates()).containsExactly(0.01, 0.2, 0.1);
    }

    @Test
    void aModelFileIsNotTakenForACheckpoint(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.dnd");
        io.dendrite.model.ModelStore.save(twoLayer(), java.util.Map.of(), model);
        Solver solver = Solver.builder(twoLayer()).train(X, Y).updateRule(new Sgd(1e-2)).build();
        assertThatThrownBy(() -> solver.resume(model)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("is a model file, not a checkpoint");
    }

    @Test
    void resumedRunWithDropoutDrawsTheSameMasks(@TempDir Path dir) throws Exception {
        History full = Solver.builder(withDropout()).train(X, Y).validation(X, Y).updateRule(new Adam(1e-2))
                .numEpochs(4).batchSize(10).seed(13).build().train();

        Solver.builder(withDropout()).train(X, Y).validation(X, Y).updateRule(new Adam(1e-2)).numEpochs(2).batchSize(10)
                .seed(13).checkpointDir(dir).build().train();
        History resumed = Solver.builder(withDropout()).train(X, Y).validation(X, Y).updateRule(new Adam(1e-2)).numEpochs(4)
                .batchSize(10).seed(13).build().resume(dir.resolve(Checkpoint.FILE_NAME)).train();
        assertThat(resumed.lossHistory()).containsExactly(full.lossHistory());
        assertThat(resumed.valAccHistory()).containsExactly(full.valAccHistory());
    }

    private static Network withDropout() {
        return FullyConnectedNet.builder().hiddenDims(40, 40).inputDim(30).numClasses(10).dropout(0.3)
                .weightScale(5e-2).seed(14).build();
    }

    private static Network twoLayer() {
        return TwoLayerNet.builder().inputDim(30).hiddenDim(20).numClasses(10).weightScale(1e-2).seed(12).build();
    }

    @Test
    void solverRejectsBadConfiguration() {
        Network net = twoLayer();
        assertThatThrownBy(() -> Solver.builder(net).train(X, new int[3])).hasMessageContaining("(50, 30)")
                .hasMessageContaining("3 labels");
        assertThatThrownBy(() -> Solver.builder(net).train(X, Y).build()).hasMessageContaining("update rule");
        assertThatThrownBy(() -> Solver.builder(net).train(X, Y).updateRule(new Sgd(1)).batchSize(0).build())
                .hasMessageContaining("batch size: 0");
    }

    @Test
    void hyperparameterSearchIsReproducibleAndRanked() {
        HyperparameterSearch search = new HyperparameterSearch().logUniform("lr", 1e-4, 1e-1)
                .logUniform("reg", 1e-6, 1e-2).trials(4).seed(5);
        List<Map<String, Double>> a = search.draws();
        assertThat(a).isEqualTo(search.draws());
        assertThat(a).allSatisfy(p -> assertThat(p.get("lr")).isBetween(1e-4, 1e-1));
        List<HyperparameterSearch.Trial> board = search.run(p -> Solver.builder(
                        TwoLayerNet.builder().inputDim(30).hiddenDim(20).numClasses(10).reg(p.get("reg")).seed(1).build())
                .train(X, Y).validation(X, Y).updateRule(new Sgd(p.get("lr"))).numEpochs(2).batchSize(25).build().train());
        assertThat(board).hasSize(4);
        assertThat(board.get(0).valAcc()).isGreaterThanOrEqualTo(board.get(3).valAcc());
        assertThat(HyperparameterSearch.table(board)).contains("rank").contains("lr").contains("reg");
    }

    @Test
    void scheduleSetsTheLearningRateOfEveryEpoch() {
        History h = Solver.builder(twoLayer()).train(X, Y).updateRule(new Sgd(0.4)).numEpochs(4).batchSize(25)
                .schedule(new io.dendrite.optim.StepDecay(2, 0.5)).build().train();
        assertThat(h.learningRates()).containsExactly(0.4, 0.4, 0.2, 0.2);
    }

    @Test
    void trainingWithAugmentationStillLearns() {
        Tensor images = Tensor.rand(new Rng(3), DType.F32, 40, 1, 6, 6);
        int[] y = new int[40];
        for (int i = 0; i < 40; i++) {
            y[i] = i % 2;
            if (y[i] == 1) {
                images.slice(i, i + 1).addi(1.0);
            }
        }
        Network net = FullyConnectedNet.builder().hiddenDims(20).inputDim(36).numClasses(2).weightScale(0.1).seed(1).build();
        History h = Solver.builder(net).train(images, y).updateRule(new Adam(1e-2)).numEpochs(10).batchSize(10)
                .augmentation(new io.dendrite.data.Augmentation(1, true, 7)).build().train();
        assertThat(h.bestValAcc()).isGreaterThanOrEqualTo(0.85);
        assertThatThrownBy(() -> Solver.builder(net).train(X, Y).updateRule(new Sgd(1))
                .augmentation(new io.dendrite.data.Augmentation(1, true, 7)).build())
                .hasMessageContaining("augmentation needs images");
    }

    @Test
    void bestEpochBringsBackItsBatchNormStatistics() {
        Network net = FullyConnectedNet.builder().hiddenDims(30).inputDim(30).numClasses(10).normalization("batchnorm")
                .weightScale(5e-2).seed(13).build();
        Tensor xVal = X.slice(0, 20);
        int[] yVal = java.util.Arrays.copyOf(Y, 20);
        Map<String, Tensor> atBest = new java.util.HashMap<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochSummary s) {
                if (s.best()) {
                    net.buffers().forEach((k, v) -> atBest.put(k, v.copy()));
                }
            }
        };
        History h = Solver.builder(net).train(X, Y).validation(xVal, yVal).updateRule(new Sgd(2.0))
                .numEpochs(12).batchSize(10).seed(14).listener(recorder).build().train();
        assertThat(h.bestEpoch()).as("the test needs a best epoch before the last").isLessThan(12);
        assertThat(net.buffers()).isNotEmpty();
        net.buffers().forEach((k, v) -> assertThat(v.toDoubleArray()).as(k).containsExactly(atBest.get(k).toDoubleArray()));
    }
}
