package io.dendrite.model;

import io.dendrite.model.CrossValidation.Fold;
import io.dendrite.model.KNearestNeighbor.Metric;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CrossValidationTest {
    @Test
    void foldsAreContiguousAndSizedAsNumpyArraySplit() {
        // np.array_split(range(10), 3) → sizes 4, 3, 3
        assertThat(CrossValidation.folds(10, 3)).containsExactly(new Fold(0, 4), new Fold(4, 7), new Fold(7, 10));
        assertThat(CrossValidation.folds(5, 5)).extracting(Fold::size).containsOnly(1);
    }

    @Test
    void foldsPartitionTheData() {
        for (int n = 2; n <= 40; n += 3) {
            for (int folds = 2; folds <= Math.min(n, 9); folds++) {
                int[] heldOut = new int[n];
                for (Fold f : CrossValidation.folds(n, folds)) {
                    for (int i = f.from(); i < f.to(); i++) {
                        heldOut[i]++;
                    }
                }
                assertThat(heldOut).as("n=%d folds=%d", n, folds).containsOnly(1);
            }
        }
    }

    @Test
    void accuraciesMatchADirectComputation() {
        Rng rng = new Rng(21);
        int n = 23;
        Tensor x = Tensor.randn(rng, DType.F64, n, 2, 2);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (x.get(i, 0, 0) > 0 ? 1 : 0) + (rng.nextDouble() < 0.3 ? 1 : 0); // learnable, with noise
        }
        int[] ks = {1, 3, 5};
        CrossValidation.Result r = CrossValidation.kNearestNeighbor(x, y, ks, 4, Metric.L2);
        List<Fold> folds = CrossValidation.folds(n, 4);
        for (int f = 0; f < 4; f++) {
            Fold held = folds.get(f);
            int[] idx = java.util.stream.IntStream.range(0, n).filter(i -> i < held.from() || i >= held.to()).toArray();
            KNearestNeighbor knn = new KNearestNeighbor();
            knn.train(x.gatherRows(idx), java.util.Arrays.stream(idx).map(i -> y[i]).toArray());
            for (int ki = 0; ki < ks.length; ki++) {
                int[] predicted = knn.predict(x.slice(held.from(), held.to()), ks[ki]);
                int correct = 0;
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == y[held.from() + i] ? 1 : 0;
                }
                assertThat(r.accuracies()[ki][f]).as("k=%d fold %d", ks[ki], f).isEqualTo((double) correct / held.size());
            }
        }
    }

    @Test
    void meanStdAndBestK() {
        CrossValidation.Result r = new CrossValidation.Result(new int[]{5, 1, 3},
                new double[][]{{0.5, 1.0}, {0.75, 0.75}, {0.25, 0.25}});
        assertThat(r.mean(0)).isEqualTo(0.75);
        assertThat(r.std(0)).isCloseTo(0.25, within(1e-15)); // population std, as np.std
        assertThat(r.std(1)).isZero();
        assertThat(r.bestK()).isEqualTo(1); // k = 5 and k = 1 tie at 0.75: the smaller k
        assertThat(r.table().lines().filter(l -> l.contains("← best")).toList()).singleElement().asString().startsWith("   1");
        assertThat(r.csv().lines().toList()).containsExactly("k,fold_1,fold_2,mean,std",
                "5,0.500000,1.000000,0.750000,0.250000", "1,0.750000,0.750000,0.750000,0.000000",
                "3,0.250000,0.250000,0.250000,0.000000");
    }

    @Test
    void clearErrors() {
        Tensor x = Tensor.zeros(DType.F32, 10, 2);
        int[] y = new int[10];
        assertThatThrownBy(() -> CrossValidation.kNearestNeighbor(x, y, new int[]{1}, 1, Metric.L2))
                .hasMessageContaining("1 folds of 10 examples");
        assertThatThrownBy(() -> CrossValidation.kNearestNeighbor(x, y, new int[]{1}, 11, Metric.L2))
                .hasMessageContaining("11 folds");
        assertThatThrownBy(() -> CrossValidation.kNearestNeighbor(x, y, new int[]{1, 8}, 3, Metric.L2))
                .hasMessageContaining("k = 8").hasMessageContaining("[1, 6]");
        assertThatThrownBy(() -> CrossValidation.kNearestNeighbor(x, y, new int[0], 3, Metric.L2))
                .hasMessageContaining("no values of k");
        assertThatThrownBy(() -> CrossValidation.kNearestNeighbor(x, new int[9], new int[]{1}, 3, Metric.L2))
                .hasMessageContaining("(10, 2)").hasMessageContaining("9");
    }
}
