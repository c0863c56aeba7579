package io.dendrite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dendrite.data.Cifar10;
import io.dendrite.data.Dataset;
import io.dendrite.io.PickleBytes;
import io.dendrite.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --preset cs231n} on a tiny pickled CIFAR-10 folder, and {@code eval} of what it saved. */
class Cs231nPresetTest {
    @TempDir
    Path tmp;

    /** cifar-10-batches-py with 4 images per batch: image i of a batch with seed s has label (s + i) % 10, pixels (s + i + j) % 256. */
    private Path pickledFolder() throws IOException {
        Path py = Files.createDirectories(tmp.resolve("cifar-10-batches-py"));
        for (int b = 0; b <= 5; b++) {
            int seed = b == 0 ? 7 : b * 100;
            byte[] data = new byte[4 * 3072];
            int[] labels = new int[4];
            List<String> files = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                labels[i] = (seed + i) % 10;
                files.add("img" + i + ".png");
                for (int j = 0; j < 3072; j++) {
                    data[i * 3072 + j] = (byte) (seed + i + j);
                }
            }
            Files.write(py.resolve(b == 0 ? "test_batch" : "data_batch_" + b),
                    PickleBytes.cifarBatch(new PickleBytes.Batch("batch", labels, data, 4, files)));
        }
        return tmp;
    }

    @Test
    void trainsOnCs231nsSplitOfRawPixelsAndEvalAppliesTheSame() throws IOException {
        Path data = pickledFolder();
        Path run = tmp.resolve("run");
        CommandsTest.Result r = CommandsTest.run("train", "--preset", "cs231n", "--data", data.toString(), "--limit", "12",
                "--val-size", "4", "--model", "two-layer", "--hidden", "8", "--epochs", "1", "--batch-size", "4",
                "--threads", "1", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cifar10 (preset cs231n): 12 train / 4 validation / 2 test, samples (3, 32, 32)");

        Map<String, String> meta = ModelStore.load(run.resolve("model.dnd")).metadata();
        assertThat(meta).containsEntry("dataset", "cifar10").containsEntry("preset", "cs231n").containsEntry("pixelScale", "none");
        // the mean image of the 12 training images (batches 1-3), from raw 0..255 values
        Dataset train = Cifar10.load(data).train().subset(0, 12);
        double mean0 = 0;
        for (int i = 0; i < 12; i++) {
            mean0 += train.data()[i * 3072] / 12.0;
        }
        String[] inputMean = meta.get("inputMean").split(",");
        assertThat(inputMean).hasSize(3072);
        assertThat(Double.parseDouble(inputMean[0])).isCloseTo(mean0, within(1e-3)).isGreaterThan(1);
        assertThat(meta.get("inputStd").split(",")).containsOnly("1.0");

        String acc = Files.readString(run.resolve("run.properties")).lines()
                .filter(l -> l.startsWith("result.test\\ accuracy=")).findFirst().orElseThrow().split("=")[1];
        CommandsTest.Result e = CommandsTest.run("eval", "--model-file", run.resolve("model.dnd").toString(), "--data",
                data.toString(), "--limit", "12", "--val-size", "4");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("cifar10 test: 2 examples").contains("accuracy " + acc + " (");
    }

    @Test
    void aPresetForAnotherDatasetOrAnUnknownOneIsRefused() throws IOException {
        CommandsTest.Result r = CommandsTest.run("train", "--preset", "cs231n", "--dataset", "spiral");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--preset cs231n prepares CIFAR-10, not --dataset spiral");
        CommandsTest.Result u = CommandsTest.run("train", "--preset", "fast.ai", "--dataset", "spiral");
        assertThat(u.err()).contains("unknown --preset 'fast.ai' (expected cs231n)");
        CommandsTest.Result small = CommandsTest.run("train", "--preset", "cs231n", "--data", pickledFolder().toString());
        assertThat(small.code()).isNotZero();
        assertThat(small.err()).contains("--preset cs231n: split(49000, 1000, 1000): needs 50000 training and 1000 test"
                + " samples, the data has 20 and 4 — it needs all of CIFAR-10; --limit N uses fewer");
    }
}
