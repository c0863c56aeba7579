package io.dendrite.train;

import io.dendrite.data.Augmentation;
import io.dendrite.model.FullyConnectedNet;
import io.dendrite.model.Model;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Solver's loop with a {@link GradientSource}: a source that computes, in this process, what the Solver computes
 * for local rows gives the same run bit for bit — batches, losses, accuracies, best epoch, weights — so a distributed
 * source is held only to its own arithmetic.
 */
class GradientSourceTest {
    private static final Rng DATA = new Rng(11);
    private static final Tensor X = Tensor.randn(DATA, DType.F32, 70, 12);
    private static final Tensor X_VAL = Tensor.randn(DATA, DType.F32, 23, 12);
    private static final int[] Y = labels(70), Y_VAL = labels(23);

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = DATA.nextInt(4);
        }
        return y;
    }

    private static Network net() {
        return FullyConnectedNet.builder().hiddenDims(16).inputDim(12).numClasses(4).weightScale(1e-1).reg(1e-3)
                .seed(5).build();
    }

    /** The rows gathered here and {@link Model#loss} on them: what a cluster's partitions would compute, in one place. */
    private static class LocalSource implements GradientSource {
        final Model model;
        final List<int[]> batchesSeen = new ArrayList<>();
        final List<List<int[]>> epochsAnnounced = new ArrayList<>();

        LocalSource(Model model) {
            this.model = model;
        }

        @Override
        public int trainRows() {
            return X.shape(0);
        }

        @Override
        public int validationRows() {
            return X_VAL.shape(0);
        }

        @Override
        public void startEpoch(int epoch, List<int[]> batches) {
            epochsAnnounced.add(batches);
        }

        @Override
        public double lossAndGradients(int epoch, int iteration, int[] rows) {
            batchesSeen.add(rows.clone());
            int[] y = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                y[i] = Y[rows[i]];
            }
            return model.loss(X.gatherRows(rows), y);
        }

        @Override
        public long correct(boolean validation, int[] rows) {
            Tensor x = validation ? X_VAL : X;
            int[] y = validation ? Y_VAL : Y;
            int[] idx = rows != null ? rows : Split.rowRange(0, y.length);
            int[] predicted = model.predict(x.gatherRows(idx));
            long correct = 0;
            for (int i = 0; i < idx.length; i++) {
                correct += predicted[i] == y[idx[i]] ? 1 : 0;
            }
            return correct;
        }
    }

    private static Solver.Builder configured(Solver.Builder b) {
        return b.updateRule(new Adam(3e-3)).numEpochs(4).batchSize(16).numTrainSamples(30).seed(7).lrDecay(0.9)
                .clipNorm(5);
    }

    @Test
    void aSourceThatComputesWhatTheSolverComputesTrainsTheSameModelBitForBit() {
        Network local = net();
        History expected = configured(Solver.builder(local).train(X, Y).validation(X_VAL, Y_VAL)).build().train();

        Network remote = net();
        LocalSource source = new LocalSource(remote);
        History actual = configured(Solver.builder(remote).gradientSource(source)).build().train();

        assertThat(actual.lossHistory()).containsExactly(expected.lossHistory());
        assertThat(actual.trainAccHistory()).containsExactly(expected.trainAccHistory());
        assertThat(actual.valAccHistory()).containsExactly(expected.valAccHistory());
        assertThat(actual.learningRates()).containsExactly(expected.learningRates());
        assertThat(actual.bestEpoch()).isEqualTo(expected.bestEpoch());
        for (Map.Entry<String, Parameter> e : local.params().entrySet()) {
            assertThat(remote.params().get(e.getKey()).value().toDoubleArray()).as(e.getKey())
                    .containsExactly(e.getValue().value().toDoubleArray());
        }
        // the epoch's batches are announced before its first iteration, and are the ones then drawn
        assertThat(source.epochsAnnounced).hasSize(4);
        List<int[]> announced = new ArrayList<>();
        source.epochsAnnounced.forEach(announced::addAll);
        assertThat(announced).hasSize(source.batchesSeen.size());
        for (int i = 0; i < announced.size(); i++) {
            assertThat(announced.get(i)).containsExactly(source.batchesSeen.get(i));
        }
        assertThat(source.batchesSeen).hasSize(4 * (70 / 16));   // the partial batch is dropped, as for local rows
    }

    @Test
    void aResumedSourceRunContinuesAsTheUninterruptedOne(@TempDir Path dir) throws Exception {
        Network whole = net();
        History expected = configured(Solver.builder(whole).gradientSource(new LocalSource(whole))).build().train();

        Network first = net();
        configured(Solver.builder(first).gradientSource(new LocalSource(first))).numEpochs(2).checkpointDir(dir)
                .build().train();
        Network second = net();
        History resumed = configured(Solver.builder(second).gradientSource(new LocalSource(second))).build()
                .resume(dir.resolve(Solver.CHECKPOINT_FILE)).train();
        assertThat(resumed.lossHistory()).containsExactly(expected.lossHistory());
        assertThat(second.params().get("W1").value().toDoubleArray())
                .containsExactly(whole.params().get("W1").value().toDoubleArray());
    }

    @Test
    void aSourceThatUpdatesTheParametersItselfIsNotSteppedAgain() {
        Network net = net();
        Tensor before = net.params().get("W1").value().copy();
        Optimizer[] attached = new Optimizer[1];
        GradientSource frozen = new LocalSource(net) {
            @Override
            public void attach(Optimizer optimizer, Map<String, String> options) {
                attached[0] = optimizer;
            }

            @Override
            public boolean updatesParameters() {
                return true;   // and updates nothing: the weights must stay as they are
            }
        };
        Solver solver = Solver.builder(net).gradientSource(frozen).updateRule(new Sgd(1.0)).numEpochs(2).batchSize(10)
                .build();
        solver.train();
        assertThat(attached[0]).isSameAs(solver.optimizer());
        assertThat(net.params().get("W1").value().toDoubleArray()).containsExactly(before.toDoubleArray());
    }

    @Test
    void withoutValidationRowsTheBestEpochIsJudgedOnTrainingRows() {
        Network net = net();
        GradientSource noVal = new LocalSource(net) {
            @Override
            public int validationRows() {
                return 0;
            }
        };
        History h = Solver.builder(net).gradientSource(noVal).updateRule(new Adam(3e-3)).numEpochs(2).batchSize(10)
                .build().train();
        assertThat(Arrays.stream(h.valAccHistory()).allMatch(Double::isNaN)).isTrue();
        assertThat(h.bestValAcc()).isEqualTo(Arrays.stream(h.trainAccHistory()).max().orElseThrow());
    }

    @Test
    void aSourceStandsInForTheRowsAndRefusesWhatItCannotDo() {
        Network net = net();
        LocalSource source = new LocalSource(net);
        assertThatThrownBy(() -> Solver.builder(net).train(X, Y).gradientSource(source).updateRule(new Sgd(1)).build())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Solver.builder(net).gradientSource(source).updateRule(new Sgd(1))
                .augmentation(new Augmentation(2, true, 0)).build())
                .hasMessageContaining("augmentation");
        GradientSource empty = new LocalSource(net) {
            @Override
            public int trainRows() {
                return 0;
            }
        };
        assertThatThrownBy(() -> Solver.builder(net).gradientSource(empty).updateRule(new Sgd(1)).build())
                .hasMessageContaining("at least 1 training row");
    }

    @Test
    void aNonFiniteLossFromASourceStopsTraining() {
        Network net = net();
        GradientSource nan = new LocalSource(net) {
            @Override
            public double lossAndGradients(int epoch, int iteration, int[] rows) {
                return iteration == 2 ? Double.NaN : super.lossAndGradients(epoch, iteration, rows);
            }
        };
        assertThatThrownBy(() -> Solver.builder(net).gradientSource(nan).updateRule(new Sgd(0.1)).batchSize(10)
                .build().train())
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("at iteration 3");
    }
}
