package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mnist / FashionMnist folder loading on small idx files the test writes. */
class MnistFolderTest {
    @TempDir
    Path dir;

    static final int ROWS = 4;
    static final int COLS = 3;

    static void writeSet(Path dir, String prefix, int n, boolean gz) throws IOException {
        byte[] px = new byte[n * ROWS * COLS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < ROWS * COLS; j++) {
                px[i * ROWS * COLS + j] = (byte) (i * 10 + j);
            }
        }
        String sfx = gz ? ".gz" : "";
        Idx.writeImages(dir.resolve(prefix + "-images-idx3-ubyte" + sfx), px, n, ROWS, COLS, gz);
        Idx.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte" + sfx), labels, gz);
    }

    @Test
    void loadsRawAndGzippedFilesWithTheBookOptions() throws IOException {
        writeSet(dir, "train", 12, false);
        writeSet(dir, "t10k", 5, true);
        TrainTest tt = Mnist.load(dir);
        assertThat(tt.train().size()).isEqualTo(12);
        assertThat(tt.test().size()).isEqualTo(5);
        assertThat(tt.train().sampleShape()).containsExactly(1, ROWS, COLS);
        assertThat(tt.train().numClasses()).isEqualTo(10);
        assertThat(tt.train().label(11)).isEqualTo(1);
        assertThat(tt.train().classNames()).hasSize(10);
        // sample 3, pixel 2 is byte 32 -> 32/255
        assertThat(tt.train().data()[3 * ROWS * COLS + 2]).isEqualTo(32 / 255f);

        TrainTest raw = Mnist.load(dir, false, true);
        assertThat(raw.test().sampleShape()).containsExactly(ROWS * COLS);
        assertThat(raw.test().data()[4 * ROWS * COLS + 5]).isEqualTo(45f);

        TrainTest fashion = FashionMnist.load(dir);
        assertThat(fashion.train().classNames().get(9)).isEqualTo("Ankle boot");
    }

    @Test
    void rawFileWinsOverGzWhenBothExist() throws IOException {
        writeSet(dir, "train", 3, false);
        writeSet(dir, "t10k", 2, false);
        Idx.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {9, 9, 9, 9}, true);
        assertThat(Mnist.load(dir).test().labels()).containsExactly(0, 1);
    }

    @Test
    void countsThatDisagreeNameBothFiles() throws IOException {
        writeSet(dir, "train", 6, false);
        writeSet(dir, "t10k", 3, false);
        Idx.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {1, 2}, false);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte").hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("2 labels").hasMessageContaining("3 images");
    }

    @Test
    void labelOutsideTheClassRange() throws IOException {
        writeSet(dir, "train", 4, false);
        writeSet(dir, "t10k", 3, false);
        Idx.writeLabels(dir.resolve("train-labels-idx1-ubyte"), new int[] {1, 2, 12, 3}, false);
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("train-labels-idx1-ubyte").hasMessageContaining("label 12 at index 2")
                .hasMessageContaining("0..9");
    }

    @Test
    void missingEmptyAndIncompleteFolders() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Mnist.load(missing)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found")
                .hasMessageContaining("train-images-idx3-ubyte");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Mnist.load(empty)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("empty");
        Path some = Files.createDirectory(dir.resolve("some"));
        writeSet(some, "train", 2, false);
        assertThatThrownBy(() -> FashionMnist.load(some)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("no t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("train-labels-idx1-ubyte");
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertThatThrownBy(() -> Mnist.load(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("is a file");
    }

    @Test
    void datasetsLoadsByNameFromAGivenFolder() throws IOException {
        writeSet(dir, "train", 4, true);
        writeSet(dir, "t10k", 2, true);
        assertThat(Datasets.load("mnist", dir).train().size()).isEqualTo(4);
        assertThat(Datasets.load("Fashion-MNIST", dir).test().classNames().get(0)).isEqualTo("T-shirt/top");
        assertThatThrownBy(() -> Datasets.load("cifar10", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--data DIR");
        assertThatThrownBy(() -> Datasets.load("svhn", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mnist, fashion-mnist, cifar10");
    }
}
