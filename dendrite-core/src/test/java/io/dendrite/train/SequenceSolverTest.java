package io.dendrite.train;

import io.dendrite.data.Sampling;
import io.dendrite.model.Network;
import io.dendrite.model.SequenceModel;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Solver on sequence models: learning, truncated BPTT streams, carried state, exact resume, clipping. */
class SequenceSolverTest {
    private static final int V = 5, T = 8;
    /** Fibonacci mod 5 (period 20): the next token is (previous + current) mod 5, so it needs the previous token too. */
    private static final int[] TEXT = fibonacciText(20 * 24 + 1);
    /** Windows of T+1 tokens, consecutive windows sharing one token (char-rnn's layout): 60 rows. */
    private static final int[][] WINDOWS = windows(TEXT);
    /** The inputs of each window: its first T tokens, as ids (N, T). */
    private static final Tensor IDS = inputs(WINDOWS);

    private static int[] fibonacciText(int length) {
        int[] text = new int[length];
        text[0] = 1;
        text[1] = 1;
        for (int i = 2; i < length; i++) {
            text[i] = (text[i - 2] + text[i - 1]) % V;
        }
        return text;
    }

    private static int[][] windows(int[] text) {
        int[][] rows = new int[(text.length - 1) / T][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(text, i * T, i * T + T + 1);
        }
        return rows;
    }

    private static Tensor inputs(int[][] windows) {
        double[] ids = new double[windows.length * T];
        for (int n = 0; n < windows.length; n++) {
            for (int t = 0; t < T; t++) {
                ids[n * T + t] = windows[n][t];
            }
        }
        return Tensor.of(ids, windows.length, T);
    }

    /**
     * A stateful next-token model built from what the library has: at every step the one-hot of the current token and
     * of the previous one feed Linear → ReLU → Linear → scores over the V tokens. At a row's first step the previous
     * token is the one carried from the same row of the previous call, or "none" (index V) after {@link #resetState}.
     * It records every call, and counts calls whose rows do not continue the rows of the call before.
     */
    static final class NextToken implements SequenceModel {
        final Network net;
        final List<String> calls = new ArrayList<>();
        int[] carried;            // each row's last input token in the previous call; null after resetState
        int[] lastTarget;         // each row's last target in the previous call
        int continued, broken;    // calls that used a carried state, and those whose rows did not continue it

        NextToken(long seed) {
            Rng rng = new Rng(seed);
            net = Network.builder().add(new Linear(2 * V + 1, 32, rng, DType.F64)).add(new ReLU())
                    .add(new Linear(32, V, rng, DType.F64)).loss(new SoftmaxCrossEntropy()).reg(1e-4).build();
        }

        /** Features (N·T, 2V+1) of x (N, T); keeps each row's last token for the next call. */
        private Tensor features(Tensor x, int[][] targets) {
            int n = x.shape(0);
            if (carried != null && carried.length != n) {
                throw new IllegalStateException("carried state of " + carried.length + " rows, batch of " + n);
            }
            if (carried != null) {
                continued++;
                for (int r = 0; r < n; r++) {
                    broken += targets[r][0] == lastTarget[r] ? 0 : 1;
                }
            }
            int d = 2 * V + 1;
            double[] f = new double[n * T * d];
            for (int r = 0; r < n; r++) {
                for (int t = 0; t < T; t++) {
                    int previous = t > 0 ? (int) x.get(r, t - 1) : carried != null ? carried[r] : V;
                    f[(r * T + t) * d + (int) x.get(r, t)] = 1;
                    f[(r * T + t) * d + V + previous] = 1;
                }
            }
            carried = new int[n];
            lastTarget = new int[n];
            for (int r = 0; r < n; r++) {
                carried[r] = (int) x.get(r, T - 1);
                lastTarget[r] = targets[r][T];
            }
            return Tensor.of(f, n * T, d);
        }

        private static int[] nextTokens(int[][] targets) {
            int[] y = new int[targets.length * T];
            for (int r = 0; r < targets.length; r++) {
                System.arraycopy(targets[r], 1, y, r * T, T);
            }
            return y;
        }

        @Override
        public double loss(Tensor x, int[][] targets) {
            calls.add("loss");
            return net.loss(features(x, targets), nextTokens(targets));
        }

        @Override
        public double metric(Tensor x, int[][] targets) {
            calls.add("metric");
            int[] predicted = net.predict(features(x, targets));
            int[] y = nextTokens(targets);
            int correct = 0;
            for (int i = 0; i < y.length; i++) {
                correct += predicted[i] == y[i] ? 1 : 0;
            }
            return (double) correct / y.length;
        }

        @Override
        public String metricName() {
            return "token accuracy";
        }

        @Override
        public void resetState() {
            calls.add("reset");
            carried = null;
        }

        @Override
        public Map<String, Parameter> params() {
            return net.params();
        }

        double[] weights() {
            List<Double> all = new ArrayList<>();
            params().values().forEach(p -> {
                for (double v : p.value().toDoubleArray()) {
                    all.add(v);
                }
            });
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public String toString() {
            return "NextToken(V=" + V + ")";
        }
    }

    private static Solver.Builder solver(NextToken model, Sampling sampling) {
        return Solver.builder(model).train(IDS, WINDOWS).validation(IDS.slice(0, 30), java.util.Arrays.copyOf(WINDOWS, 30))
                .updateRule(new Adam(2e-2)).batchSize(6).sampling(sampling).seed(5);
    }

    @Test
    void aStatefulModelLearnsTheSequenceWithStreams() {
        NextToken model = new NextToken(1);
        History h = solver(model, Sampling.STREAMS).numEpochs(40).build().train();
        double[] loss = h.lossHistory();
        assertThat(loss[0]).isCloseTo(Math.log(V), org.assertj.core.data.Offset.offset(0.3));
        double lastEpoch = java.util.Arrays.stream(loss, loss.length - 10, loss.length).average().orElseThrow();
        assertThat(lastEpoch).isLessThan(0.05 * Math.log(V));
        assertThat(h.metric()).isEqualTo("token accuracy");
        assertThat(h.bestValAcc()).isEqualTo(1.0);   // the carried token makes even a window's first step predictable
        assertThat(model.continued).isPositive();
        assertThat(model.broken).as("rows of a stream batch continue the same rows of the batch before").isZero();
        assertThat(h.epochsCsv()).startsWith("epoch,train_token_accuracy,val_token_accuracy,");
        assertThat(h.toJson()).contains("\"metric\": \"token accuracy\"");
    }

    @Test
    void shuffledBatchesNeverCarryStateButStillLearn() {
        NextToken model = new NextToken(2);
        History h = solver(model, Sampling.SHUFFLE).numEpochs(40).build().train();
        double[] loss = h.lossHistory();
        double lastEpoch = java.util.Arrays.stream(loss, loss.length - 10, loss.length).average().orElseThrow();
        assertThat(lastEpoch).isLessThan(0.2 * Math.log(V));   // a window's first step has no previous token to go on
        assertThat(model.continued).as("every shuffled batch starts from a reset state").isZero();
        int losses = Collections.frequency(model.calls, "loss");
        for (int i = 0; i < model.calls.size(); i++) {
            if (model.calls.get(i).equals("loss") || model.calls.get(i).equals("metric")) {
                assertThat(model.calls.get(i - 1)).as("call %d", i).isEqualTo("reset");
            }
        }
        assertThat(losses).isEqualTo(40 * 10);
    }

    @Test
    void streamsResetTheStateAtEveryEpochStartAndEveryEvaluation() {
        NextToken model = new NextToken(3);
        solver(model, Sampling.STREAMS).numEpochs(2).numTrainSamples(20).build().train();
        // per epoch: 60 rows / 6 = 10 stream batches; train metric on ⌈20 / 6⌉ = 4 batches; validation 30 / 6 = 5
        List<String> epoch = new ArrayList<>();
        epoch.add("reset");
        epoch.addAll(Collections.nCopies(10, "loss"));
        epoch.add("reset");
        epoch.addAll(Collections.nCopies(4, "metric"));
        epoch.add("reset");
        epoch.addAll(Collections.nCopies(5, "metric"));
        List<String> expected = new ArrayList<>(epoch);
        expected.addAll(epoch);
        assertThat(model.calls).isEqualTo(expected);
        assertThat(model.broken).isZero();
    }

    @Test
    void shuffledSequenceTrainingResumesExactly(@TempDir Path dir) throws Exception {
        resumesExactly(Sampling.SHUFFLE, dir);
    }

    @Test
    void streamTrainingResumesExactly(@TempDir Path dir) throws Exception {
        resumesExactly(Sampling.STREAMS, dir);
    }

    private static void resumesExactly(Sampling sampling, Path dir) throws Exception {
        NextToken straight = new NextToken(4);
        History full = solver(straight, sampling).numEpochs(4).clipNorm(0.5).build().train();

        solver(new NextToken(4), sampling).numEpochs(2).clipNorm(0.5).checkpointDir(dir).build().train();
        NextToken second = new NextToken(4);
        History resumed = solver(second, sampling).numEpochs(4).clipNorm(0.5).build()
                .resume(dir.resolve(Checkpoint.FILE_NAME)).train();

        assertThat(resumed.lossHistory()).containsExactly(full.lossHistory());
        assertThat(resumed.trainAccHistory()).containsExactly(full.trainAccHistory());
        assertThat(resumed.valAccHistory()).containsExactly(full.valAccHistory());
        assertThat(second.weights()).containsExactly(straight.weights());
    }

    @Test
    void clippingIsRecordedAndAResumeWithOtherClippingIsRefused(@TempDir Path dir) throws Exception {
        Solver first = solver(new NextToken(6), Sampling.SHUFFLE).numEpochs(1).clipNorm(5).clipValue(0.25)
                .options(Map.of("dataset", "fibonacci", "clip-norm", "ignored")).checkpointDir(dir).build();
        assertThat(first.options()).containsEntry("clip-norm", "5.0").containsEntry("clip-value", "0.25")
                .containsEntry("dataset", "fibonacci");
        first.train();
        Path checkpoint = dir.resolve(Checkpoint.FILE_NAME);
        assertThat(Solver.recordedOptions(checkpoint)).containsEntry("clip-norm", "5.0").containsEntry("clip-value", "0.25");

        Solver other = solver(new NextToken(6), Sampling.SHUFFLE).numEpochs(2).clipNorm(1).build();
        assertThatThrownBy(() -> other.resume(checkpoint)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clip-norm 1.0 but the run used 5.0")
                .hasMessageContaining("clip-value off but the run used 0.25");
        assertThat(other.history().lossHistory()).as("a refused resume changes nothing").isEmpty();
        Solver same = solver(new NextToken(6), Sampling.SHUFFLE).numEpochs(2).clipNorm(5).clipValue(0.25).build();
        assertThat(same.resume(checkpoint).train().lossHistory()).hasSize(20);
    }

    @Test
    void aClassifierTrainsWithClippingAndAHighLimitChangesNothing() {
        Tensor x = Tensor.randn(new Rng(42), DType.F32, 50, 30);
        int[] y = new int[50];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10;
        }
        double[] plain = classifierLosses(x, y, b -> b);
        double[] loose = classifierLosses(x, y, b -> b.clipNorm(1e9).clipValue(1e9));
        assertThat(loose).containsExactly(plain);
        double[] tight = classifierLosses(x, y, b -> b.clipNorm(1e-3));
        assertThat(tight[0]).isEqualTo(plain[0]);
        assertThat(tight[tight.length - 1]).isNotEqualTo(plain[plain.length - 1]);
    }

    private static double[] classifierLosses(Tensor x, int[] y, java.util.function.UnaryOperator<Solver.Builder> options) {
        Network net = TwoLayerNet.builder().inputDim(30).hiddenDim(20).numClasses(10).weightScale(1e-2).seed(8).build();
        return options.apply(Solver.builder(net).train(x, y).updateRule(new Sgd(0.5)).numEpochs(3).batchSize(10).seed(9))
                .build().train().lossHistory();
    }

    @Test
    void wrongTargetsAndWrongQuestionsAreRefused() {
        NextToken model = new NextToken(7);
        assertThatThrownBy(() -> Solver.builder(model).train(IDS, new int[60]).updateRule(new Sgd(1)).build())
                .hasMessageContaining("is a sequence model").hasMessageContaining("int[][]");
        Network net = TwoLayerNet.builder().inputDim(8).hiddenDim(4).numClasses(5).build();
        assertThatThrownBy(() -> Solver.builder(net).train(IDS, WINDOWS).updateRule(new Sgd(1)).build())
                .hasMessageContaining("is a classifier").hasMessageContaining("int[]");
        assertThatThrownBy(() -> Solver.builder(model).train(IDS, new int[3][])).hasMessageContaining("(60, 8)")
                .hasMessageContaining("3 target sequences");
        assertThatThrownBy(() -> Solver.builder(model).train(IDS.slice(0, 1), new int[1][]))
                .hasMessageContaining("target sequence 0 is null");
        assertThatThrownBy(() -> solver(model, Sampling.STREAMS).batchSize(31).build())
                .hasMessageContaining("validation data has 30");
        assertThatThrownBy(() -> solver(model, Sampling.SHUFFLE).clipNorm(-1)).hasMessageContaining("invalid clipNorm: -1.0");
        Solver solver = solver(model, Sampling.SHUFFLE).build();
        assertThatThrownBy(() -> solver.accuracy(IDS, new int[60], 0, new Rng(0))).hasMessageContaining("token accuracy");
        assertThatThrownBy(solver::model).hasMessageContaining("trainable()");
        assertThat(solver.trainable()).isSameAs(model);
    }
}
