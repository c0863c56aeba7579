package io.dendrite.spark;

import io.dendrite.data.Dataset;
import io.dendrite.model.FullyConnectedNet;
import io.dendrite.model.Network;
import io.dendrite.model.SimpleConvNet;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Momentum;
import io.dendrite.optim.State;
import io.dendrite.optim.UpdateRule;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SparkSolver beyond equivalence: checkpoints, model averaging, BatchNorm and Dropout, and rows it refuses. */
class SparkSolverTest {
    static final Dataset TRAIN = EquivalenceTest.TRAIN, VAL = EquivalenceTest.VAL;

    @Test
    void aRunResumedFromItsCheckpointContinuesAsTheUninterruptedOne(@TempDir Path dir) throws Exception {
        for (int averageEvery : new int[]{0, 3}) {
            Network whole = TestSpark.net(DType.F32), first = TestSpark.net(DType.F32), second = TestSpark.net(DType.F32);
            History expected;
            try (SparkSolver s = solver(whole, 2, averageEvery)) {
                expected = EquivalenceTest.configured(s.solver()).build().train();
            }
            Path run = dir.resolve("k" + averageEvery);
            try (SparkSolver s = solver(first, 2, averageEvery)) {
                EquivalenceTest.configured(s.solver()).numEpochs(1).checkpointDir(run).build().train();
            }
            History resumed;
            try (SparkSolver s = solver(second, 2, averageEvery)) {
                resumed = EquivalenceTest.configured(s.solver()).build().resume(run.resolve(Solver.CHECKPOINT_FILE))
                        .train();
            }
            EquivalenceTest.assertSameBits(expected, resumed);
            EquivalenceTest.assertSameBits(whole, second);
        }
    }

    private static SparkSolver solver(Network net, int partitions, int averageEvery) {
        return SparkSolver.builder(TestSpark.session(), net).train(SparkData.local(TRAIN)).validation(SparkData.local(VAL))
                .partitions(partitions).averageEvery(averageEvery).build();
    }

    @Test
    void modelAveragingEveryTenStepsLearnsAndAveragesTheUpdateRulesStates() {
        Network net = TestSpark.net(DType.F32);
        History h;
        Solver solver;
        try (SparkSolver s = solver(net, 4, 10)) {
            solver = s.solver().updateRule(new Adam(1e-2)).numEpochs(4).batchSize(32).seed(3).build();
            h = solver.train();
            SparkSolver.StepTimes t = s.stepTimes();
            assertThat(t.iterations()).isEqualTo(4 * 7);
            assertThat(t.jobs()).isEqualTo(4 * 1);   // 7 iterations per epoch: one round each, ended by the epoch
        }
        double[] loss = h.lossHistory();
        assertThat(loss).hasSize(28);
        assertThat(loss[loss.length - 1]).isLessThan(loss[0]);
        assertThat(h.bestValAcc()).isGreaterThan(0.6);   // 3 classes: chance is 1/3
        assertThat(java.util.Arrays.stream(net.params().get("W1").value().toDoubleArray()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void batchNormAndDropoutNetworksTrainOnPartitions() {
        Network bn = SimpleConvNet.builder().inputDim(1, 6, 6).filterNum(4).filterSize(3).pad(1).hiddenSize(12)
                .numClasses(3).batchNorm(true).weightScale(0.1).seed(1).build();
        Network dropout = FullyConnectedNet.builder().inputDim(36).hiddenDims(24).numClasses(3).dropout(0.2)
                .weightScale(0.1).seed(2).build();
        for (Network net : new Network[]{bn, dropout}) {
            Tensor before = net.buffers().isEmpty() ? null : net.buffers().values().iterator().next().copy();
            History h;
            Dataset train = net == dropout ? TRAIN.flatten() : TRAIN, val = net == dropout ? VAL.flatten() : VAL;
            try (SparkSolver s = SparkSolver.builder(TestSpark.session(), net).train(SparkData.local(train))
                    .validation(SparkData.local(val)).partitions(2).build()) {
                h = s.solver().updateRule(new Adam(1e-2)).numEpochs(3).batchSize(32).seed(5).build().train();
            }
            assertThat(h.bestValAcc()).as(net.spec().toString()).isGreaterThan(0.6);
            if (before != null) {   // the running statistics came back from the partitions
                assertThat(net.buffers().values().iterator().next().toDoubleArray())
                        .isNotEqualTo(before.toDoubleArray());
            }
        }
    }

    @Test
    void modelAveragingRefusesAnUpdateRuleTheExecutorsCannotRebuild() {
        UpdateRule custom = new UpdateRule() {
            private double lr = 0.1;

            @Override
            public void update(Tensor w, Tensor dw, State state) {
                w.subi(dw.mul(lr));
            }

            @Override
            public double learningRate() {
                return lr;
            }

            @Override
            public void setLearningRate(double lr) {
                this.lr = lr;
            }

            @Override
            public String name() {
                return "custom";
            }
        };
        Network net = TestSpark.net(DType.F32);
        try (SparkSolver s = solver(net, 2, 5)) {
            assertThatThrownBy(() -> s.solver().updateRule(custom).build())
                    .hasMessageContaining("model averaging runs the update rule on the executors")
                    .hasMessageContaining("averageEvery 0");
        }
        try (SparkSolver s = solver(TestSpark.net(DType.F32), 2, 5)) {   // a known rule is rebuilt: accepted
            s.solver().updateRule(new Momentum(1e-2, 0.9)).numEpochs(0).build();
        }
    }

    private static final StructType DOUBLE_LABELS = new StructType()
            .add("x", DataTypes.createArrayType(DataTypes.DoubleType)).add("y", DataTypes.DoubleType);

    /** 8 rows of 36 features, labels 0..2 as doubles (Spark ML's habit), with row {@code bad} replaced. */
    private static org.apache.spark.sql.Dataset<Row> rowsWith(int bad, Row replacement) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(i == bad ? replacement : RowFactory.create(new double[36], (double) (i % 3)));
        }
        return TestSpark.session().createDataFrame(TestSpark.jsc().parallelize(rows, 2), DOUBLE_LABELS);
    }

    private static String refusal(org.apache.spark.sql.Dataset<Row> rows) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() ->
                SparkSolver.builder(TestSpark.session(), TestSpark.net(DType.F32))
                        .train(SparkData.rows(rows, "x", "y")).partitions(2).build());
        assertThat(t).isInstanceOf(IllegalArgumentException.class);
        return t.getMessage();
    }

    @Test
    void aRowThatCannotBeAnExampleIsNamedInOneLine() {
        // through Spark: the executor's error comes back as the caller's one line
        assertThat(refusal(rowsWith(5, RowFactory.create(new double[35], 1.0))))
                .isEqualTo("training row 5: its features ('x') have 35 values, expected 36 (one sample of the"
                        + " network's input)");
        assertThat(refusal(rowsWith(6, RowFactory.create(new double[36], 3.0))))
                .isEqualTo("training row 6: label 3 is out of range: the network has 3 classes, 0 … 2");
        // the other checks, on the function the executors run
        assertThat(example(2, RowFactory.create(new double[36], -1.0)))
                .isEqualTo("training row 2: label -1 is out of range: the network has 3 classes, 0 … 2");
        assertThat(example(7, RowFactory.create(new double[36], 1.5)))
                .isEqualTo("training row 7: its label ('y') 1.5 is not a whole number; labels are classes 0 … 2");
        assertThat(example(0, RowFactory.create(null, 1.0))).isEqualTo("training row 0: its features ('x') are null");
        assertThat(example(3, RowFactory.create(new double[36], null)))
                .isEqualTo("training row 3: its label ('y') is null");
        List<Double> withNull = new ArrayList<>(java.util.Collections.nCopies(36, 0.0));
        withNull.set(4, null);
        assertThat(example(4, RowFactory.create(withNull, 1.0))).isEqualTo("training row 4: feature 4 is null");
        SparkData.Example ok = SparkData.example(RowFactory.create(seq(List.of(1.0f, 2.5f)), 2L), 9, "validation",
                "x", "y", 2, 3);
        assertThat(ok.features()).containsExactly(1f, 2.5f);
        assertThat(ok.label()).isEqualTo(2);
    }

    /** A Java list as Spark's rows hold arrays: a Scala sequence. */
    private static Object seq(List<?> values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(values));
    }

    /** The message SparkData.example gives for {@code row} as training row {@code index} of 36 features, 3 classes. */
    private static String example(int index, Row row) {
        Object features = row.isNullAt(0) ? null : row.get(0) instanceof double[] d
                ? seq(java.util.Arrays.stream(d).boxed().toList()) : seq((List<?>) row.get(0));
        Row asSpark = RowFactory.create(features, row.get(1));
        return org.assertj.core.api.Assertions.catchThrowableOfType(RowException.class,
                () -> SparkData.example(asSpark, index, "training", "x", "y", 36, 3)).getMessage();
    }

    @Test
    void aDriversExampleWithAnOutOfRangeLabelIsNamedToo() {
        Dataset bad = new Dataset(new float[3 * 36], new int[]{1, 6, 6}, new int[]{0, 1, 7}, 8);
        assertThatThrownBy(() -> SparkSolver.builder(TestSpark.session(), TestSpark.net(DType.F32))
                .train(SparkData.local(bad)).partitions(2).build())
                .hasMessage("training row 2: label 7 is out of range: the network has 3 classes, 0 … 2");
    }

    @Test
    void columnsThatCannotHoldExamplesAreRefusedBeforeAnyJob() {
        org.apache.spark.sql.Dataset<Row> rows = rowsWith(-1, null);
        assertThatThrownBy(() -> SparkData.rows(rows, "features", "y"))
                .hasMessage("SparkData: no features column 'features'; the rows have columns [x, y]");
        assertThatThrownBy(() -> SparkData.rows(rows, "y", "y"))
                .hasMessage("SparkData: the features column 'y' holds double, expected an array of numbers"
                        + " (array<float>, array<double>, …)");
        assertThatThrownBy(() -> SparkData.rows(rows, "x", "x"))
                .hasMessageStartingWith("SparkData: the label column 'x' holds array<double>, expected numbers");
    }
}
