package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.SmallHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path dir;

    /** n records with label (seed + i) % 10 and pixel j = (seed + i + j) % 256. */
    static Dataset records(int n, int seed) {
        int d = 3072;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (seed + i) % 10;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (seed + i + j) % 256;
            }
        }
        return new Dataset(x, new int[] {3, 32, 32}, y, 10);
    }

    static void writeFolder(Path dir, int perFile) throws IOException {
        for (int b = 1; b <= 5; b++) {
            Cifar10.writeBatch(dir.resolve("data_batch_" + b + ".bin"), records(perFile, b * 100));
        }
        Cifar10.writeBatch(dir.resolve("test_batch.bin"), records(perFile, 7));
    }

    @Test
    void batchRoundTripKeepsChannelPlanes() throws IOException {
        Path f = dir.resolve("b.bin");
        Dataset ds = records(3, 5);
        Cifar10.writeBatch(f, ds);
        assertThat(Files.size(f)).isEqualTo(3L * 3073);
        byte[] raw = Files.readAllBytes(f);
        assertThat(raw[3073]).isEqualTo((byte) 6); // label of record 1
        Dataset back = Cifar10.loadBatch(f);
        assertThat(back.sampleShape()).containsExactly(3, 32, 32);
        assertThat(back.labels()).containsExactly(5, 6, 7);
        assertThat(back.data()).containsExactly(ds.data());
        // first green value of record 0 is byte 1 + 1024 of the file
        assertThat(back.data()[1024]).isEqualTo((float) (raw[1 + 1024] & 0xFF));
    }

    @Test
    void folderLoadsTrainAndTestWithClassNames() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
        writeFolder(sub, 4);
        TrainTest tt = Cifar10.load(dir);
        assertThat(tt.train().size()).isEqualTo(20);
        assertThat(tt.test().size()).isEqualTo(4);
        assertThat(tt.train().label(4)).isEqualTo(200 % 10);
        assertThat(tt.train().data()[4 * 3072]).isEqualTo(200f);
        assertThat(tt.train().classNames().get(0)).isEqualTo("airplane");

        Files.writeString(sub.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        assertThat(Cifar10.load(sub).test().classNames())
                .containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        Files.writeString(sub.resolve("batches.meta.txt"), "a\nb\n");
        assertThatThrownBy(() -> Cifar10.load(sub)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("batches.meta.txt").hasMessageContaining("2 class names, expected 10");
    }

    @Test
    void limitsReadOnlyTheFirstRecordsAndLeaveLaterBatchesUnread() throws Exception {
        writeFolder(dir, 4);
        TrainTest all = Cifar10.load(dir, 0, 0);
        Files.write(dir.resolve("data_batch_5.bin"), new byte[] {1, 2, 3});   // damaged, but never reached
        TrainTest tt = Cifar10.load(dir, 6, 3);
        assertThat(tt.train().size()).isEqualTo(6);
        assertThat(tt.test().size()).isEqualTo(3);
        assertThat(tt.train().label(5)).isEqualTo(all.train().label(5));
        assertThat(tt.train().data()[5 * 3072 + 7]).isEqualTo(all.train().data()[5 * 3072 + 7]);
        Path big = dir.resolve("big.bin");
        Cifar10.writeBatch(big, records(1200, 3));
        SmallHeap.run(8 << 20, () -> {
            assertThatThrownBy(() -> Cifar10.loadBatch(big)).isInstanceOf(MemoryBudget.Exceeded.class)
                    .hasMessageStartingWith(big + ": 1200 CIFAR-10 images needs 17.6 MiB");
            assertThat(Cifar10.loadBatch(big, 10).size()).isEqualTo(10);
        });
    }

    @Test
    void splitsLikeCs231n() throws IOException {
        writeFolder(dir, 4);
        TrainValTest s = Cifar10.load(dir).split(15, 3, 2);
        assertThat(s.train().size()).isEqualTo(15);
        assertThat(s.val().size()).isEqualTo(3);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.val().label(0)).isEqualTo(Cifar10.load(dir).train().label(15));
        assertThatThrownBy(() -> Cifar10.cs231nSplit(Cifar10.load(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split(49000, 1000, 1000): needs 50000 training and 1000 test samples,"
                        + " the data has 20 and 4");
    }

    @Test
    void truncatedFileAndBadLabelAndMissingFile() throws IOException {
        writeFolder(dir, 2);
        Path f = dir.resolve("data_batch_3.bin");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> Cifar10.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("data_batch_3.bin").hasMessageContaining("6046 bytes")
                .hasMessageContaining("1 records and 2973 bytes left over");
        b[3073] = 10;
        Files.write(f, b);
        assertThatThrownBy(() -> Cifar10.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("record 1").hasMessageContaining("label 10");
        Files.write(f, new byte[0]);
        assertThatThrownBy(() -> Cifar10.loadBatch(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("is empty");
        Files.delete(f);
        assertThatThrownBy(() -> Cifar10.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("no data_batch_3.bin");
        assertThatThrownBy(() -> Cifar10.load(dir.resolve("none"))).isInstanceOf(DataFileException.class)
                .hasMessageContaining("not found");
    }
}
