package io.dendrite.cli;

import io.dendrite.data.Idx;
import io.dendrite.model.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** dendrite gan train and gan sample end to end on a tiny MNIST folder written here (no network access). */
class GanCommandTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void tinyMnist() throws IOException {
        data = dir.resolve("mnist");
        Files.createDirectories(data);
        writeSplit("train", 200);
        writeSplit("t10k", 60);
    }

    /** Digits of a kind: class c lights up rows 2c..2c+5, with a pattern per image. */
    private static void writeSplit(String prefix, int n) throws IOException {
        byte[] px = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r / 2 >= labels[i] && r / 2 < labels[i] + 3 && c > 4 && c < 24;
                    px[i * 784 + r * 28 + c] = (byte) (on ? 200 + (i + c) % 50 : (i * 7 + r + c) % 20);
                }
            }
        }
        Idx.writeImages(data.resolve(prefix + "-images-idx3-ubyte"), px, n, 28, 28, false);
        Idx.writeLabels(data.resolve(prefix + "-labels-idx1-ubyte"), labels, false);
    }

    private static String[] fc(Path out, String... more) {
        return gan("fc", out, more);
    }

    /** gan train with small settings; {@code more} holds option-value pairs that replace or add to them. */
    private static String[] gan(String model, Path out, String... more) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        String[] base = {"--model", model, "--data", data.toString(), "--batch-size", "50", "--quality-samples", "40",
                "--preview", "9", "--classifier-epochs", "2", "--threads", "1", "--out", out.toString()};
        for (int i = 0; i < base.length; i += 2) {
            o.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < more.length; i += 2) {
            o.put(more[i], more[i + 1]);
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("gan", "train"));
        o.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args.toArray(new String[0]);
    }

    @Test
    void trainWritesTheRunFolderAndResumesExactly() throws IOException {
        Path whole = dir.resolve("whole"), half = dir.resolve("half");
        CommandsTest.Result r = CommandsTest.run(fc(whole, "--epochs", "2"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("model    fc (vanilla losses), noise 96")
                .contains("judge    classifier.dnd (trained here, 2 epoch(s)), test accuracy")
                .contains("training 2 epochs of 4 iterations (batch 50)")
                .contains("epoch 2/2  D loss").contains("coverage").contains("report   ");
        for (String f : new String[]{"generator.dnd", "discriminator.dnd", "classifier.dnd", "checkpoint.dnd",
                "samples-epoch-01.png", "samples-epoch-02.png", "samples.png", "gan-losses.png", "quality.png",
                "history.csv", "loss.csv", "run.properties", "report.html"}) {
            assertThat(whole.resolve(f)).as(f).isRegularFile();
        }
        String report = Files.readString(whole.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(report).contains("Samples after epoch 2", "Discriminator and generator loss per iteration",
                "Sample quality per epoch", "Frechet distance", "class coverage");
        assertThat(ModelStore.load(whole.resolve("generator.dnd")).metadata()).containsEntry("gan", "fc");

        CommandsTest.Result first = CommandsTest.run(fc(half, "--epochs", "1"));
        assertThat(first.code()).as(first.err()).isZero();
        CommandsTest.Result rest = CommandsTest.run("gan", "train", "--resume", half.toString(), "--epochs", "2");
        assertThat(rest.code()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("resume   " + half + " after epoch 1 of 2").contains("--epochs 2 (the run's: 1)");
        assertThat(Files.readString(half.resolve("loss.csv"))).isEqualTo(Files.readString(whole.resolve("loss.csv")));
        assertThat(Files.readAllBytes(half.resolve("samples-epoch-02.png")))
                .isEqualTo(Files.readAllBytes(whole.resolve("samples-epoch-02.png")));

        CommandsTest.Result conflict = CommandsTest.run("gan", "train", "--resume", half.toString(), "--model", "ls");
        assertThat(conflict.code()).isEqualTo(1);
        assertThat(conflict.err()).contains("--model ls differs from the run's fc");

        Path samples = dir.resolve("samples");
        CommandsTest.Result s = CommandsTest.run("gan", "sample", "--model-file", whole.resolve("generator.dnd").toString(),
                "--count", "12", "--seed", "3", "--out", samples.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("samples  12 images of (1, 28, 28) from noise of 96 (seed 3)");
        assertThat(samples.resolve("samples.png")).isRegularFile();
        assertThat(samples.resolve("report.html")).isRegularFile();
    }

    @Test
    void aDcganRunsAnEpochWithAGivenClassifier() throws IOException {
        Path first = dir.resolve("judge-source");
        CommandsTest.Result r0 = CommandsTest.run(gan("ls", first, "--epochs", "1"));
        assertThat(r0.code()).as(r0.err()).isZero();
        Path out = dir.resolve("dc");
        CommandsTest.Result r = CommandsTest.run("gan", "train", "--model", "dc", "--data", data.toString(), "--limit", "64",
                "--batch-size", "32", "--epochs", "1", "--quality-samples", "20", "--preview", "4", "--threads", "1",
                "--classifier", first.resolve("classifier.dnd").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("training 1 epoch of 2 iterations (batch 32)").contains("judge    " + first.resolve("classifier.dnd"));
        assertThat(out.resolve("classifier.dnd")).doesNotExist();
        assertThat(out.resolve("samples-epoch-01.png")).isRegularFile();
    }

    @Test
    void badOptionsAreRefusedInOneLine() {
        Path out = dir.resolve("bad");
        String[][] cases = {
                {}, {"--batch-size", "0"}, {"--epochs", "0"}, {"--beta1", "1"}, {"--quality-samples", "1"},
                {"--limit", "-3"}, {"--lr", "-1"}, {"--preview", "0"}, {"--dataset", "cifar10"}, {"--batch-size", "500"}};
        String[] expected = {"invalid --model wgan (expected one of fc, ls, dc)", "invalid --batch-size 0",
                "invalid --epochs 0", "invalid --beta1 1.0 (expected a decay rate in [0, 1))",
                "invalid --quality-samples 1", "invalid --limit -3", "invalid --lr -1.0", "invalid --preview 0",
                "unknown --dataset 'cifar10' for a GAN", "--batch-size 500 is larger than the 200 training images"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = gan(i == 0 ? "wgan" : "fc", out, cases[i]);
            CommandsTest.Result r = CommandsTest.run(args);
            assertThat(r.code()).as(expected[i]).isEqualTo(1);
            assertThat(r.err()).as(expected[i]).startsWith("dendrite gan train: " + expected[i]).hasLineCount(1);
        }
        CommandsTest.Result missing = CommandsTest.run("gan", "sample", "--model-file", dir.resolve("none.dnd").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("none.dnd").hasLineCount(1);
        CommandsTest.Result count = CommandsTest.run("gan", "sample", "--model-file", "x.dnd", "--count", "0");
        assertThat(count.err()).contains("invalid --count 0");
    }
}
