package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** 23 samples of shape (2,): sample i holds (i, -i), label i % 5. */
    static Dataset data(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 5;
        }
        return new Dataset(x, new int[] {2}, y, 5);
    }

    /** The sample ids of one epoch, read back from the x values. */
    static List<Integer> epochIds(Batches b) {
        return ids(b.epoch());
    }

    static List<Integer> ids(Iterable<Batch> epoch) {
        List<Integer> ids = new ArrayList<>();
        for (Batch batch : epoch) {
            float[] x = batch.x().floatData();
            for (int k = 0; k < batch.size(); k++) {
                int id = (int) x[batch.x().offset() + 2 * k];
                assertThat(x[batch.x().offset() + 2 * k + 1]).isEqualTo(-id);
                assertThat(batch.y()[k]).isEqualTo(id % 5);
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void shuffleCoversEverySampleOncePerEpochWithAPartialLastBatch() {
        Batches b = Batches.builder(data(23), 5).seed(7).build();
        assertThat(b.batchesPerEpoch()).isEqualTo(5);
        List<Integer> e1 = epochIds(b);
        List<Integer> e2 = epochIds(b);
        assertThat(e1).hasSize(23).doesNotHaveDuplicates();
        assertThat(e2).hasSize(23).doesNotHaveDuplicates();
        assertThat(e1).isNotEqualTo(e2);
        assertThat(e1).isNotEqualTo(e1.stream().sorted().toList());
        assertThat(b.epochsCompleted()).isEqualTo(2);
        b.next();
        assertThat(epochIds(b)).hasSize(23).doesNotHaveDuplicates();
        assertThat(b.epochsCompleted()).isEqualTo(3);
    }

    @Test
    void sameSeedSameBatchesOtherSeedOthers() {
        List<Integer> a = epochIds(Batches.builder(data(23), 4).seed(1).build());
        List<Integer> b = epochIds(Batches.builder(data(23), 4).seed(1).build());
        List<Integer> c = epochIds(Batches.builder(data(23), 4).seed(2).build());
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        Batches b = Batches.builder(data(23), 5).dropLast(true).seed(3).build();
        assertThat(b.batchesPerEpoch()).isEqualTo(4);
        List<Integer> ids = epochIds(b);
        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
        for (int i = 0; i < 4; i++) {
            assertThat(b.next().size()).isEqualTo(5);
        }
        assertThatThrownBy(() -> Batches.builder(data(3), 5).dropLast(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch");
    }

    @Test
    void sequentialIsInOrder() {
        assertThat(epochIds(Batches.builder(data(7), 3).sampling(Sampling.SEQUENTIAL).build()))
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void buffersAreReusedBetweenBatches() {
        Batches b = Batches.builder(data(23), 5).build();
        Batch first = b.next();
        float[] buffer = first.x().floatData();
        int[] labels = first.y();
        Batch second = b.next();
        assertThat(second).isSameAs(first);
        assertThat(second.x().floatData()).isSameAs(buffer);
        assertThat(second.y()).isSameAs(labels);
    }

    @Test
    void withReplacementDrawsFullBatchesAndCs231nEpochLength() {
        Batches b = Batches.builder(data(23), 5).sampling(Sampling.WITH_REPLACEMENT).seed(9).build();
        assertThat(b.batchesPerEpoch()).isEqualTo(4);
        List<Integer> ids = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            ids.addAll(epochIds(b));
        }
        assertThat(ids).hasSize(200).allMatch(i -> i >= 0 && i < 23);
        assertThat(ids.stream().distinct().count()).isLessThan(200).isGreaterThan(15);
        assertThat(Batches.builder(data(3), 5).sampling(Sampling.WITH_REPLACEMENT).build().next().size())
                .isEqualTo(5);
    }

    @Test
    void f64Batches() {
        Batches b = Batches.builder(data(4), 4).dtype(DType.F64).sampling(Sampling.SEQUENTIAL).build();
        Batch batch = b.next();
        assertThat(batch.x().dtype()).isEqualTo(DType.F64);
        assertThat(batch.x().shape()).containsExactly(4, 2);
        assertThat(batch.x().toDoubleArray()).containsExactly(0, 0, 1, -1, 2, -2, 3, -3);
    }

    @Test
    void augmentationNeedsImagesAndKeepsShapes() {
        Dataset img = DatasetTest.images(10, 3, 4, 5, 2);
        Batches b = Batches.builder(img, 4).augmentation(new Augmentation(2, true, 11)).seed(1).build();
        for (Batch batch : b.epoch()) {
            assertThat(batch.x().shape()).containsExactly(batch.size(), 3, 4, 5);
        }
        assertThatThrownBy(() -> Batches.builder(img.flatten(), 4).augmentation(new Augmentation(1, false, 0)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(C, H, W)");
    }

    @Test
    void epochKDependsOnlyOnSeedAndK() {
        for (Sampling sampling : Sampling.values()) {
            Batches straight = Batches.builder(data(23), 4).sampling(sampling).seed(5).build();
            List<List<Integer>> epochs = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                epochs.add(ids(straight.epoch(k)));
            }
            Batches resumed = Batches.builder(data(23), 4).sampling(sampling).seed(5).build();
            resumed.next();
            assertThat(ids(resumed.epoch(2))).as(sampling.toString()).isEqualTo(epochs.get(2));
            assertThat(resumed.epochsCompleted()).isEqualTo(3);
            assertThat(ids(resumed.epoch(1))).as(sampling.toString()).isEqualTo(epochs.get(1));
        }
    }

    @Test
    void streamsPutTheJthSampleOfEveryStreamInBatchJ() {
        // 23 samples, batch 4: 4 streams of 5 consecutive samples (0-4, 5-9, 10-14, 15-19); 20, 21, 22 left out
        Batches b = Batches.builder(data(23), 4).sampling(Sampling.STREAMS).seed(3).build();
        assertThat(b.batchesPerEpoch()).isEqualTo(5);
        List<List<Integer>> batches = new ArrayList<>();
        for (Batch batch : b.epoch(0)) {
            batches.add(ids(List.of(batch)));
        }
        assertThat(batches).containsExactly(List.of(0, 5, 10, 15), List.of(1, 6, 11, 16), List.of(2, 7, 12, 17),
                List.of(3, 8, 13, 18), List.of(4, 9, 14, 19));
        assertThat(ids(b.epoch(7))).as("every epoch alike").isEqualTo(ids(b.epoch(0)));
        assertThat(epochIds(Batches.builder(data(5), 1).sampling(Sampling.STREAMS).build())).containsExactly(0, 1, 2, 3, 4);
        assertThatThrownBy(() -> Batches.builder(data(3), 4).sampling(Sampling.STREAMS).build())
                .hasMessageContaining("batchSize 4 exceeds the 3 samples");
    }

    @Test
    void tensorRowsKeepTheirDTypeAndValues() {
        double third = 1.0 / 3;
        Tensor x = Tensor.of(new double[] {0, third, 1, -third, 2, 2 * third}, 3, 2);
        Batches b = Batches.builder(x, new int[] {2, 0, 1}, 3).sampling(Sampling.SEQUENTIAL).build();
        Batch batch = b.next();
        assertThat(batch.x().dtype()).isEqualTo(DType.F64);
        assertThat(batch.x().toDoubleArray()).containsExactly(x.toDoubleArray());
        assertThat(batch.y()).containsExactly(2, 0, 1);
        assertThatThrownBy(() -> Batches.builder(x, new int[2], 3)).hasMessageContaining("(3, 2)")
                .hasMessageContaining("2 labels");
    }
}
