package io.dendrite.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dendrite lm train|sample} on a small text file the test writes: run folder, sampling, resume, refusals. */
class LmCommandsTest {
    @TempDir
    static Path shared;
    static Path text;
    static Path twoEpochs;

    static String[] train(String... more) {
        String[] base = {"lm", "train", "--corpus", text.toString(), "--hidden", "16", "--embed", "8", "--layers", "1",
                "--steps", "10", "--batch-size", "4", "--lr", "1e-2", "--threads", "1", "--seed", "3"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @BeforeAll
    static void trainTwoEpochs() throws IOException {
        text = shared.resolve("verse.txt");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog\nhow vexingly quick daft zebras jump\n"
                .repeat(25), StandardCharsets.UTF_8);
        twoEpochs = shared.resolve("two");
        CommandsTest.Result r = run(train("--epochs", "2", "--out", twoEpochs.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("held-out perplexity").contains("sample at temperature 0.8")
                .contains("chars/s");
    }

    @Test
    void trainWritesTheRunFolderWithPerplexityAndSamplesPerEpoch() throws IOException {
        for (String f : List.of("model.dnd", "checkpoint.dnd", "history.csv", "loss.csv", "loss.png", "accuracy.png",
                "perplexity.csv", "samples.txt", "run.properties", "report.html")) {
            assertThat(twoEpochs.resolve(f)).as(f).isRegularFile();
        }
        List<String> perplexity = Files.readAllLines(twoEpochs.resolve("perplexity.csv"));
        assertThat(perplexity).hasSize(3);
        assertThat(perplexity.get(0)).isEqualTo("epoch,perplexity,bits_per_char,train_chars_per_second");
        double first = Double.parseDouble(perplexity.get(1).split(",")[1]);
        double second = Double.parseDouble(perplexity.get(2).split(",")[1]);
        assertThat(second).isLessThan(first);
        String samples = Files.readString(twoEpochs.resolve("samples.txt"));
        assertThat(samples).contains("=== epoch 1, temperature 0.5 ===").contains("=== epoch 2, temperature 1.0 ===")
                .contains("=== final model (epoch ");
        String report = Files.readString(twoEpochs.resolve("report.html"));
        assertThat(report).contains("Held-out perplexity per epoch").contains("Samples after each epoch")
                .contains("held-out perplexity").contains("char accuracy");
    }

    @Test
    void sampleContinuesThePrimeReproducibly() {
        String model = twoEpochs.resolve("model.dnd").toString();
        CommandsTest.Result a = run("lm", "sample", "--model-file", model, "--prime", "the", "--length", "40",
                "--temperature", "0.8", "--seed", "1");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).startsWith("the");
        assertThat(a.out().stripTrailing().codePointCount(0, a.out().stripTrailing().length())).isBetween(40, 43);
        assertThat(run("lm", "sample", "--model-file", twoEpochs.toString(), "--prime", "the", "--length", "40",
                "--temperature", "0.8", "--seed", "1").out()).isEqualTo(a.out());
        CommandsTest.Result bad = run("lm", "sample", "--model-file", model, "--prime", "Ω");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("prime").contains("not in the vocabulary");
    }

    @Test
    void resumingAfterOneEpochContinuesExactly(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        assertThat(run(train("--epochs", "1", "--out", dir.toString())).code()).isZero();
        CommandsTest.Result r = run("lm", "train", "--resume", dir.toString(), "--epochs", "2", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("after epoch 1 of 2").contains("--epochs 2 (the run's: 1)");
        assertThat(Files.readString(dir.resolve("loss.csv"))).isEqualTo(Files.readString(twoEpochs.resolve("loss.csv")));
        List<String> perplexity = Files.readAllLines(dir.resolve("perplexity.csv"));
        List<String> uninterrupted = Files.readAllLines(twoEpochs.resolve("perplexity.csv"));
        assertThat(perplexity).hasSize(3);
        for (int i = 1; i < 3; i++) {   // the speed column differs from run to run
            assertThat(perplexity.get(i).split(",")[1]).isEqualTo(uninterrupted.get(i).split(",")[1]);
        }
        CommandsTest.Result conflict = run("lm", "train", "--resume", dir.toString(), "--hidden", "32");
        assertThat(conflict.code()).isEqualTo(1);
        assertThat(conflict.err()).contains("--hidden 32 differs from the run's 16");
    }

    @Test
    void badOptionsAreRefusedInOneLine(@TempDir Path tmp) throws IOException {
        String corpus = text.toString();
        assertThat(run("lm", "train", "--corpus", corpus, "--steps", "0").err()).contains("invalid --steps 0 (expected a number of characters per window >= 1)");
        assertThat(run(train("--clip-norm", "-1")).err()).contains("invalid --clip-norm -1.0");
        assertThat(run("lm", "train", "--corpus", tmp.resolve("none.txt").toString()).err())
                .contains("none.txt: no such file");
        assertThat(run("lm", "train", "--corpus", corpus, "--batch-size", "500", "--out", tmp.resolve("b").toString())
                .err())
                .contains("--batch-size 500 exceeds the");
        assertThat(run("lm", "sample", "--model-file", tmp.resolve("none.dnd").toString()).err())
                .contains("no such file");
        assertThat(run("lm", "sample", "--model-file", twoEpochs.resolve("model.dnd").toString(), "--temperature", "-1")
                .err()).contains("invalid --temperature -1.0");
    }
}
