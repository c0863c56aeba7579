package io.dendrite.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --resume}: options compared with the run's, the changes that may be made, the clear refusals. */
class ResumeCommandTest {
    @TempDir
    static Path shared;
    /** One epoch of a two-epoch-shaped spiral run, copied fresh by each test that resumes it. */
    static Path oneEpoch;
    static Path twoEpochs;

    static final String[] RUN = {"train", "--dataset", "spiral", "--model", "two-layer", "--hidden", "20",
            "--optimizer", "sgd", "--lr", "1", "--batch-size", "100", "--threads", "1"};

    @BeforeAll
    static void train() {
        oneEpoch = shared.resolve("one");
        twoEpochs = shared.resolve("two");
        assertOk(run(with(RUN, "--epochs", "1", "--out", oneEpoch.toString())));
        assertOk(run(with(RUN, "--epochs", "2", "--out", twoEpochs.toString())));
    }

    @Test
    void resumingWithOnlyMoreEpochsTakesEveryOtherOptionFromTheRunAndMatchesAnUninterruptedRun(@TempDir Path tmp)
            throws IOException {
        Path dir = copy(oneEpoch, tmp.resolve("run"));
        CommandsTest.Result r = run("train", "--resume", dir.toString(), "--epochs", "2", "--threads", "1");
        assertOk(r);
        assertThat(r.out()).contains("--epochs 2 (the run's: 1)").contains("after epoch 1 of 2");
        assertThat(Files.readString(dir.resolve("loss.csv"))).isEqualTo(Files.readString(twoEpochs.resolve("loss.csv")));

        CommandsTest.Result again = run("train", "--resume", dir.toString(), "--threads", "1");
        assertOk(again);
        assertThat(again.out()).contains("after epoch 2 of 2").doesNotContain("the run's");
        assertThat(Files.readString(dir.resolve("loss.csv"))).isEqualTo(Files.readString(twoEpochs.resolve("loss.csv")));
    }

    @Test
    void aNewLearningRateIsUsedFromTheResumedEpochOn(@TempDir Path tmp) throws IOException {
        Path dir = copy(oneEpoch, tmp.resolve("run"));
        CommandsTest.Result r = run("train", "--resume", dir.toString(), "--epochs", "2", "--lr", "0.25",
                "--threads", "1");
        assertOk(r);
        assertThat(r.out()).contains("--lr 0.25 (the run's: 1.0), used from epoch 2 on");
        List<String> history = Files.readAllLines(dir.resolve("history.csv"), StandardCharsets.UTF_8);
        assertThat(history.get(1).split(",")[3]).isEqualTo("1.00000");
        assertThat(history.get(2).split(",")[3]).isEqualTo("0.250000");
    }

    @Test
    void aNewOutWritesTheContinuedRunThereAndLeavesTheRunAlone(@TempDir Path tmp) throws IOException {
        Path dir = copy(oneEpoch, tmp.resolve("run"));
        Path out = tmp.resolve("more");
        CommandsTest.Result r = run("train", "--resume", dir.toString(), "--epochs", "2", "--out", out.toString(),
                "--threads", "1");
        assertOk(r);
        assertThat(r.out()).contains("--out " + out + ": the continued run is written there");
        assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(2);
    }

    @Test
    void conflictingOptionsAreRefusedInOneLineNamingEachWithBothValues() {
        CommandsTest.Result r = run("train", "--resume", oneEpoch.toString(), "--dataset", "fashion-mnist",
                "--batch-size", "50", "--seed", "3", "--optimizer", "adam", "--limit", "500");
        assertThat(r.code()).isEqualTo(1);
        assertOneLine(r.err());
        assertThat(r.err()).startsWith("dendrite train: --resume " + oneEpoch + ": ")
                .contains("--dataset fashion-mnist differs from the run's spiral")
                .contains("--batch-size 50 differs from the run's 100")
                .contains("--seed 3 differs from the run's 0")
                .contains("--optimizer adam differs from the run's sgd")
                .contains("--limit 500 differs from the run's 0")
                .contains("drop them or start a new run with --out");
    }

    @Test
    void aDifferentModelOrModelOptionIsRefused() {
        CommandsTest.Result r = run("train", "--resume", oneEpoch.toString(), "--model", "fc", "--hidden", "30",
                "--reg", "0.1", "--dtype", "F64");
        assertThat(r.code()).isEqualTo(1);
        assertOneLine(r.err());
        assertThat(r.err()).contains("--model fc differs from the run's two-layer")
                .contains("--hidden 30 differs from the run's 20").contains("--reg 0.1 differs from the run's 0.0")
                .contains("--dtype F64 differs from the run's F32");
    }

    @Test
    void theRunsOwnValuesGivenAgainAreAccepted(@TempDir Path tmp) throws IOException {
        Path dir = copy(oneEpoch, tmp.resolve("run"));
        CommandsTest.Result r = run("train", "--resume", dir.toString(), "--dataset", "SPIRAL", "--model", "two-layer",
                "--hidden", "20", "--lr", "1e0", "--epochs", "1", "--optimizer", "sgd", "--threads", "1");
        assertOk(r);
        assertThat(r.out()).contains("after epoch 1 of 1").doesNotContain("the run's");
    }

    @Test
    void aFolderWithoutACheckpointSaysSoInOneLine(@TempDir Path tmp) {
        CommandsTest.Result r = run("train", "--resume", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertOneLine(r.err());
        assertThat(r.err()).contains(tmp.toString()).contains("holds no checkpoint.dnd").contains("without --resume");
    }

    @Test
    void aModelFileInsteadOfARunFolderSaysSoInOneLine(@TempDir Path tmp) throws IOException {
        Path model = oneEpoch.resolve("model.dnd");
        CommandsTest.Result r = run("train", "--resume", model.toString());
        assertThat(r.code()).isEqualTo(1);
        assertOneLine(r.err());
        assertThat(r.err()).contains("is a file, not a run folder").contains("checkpoint.dnd");

        Files.copy(model, tmp.resolve("checkpoint.dnd"));   // a model file where the checkpoint should be
        CommandsTest.Result r2 = run("train", "--resume", tmp.toString());
        assertThat(r2.code()).isEqualTo(1);
        assertOneLine(r2.err());
        assertThat(r2.err()).contains("is a model file, not a checkpoint").doesNotContain("Cannot invoke");
    }

    private static void assertOk(CommandsTest.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static void assertOneLine(String err) {
        assertThat(err.strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    private static String[] with(String[] base, String... more) {
        return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
