package io.dendrite.model;

import io.dendrite.model.KNearestNeighbor.Metric;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KNearestNeighborTest {
    /** Train (0,0), (3,4), (1,1) with labels 0, 1, 2; test (0,0), (3,0). */
    private static final Tensor TRAIN = Tensor.of(new double[]{0, 0, 3, 4, 1, 1}, 3, 2);
    private static final Tensor TEST = Tensor.of(new double[]{0, 0, 3, 0}, 2, 2);

    private static KNearestNeighbor trained(Metric metric, Tensor x, int[] y) {
        KNearestNeighbor knn = new KNearestNeighbor(metric);
        knn.train(x, y);
        return knn;
    }

    private static int[] labels(Rng rng, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }

    @Test
    void euclideanDistancesOfATinyCaseByHand() {
        KNearestNeighbor knn = new KNearestNeighbor();
        knn.train(TRAIN, new int[]{0, 1, 2});
        Tensor expected = Tensor.of(new double[]{0, 5, Math.sqrt(2), 3, 4, Math.sqrt(5)}, 2, 3);
        TensorAssert.assertClose(knn.distances(TEST), expected, 1e-12, 1e-12);
        TensorAssert.assertClose(knn.distancesOneLoop(TEST), expected, 1e-12, 1e-12);
        TensorAssert.assertClose(knn.distancesTwoLoops(TEST), expected, 1e-12, 1e-12);
    }

    @Test
    void manhattanDistancesOfATinyCaseByHand() {
        KNearestNeighbor knn = trained(Metric.L1, TRAIN, new int[]{0, 1, 2});
        Tensor expected = Tensor.of(new double[]{0, 7, 2, 3, 4, 3}, 2, 3);
        TensorAssert.assertClose(knn.distances(TEST), expected, 0, 1e-12);
        TensorAssert.assertClose(knn.distancesOneLoop(TEST), expected, 0, 1e-12);
        TensorAssert.assertClose(knn.distancesTwoLoops(TEST), expected, 0, 1e-12);
        TensorAssert.assertClose(trained(Metric.L1, TRAIN.to(DType.F32), new int[]{0, 1, 2}).distances(TEST),
                expected.to(DType.F32), 0, 1e-6);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void theThreeFormsAgreeInFloat64(Metric metric) {
        Rng rng = new Rng(7);
        Tensor train = Tensor.randn(rng, DType.F64, 11, 3, 2, 5);  // 30 features: vector body and tail
        Tensor test = Tensor.randn(rng, DType.F64, 7, 3, 2, 5);
        KNearestNeighbor knn = trained(metric, train, labels(rng, 11, 3));
        Tensor twoLoops = knn.distancesTwoLoops(test);
        assertThat(twoLoops.shape()).containsExactly(7, 11);
        TensorAssert.assertClose(knn.distancesOneLoop(test), twoLoops, 1e-9, 0);
        TensorAssert.assertClose(knn.distances(test), twoLoops, 1e-9, 0);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void float32AgreesWithFloat64(Metric metric) {
        Rng rng = new Rng(8);
        Tensor train = Tensor.randn(rng, DType.F64, 40, 37);
        Tensor test = Tensor.randn(rng, DType.F64, 9, 37);
        int[] y = labels(rng, 40, 4);
        Tensor d64 = trained(metric, train, y).distances(test);
        Tensor d32 = trained(metric, train.to(DType.F32), y).distances(test);
        assertThat(d32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(d32.to(DType.F64), d64, 1e-4, 1e-4);
    }

    @Test
    void aPointIsAtDistanceZeroFromItselfNeverNaN() {
        Tensor x = Tensor.randn(new Rng(2), DType.F32, 20, 50).mul(100);
        Tensor d = trained(Metric.L2, x, new int[20]).distances(x);
        for (int i = 0; i < 20; i++) {
            // F32 cancellation in ‖x‖² − 2x·x + ‖x‖² leaves a residue of about eps·‖x‖² before the square root
            double norm = Math.sqrt(x.slice(i, i + 1).square().sum());
            assertThat(d.get(i, i)).isNotNaN().isBetween(0.0, 1e-3 * norm);
        }
    }

    @Test
    void aVoteTieGoesToTheSmallestLabelNotTheNearest() {
        // 1-D points 1, 2, 3, 4 labelled 2, 1, 2, 1; the test point 0 sees them in that order
        KNearestNeighbor knn = trained(Metric.L2, Tensor.of(new double[]{1, 2, 3, 4}, 4, 1), new int[]{2, 1, 2, 1});
        Tensor zero = Tensor.of(new double[]{0}, 1, 1);
        assertThat(knn.predict(zero, 1)).containsExactly(2);
        assertThat(knn.predict(zero, 2)).containsExactly(1); // one vote each: the smaller label
        assertThat(knn.predict(zero, 3)).containsExactly(2);
        assertThat(knn.predict(zero, 4)).containsExactly(1);
        assertThat(KNearestNeighbor.vote(new int[]{0, 1, 2}, 3, new int[]{5, 3, 4}, new int[6])).isEqualTo(3);
    }

    @Test
    void equalDistancesRankTheEarlierTrainingExampleFirst() {
        Tensor zero = Tensor.of(new double[]{0}, 1, 1);
        assertThat(trained(Metric.L2, Tensor.of(new double[]{1, -1, 5}, 3, 1), new int[]{0, 1, 0}).nearest(zero, 2)[0])
                .containsExactly(0, 1);
        assertThat(trained(Metric.L1, Tensor.of(new double[]{5, -1, 1}, 3, 1), new int[]{0, 1, 0}).nearest(zero, 3)[0])
                .containsExactly(1, 2, 0);
    }

    @Test
    void nearestAreSortedAndMatchAFullSort() {
        Rng rng = new Rng(5);
        Tensor train = Tensor.randn(rng, DType.F64, 200, 6);
        Tensor test = Tensor.randn(rng, DType.F64, 13, 6);
        KNearestNeighbor knn = trained(Metric.L2, train, labels(rng, 200, 3));
        Tensor d = knn.distancesTwoLoops(test);
        int[][] nearest = knn.nearest(test, 17);
        for (int i = 0; i < 13; i++) {
            final int row = i;
            Integer[] order = new Integer[200];
            for (int j = 0; j < 200; j++) {
                order[j] = j;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(j -> d.get(row, j)));
            for (int t = 0; t < 17; t++) {
                assertThat(nearest[i][t]).as("row %d rank %d", i, t).isEqualTo(order[t]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void blocksGiveTheSamePredictionsAsOneBlock(Metric metric) {
        Rng rng = new Rng(11);
        Tensor train = Tensor.randn(rng, DType.F32, 60, 1, 3, 3);
        Tensor test = Tensor.randn(rng, DType.F32, 41, 1, 3, 3);
        int[] y = labels(rng, 60, 4);
        KNearestNeighbor whole = trained(metric, train, y);
        assertThat(whole.blockRows()).isGreaterThanOrEqualTo(41);
        int[] expected = whole.predict(test, 5);
        int[][] expectedNearest = whole.nearest(test, 7);
        for (int rows : new int[]{1, 2, 7, 40, 41}) {
            KNearestNeighbor blocked = trained(metric, train, y);
            blocked.setBlockRows(rows);
            assertThat(blocked.predict(test, 5)).as("%d rows per block", rows).containsExactly(expected);
            assertThat(blocked.nearest(test, 7)).as("%d rows per block", rows).isDeepEqualTo(expectedNearest);
        }
    }

    @Test
    void theDefaultBlockOfMnistSizedTrainingDataFitsTheBudget() {
        KNearestNeighbor knn = trained(Metric.L2, Tensor.zeros(DType.F32, 60_000, 1), new int[60_000]);
        assertThat((long) knn.blockRows() * 60_000 * 4).isLessThanOrEqualTo(KNearestNeighbor.BLOCK_BYTES);
        assertThat(knn.blockRows()).isGreaterThan(100); // large enough for an efficient GEMM
    }

    @Test
    void predictsTheTrainingLabelsOfTheTrainingData() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, DType.F64, 30, 8);
        int[] y = labels(rng, 30, 5);
        assertThat(trained(Metric.L2, x, y).predict(x, 1)).containsExactly(y);
        assertThat(trained(Metric.L1, x, y).predict(x.to(DType.F32), 1)).containsExactly(y);
    }

    @Test
    void clearErrors() {
        KNearestNeighbor knn = new KNearestNeighbor();
        assertThatThrownBy(() -> knn.predict(TEST, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("predict before train").hasMessageContaining("train(x, y)");
        assertThatThrownBy(() -> knn.distances(TEST)).hasMessageContaining("distances before train");
        knn.train(TRAIN, new int[]{0, 1, 2});
        assertThatThrownBy(() -> knn.predict(TEST, 0)).hasMessageContaining("k = 0").hasMessageContaining("[1, 3]");
        assertThatThrownBy(() -> knn.predict(TEST, 4)).hasMessageContaining("k = 4").hasMessageContaining("[1, 3]");
        assertThatThrownBy(() -> knn.predict(Tensor.zeros(DType.F64, 5, 3), 1))
                .hasMessageContaining("(5, 3)").hasMessageContaining("(3, 2)")
                .hasMessageContaining("3 features").hasMessageContaining("has 2");
        assertThatThrownBy(() -> knn.train(TRAIN, new int[]{0, 1})).hasMessageContaining("3 examples")
                .hasMessageContaining("2 labels");
        assertThatThrownBy(() -> knn.train(TRAIN, new int[]{0, -1, 1})).hasMessageContaining("y[1] = -1");
        assertThatThrownBy(() -> knn.predict(Tensor.of(new double[]{0, Double.NaN}, 1, 2), 1))
                .hasMessageContaining("NaN").hasMessageContaining("feature 1");
        assertThatThrownBy(() -> new KNearestNeighbor(null)).hasMessageContaining("metric");
    }
}
