package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.io.FileFormatException;
import io.dendrite.io.PickleBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's Python version (cs231n's cifar-10-batches-py) on small files written as cPickle writes them. */
class Cifar10PickleTest {
    static final List<String> NAMES = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
            "truck");

    @TempDir
    Path dir;

    /** A pickled batch of n images: label (seed + i) % 10, pixel j of image i = (seed + i + j) % 256 — as Cifar10Test's records. */
    static byte[] batch(int n, int seed) {
        Dataset d = Cifar10Test.records(n, seed);
        byte[] data = new byte[n * 3072];
        int[] labels = d.labels();
        List<String> files = new ArrayList<>();
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) d.data()[k];
        }
        for (int i = 0; i < n; i++) {
            files.add("f" + i + ".png");
        }
        return PickleBytes.cifarBatch(new PickleBytes.Batch("batch " + seed, labels, data, n, files));
    }

    /** A cifar-10-batches-py folder with {@code perFile} images in each of the six batches, and batches.meta. */
    static Path writeFolder(Path parent, int perFile) throws IOException {
        Path py = Files.createDirectories(parent.resolve("cifar-10-batches-py"));
        for (int b = 1; b <= 5; b++) {
            Files.write(py.resolve("data_batch_" + b), batch(perFile, b * 100));
        }
        Files.write(py.resolve("test_batch"), batch(perFile, 7));
        Files.write(py.resolve("batches.meta"), PickleBytes.cifarMeta(perFile, NAMES));
        return py;
    }

    @Test
    void aPickledBatchReadsAsTheBinaryOne() throws IOException {
        Path f = dir.resolve("data_batch_1");
        Files.write(f, batch(3, 5));
        Dataset d = Cifar10Pickle.loadBatch(f);
        Dataset expected = Cifar10Test.records(3, 5);
        assertThat(d.sampleShape()).containsExactly(3, 32, 32);
        assertThat(d.labels()).containsExactly(5, 6, 7);
        assertThat(d.data()).containsExactly(expected.data());
        assertThat(d.numClasses()).isEqualTo(10);
    }

    @Test
    void theFolderIsFoundByItsFilesWithNamesFromBatchesMeta() throws IOException {
        writeFolder(dir, 4);
        TrainTest tt = Cifar10.load(dir);   // the parent of cifar-10-batches-py
        assertThat(tt.train().size()).isEqualTo(20);
        assertThat(tt.test().size()).isEqualTo(4);
        assertThat(tt.train().label(4)).isEqualTo(200 % 10);
        assertThat(tt.train().data()[4 * 3072 + 1]).isEqualTo(201f);
        assertThat(tt.train().classNames()).isEqualTo(NAMES);
        assertThat(tt.test().labels()).containsExactly(7, 8, 9, 0);

        Path py = dir.resolve("cifar-10-batches-py");
        Files.delete(py.resolve("batches.meta"));
        assertThat(Cifar10.load(py).train().classNames()).isEqualTo(Cifar10.CLASS_NAMES);
        // both formats in one folder: the binary batches win
        for (int b = 1; b <= 5; b++) {
            Cifar10.writeBatch(py.resolve("data_batch_" + b + ".bin"), Cifar10Test.records(2, b));
        }
        Cifar10.writeBatch(py.resolve("test_batch.bin"), Cifar10Test.records(2, 0));
        assertThat(Cifar10.load(py).train().size()).isEqualTo(10);
    }

    @Test
    void pickledBatchesFromPython3ReadToo() throws Exception {
        Path res = Path.of(getClass().getResource("/io/dendrite/data/cifar/py3_protocol2_batch").toURI()).getParent();
        for (String name : List.of("py3_protocol2_batch", "py3_protocol4_batch")) {
            Dataset d = Cifar10Pickle.loadBatch(res.resolve(name));
            assertThat(d.labels()).as(name).containsExactly(3, 8, 0, 9);
            assertThat(d.data()[3072 + 5]).as(name).isEqualTo(12f);       // (7·1 + 5) % 256
            assertThat(d.data()[3 * 3072 + 3071]).as(name).isEqualTo((7 * 3 + 3071) % 256);
        }
        assertThat(Cifar10Pickle.classNames(res.resolve("py3_batches.meta"))).isEqualTo(Cifar10.CLASS_NAMES);
    }

    @Test
    void aDamagedBatchInTheFolderIsNamed() throws IOException {
        Path py = writeFolder(dir, 2);
        Path f = py.resolve("data_batch_3");
        byte[] good = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> Cifar10.load(dir)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(f + ": byte ").hasMessageContaining("left in the file");
        Files.delete(f);
        assertThatThrownBy(() -> Cifar10.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("no data_batch_3 in this CIFAR-10 folder").hasMessageContaining("Python version");
    }

    @Test
    void labelsThatDoNotMatchTheImagesAreRefused() throws IOException {
        byte[] pixels = new byte[3 * 3072];
        Path f = dir.resolve("mismatch");
        Files.write(f, PickleBytes.cifarBatch(new PickleBytes.Batch("b", new int[] {1, 2}, pixels, 3, List.of("a", "b", "c"))));
        assertThatThrownBy(() -> Cifar10Pickle.loadBatch(f)).isInstanceOf(DataFileException.class)
                .hasMessage(f + ": 'data' holds 3 images but 'labels' has 2 entries; expected one label per image");
        Files.write(f, PickleBytes.cifarBatch(new PickleBytes.Batch("b", new int[] {1, 12, 3}, pixels, 3, List.of())));
        assertThatThrownBy(() -> Cifar10Pickle.loadBatch(f)).hasMessage(f + ": label 1 is 12, expected an int in 0..9");
        Files.write(f, PickleBytes.cifarBatch(new PickleBytes.Batch("b", new int[] {1}, new byte[1024], 1, List.of())));
        assertThatThrownBy(() -> Cifar10Pickle.loadBatch(f)).hasMessageContaining("mismatch: 'data' is an array of |u1 and shape [1, 1024]")
                .hasMessageContaining("expected a uint8 array of shape (N, 3072)");
    }

    @Test
    void otherStructuresAreRefusedWithTheKeysFound() throws IOException {
        Path f = dir.resolve("cifar100");
        String cifar100 = new String(batch(1, 0), StandardCharsets.ISO_8859_1).replace("U\u0006labels", "U\u000bfine_labels");
        Files.write(f, cifar100.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Cifar10Pickle.loadBatch(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("cifar100: the dict has no 'labels' entry")
                .hasMessageContaining("'fine_labels'").hasMessageContaining("CIFAR-100");
        Path list = dir.resolve("list");
        Files.write(list, new PickleBytes().proto().op(']').op('.').bytes());
        assertThatThrownBy(() -> Cifar10Pickle.loadBatch(list)).hasMessage(list + ": pickles a list or tuple of 0,"
                + " expected a dict (a CIFAR-10 batch)");
        Path meta = dir.resolve("batches.meta");
        Files.write(meta, PickleBytes.cifarMeta(4, NAMES.subList(0, 3)));
        assertThatThrownBy(() -> Cifar10Pickle.classNames(meta)).hasMessage(meta
                + ": 'label_names' is a list or tuple of 3, expected a list of 10 class names");
    }
}
