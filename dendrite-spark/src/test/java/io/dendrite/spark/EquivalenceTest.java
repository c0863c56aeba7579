package io.dendrite.spark;

import io.dendrite.check.GradientCheck;
import io.dendrite.data.Dataset;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Adam;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.History;
import io.dendrite.train.Solver;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synchronous SGD on Spark against the single-process Solver on the same global batches, under local[2] (two
 * threads; {@link TestSpark#MASTER}).
 *
 * <p>What is bit for bit and what is not: the Solver computes a batch's gradient in one pass, its GEMMs adding over
 * the batch's rows in one order; Spark's partitions each add over their rows, and the driver adds the partitions'
 * results. Floating-point addition is not associative, so with 2 or 4 partitions the weights agree within rounding —
 * in F64 to a relative error below {@value #F64_TOLERANCE} after 21 Adam steps, in F32 below {@value #F32_TOLERANCE}
 * — and bit for bit wherever the order is the same: with one partition (it computes what the Solver computes), and
 * between any two runs with the same partitions, whatever order their tasks finish in and whether a task was retried
 * (the driver adds the partitions in index order, not in arrival order).
 */
class EquivalenceTest {
    static final double F64_TOLERANCE = 1e-12, F32_TOLERANCE = 1e-4;
    static final Dataset TRAIN = TestSpark.images(240, 1), VAL = TestSpark.images(60, 2);

    static Solver.Builder configured(Solver.Builder b) {
        return b.updateRule(new Adam(5e-3)).numEpochs(3).batchSize(32).numTrainSamples(100).seed(4);
    }

    static History local(Network net) {
        DType dtype = net.dtype();
        return configured(Solver.builder(net).train(TRAIN.x(dtype), TRAIN.labels()).validation(VAL.x(dtype),
                VAL.labels())).build().train();
    }

    static History spark(Network net, SparkData train, int partitions, StorageLevel storage) {
        try (SparkSolver s = SparkSolver.builder(TestSpark.session(), net).train(train)
                .validation(SparkData.local(VAL)).partitions(partitions).storageLevel(storage).build()) {
            return configured(s.solver()).build().train();
        }
    }

    static History spark(Network net, int partitions) {
        return spark(net, SparkData.local(TRAIN), partitions, SparkSolver.DEFAULT_STORAGE);
    }

    /** Largest relative error over every parameter (GradientCheck.relError: max |a−b| / max(1e-8, |a|+|b|)). */
    static double worst(Network a, Network b) {
        double worst = 0;
        for (Map.Entry<String, Parameter> e : a.params().entrySet()) {
            worst = Math.max(worst, GradientCheck.relError(e.getValue().value(), b.params().get(e.getKey()).value()));
        }
        return worst;
    }

    static void assertSameBits(Network a, Network b) {
        for (Map.Entry<String, Parameter> e : a.params().entrySet()) {
            assertThat(b.params().get(e.getKey()).value().toDoubleArray()).as(e.getKey())
                    .containsExactly(e.getValue().value().toDoubleArray());
        }
    }

    static void assertSameBits(History a, History b) {
        assertThat(b.lossHistory()).containsExactly(a.lossHistory());
        assertThat(b.trainAccHistory()).containsExactly(a.trainAccHistory());
        assertThat(b.valAccHistory()).containsExactly(a.valAccHistory());
        assertThat(b.bestEpoch()).isEqualTo(a.bestEpoch());
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {2, 4})
    void synchronousSgdMatchesTheSingleProcessSolverWithinRounding(int partitions) {
        for (DType dtype : DType.values()) {
            Network single = TestSpark.net(dtype), distributed = TestSpark.net(dtype);
            History expected = local(single);
            History actual = spark(distributed, partitions);
            double tolerance = dtype == DType.F64 ? F64_TOLERANCE : F32_TOLERANCE;
            double err = worst(single, distributed);
            System.out.printf("%s, %d partitions: weights differ by %.3g (relative)%n", dtype, partitions, err);
            assertThat(err).as(dtype + " weights").isLessThan(tolerance);
            assertThat(GradientCheck.relError(Tensor.vector(actual.lossHistory()), Tensor.vector(expected.lossHistory())))
                    .as(dtype + " losses").isLessThan(tolerance);
            assertThat(actual.lossHistory()).hasSize(21);
        }
    }

    @Test
    void onePartitionIsTheSingleProcessSolverBitForBit() {
        Network single = TestSpark.net(DType.F32), distributed = TestSpark.net(DType.F32);
        History expected = local(single);
        History actual = spark(distributed, 1);
        assertSameBits(expected, actual);
        assertSameBits(single, distributed);
    }

    @Test
    void twoRunsWithTheSamePartitionsAreBitIdentical() {
        Network first = TestSpark.net(DType.F32), second = TestSpark.net(DType.F32);
        History a = spark(first, 4), b = spark(second, 4);
        assertSameBits(a, b);
        assertSameBits(first, second);
    }

    @Test
    void rowsOfASparkDatasetTrainAsTheDriversDataDoes() {
        // 3 input partitions, shuffled once into 4 blocks: the same layout as the driver's data in 4 partitions
        Network fromRows = TestSpark.net(DType.F32), fromDriver = TestSpark.net(DType.F32);
        History a = spark(fromRows, SparkData.rows(TestSpark.frame(TRAIN, 3), "features", "label"), 4,
                SparkSolver.DEFAULT_STORAGE);
        History b = spark(fromDriver, 4);
        assertSameBits(b, a);
        assertSameBits(fromDriver, fromRows);
    }

    static final AtomicInteger COMPUTED = new AtomicInteger(), KILLED = new AtomicInteger();

    @Test
    void aTaskThatDiesOnItsFirstAttemptIsRetriedAndTheRunStillMatches() {
        Network clean = TestSpark.net(DType.F32), retried = TestSpark.net(DType.F32), single = TestSpark.net(DType.F32);
        History expected = spark(clean, SparkData.rows(TestSpark.frame(TRAIN, 4), "features", "label"), 4,
                SparkSolver.DEFAULT_STORAGE);
        // Not cached (NONE): every job computes partition 1 from its rows again. Its 5th computation — the third
        // training step, after the job that counts the rows and the one that checks them — dies on its first attempt.
        COMPUTED.set(0);
        KILLED.set(0);
        SparkSession spark = TestSpark.session();
        org.apache.spark.sql.Dataset<Row> flaky = spark.createDataFrame(TestSpark.jsc()
                .parallelize(TestSpark.rows(TRAIN), 4).mapPartitionsWithIndex((p, it) -> {
                    if (p == 1 && TaskContext.get().attemptNumber() == 0 && COMPUTED.incrementAndGet() == 5) {
                        KILLED.incrementAndGet();
                        throw new IllegalStateException("injected failure: the first attempt of partition 1 dies");
                    }
                    return it;
                }, true), TestSpark.SCHEMA);
        History actual = spark(retried, SparkData.rows(flaky, "features", "label"), 4, StorageLevel.NONE());
        assertThat(KILLED.get()).as("tasks killed").isEqualTo(1);
        assertSameBits(expected, actual);
        assertSameBits(clean, retried);
        local(single);
        assertThat(worst(single, retried)).isLessThan(F32_TOLERANCE);
    }

    @Test
    void modelAveragingAfterEveryStepOfPlainSgdIsSynchronousSgd() {
        Network sync = TestSpark.net(DType.F64), averaged = TestSpark.net(DType.F64);
        try (SparkSolver s = SparkSolver.builder(TestSpark.session(), sync).train(SparkData.local(TRAIN))
                .partitions(4).build()) {
            s.solver().updateRule(new Sgd(0.05)).numEpochs(2).batchSize(32).seed(4).build().train();
        }
        try (SparkSolver s = SparkSolver.builder(TestSpark.session(), averaged).train(SparkData.local(TRAIN))
                .partitions(4).averageEvery(1).build()) {
            s.solver().updateRule(new Sgd(0.05)).numEpochs(2).batchSize(32).seed(4).build().train();
        }
        // w − lr·Σ share·g  and  Σ share·(w − lr·g)  differ by rounding only
        assertThat(worst(sync, averaged)).isLessThan(F64_TOLERANCE);
    }

    @Test
    void modelAveragingOnOnePartitionIsTheSingleProcessSolverBitForBit() {
        Network single = TestSpark.net(DType.F32), averaged = TestSpark.net(DType.F32);
        History expected = local(single);
        History actual;
        try (SparkSolver s = SparkSolver.builder(TestSpark.session(), averaged).train(SparkData.local(TRAIN))
                .validation(SparkData.local(VAL)).partitions(1).averageEvery(5).build()) {
            actual = configured(s.solver()).build().train();
        }
        assertSameBits(expected, actual);
        assertSameBits(single, averaged);
    }
}
