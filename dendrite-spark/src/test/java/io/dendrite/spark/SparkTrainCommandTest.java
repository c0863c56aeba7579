package io.dendrite.spark;

import io.dendrite.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spark-train} (SparkMain's {@code train}) against {@code dendrite train}, in-process on the spiral: the same
 * options give the same lines — on one partition the same numbers too, since one partition computes what the
 * single process computes — plus the {@code spark} lines.
 */
class SparkTrainCommandTest {
    record Result(int code, String out, String err) {
    }

    static synchronized Result run(CommandLine cl, String... args) {
        TestSpark.session();   // the tests' session: spark-train uses the running one
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            cl.setOut(new PrintWriter(System.out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    static final List<String> SPIRAL = List.of("--dataset", "spiral", "--model", "two-layer", "--hidden", "20",
            "--optimizer", "sgd", "--lr", "1", "--epochs", "4", "--batch-size", "100", "--threads", "1");

    static String[] args(String command, Path out, String... more) {
        List<String> a = new ArrayList<>();
        a.add(command);
        a.addAll(SPIRAL);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(Arrays.asList(more));
        return a.toArray(new String[0]);
    }

    /** The lines with the run folder named RUN and every duration (seconds, examples per second) as T. */
    static List<String> comparable(String out, Path runDir) {
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            lines.add(line.replace(runDir.toString(), "RUN").replaceAll("\\d+\\.\\ds \\(\\d+ ex/s\\)", "T"));
        }
        return lines;
    }

    @Test
    void sparkTrainPrintsTheLinesOfTrainAndOnOnePartitionTheSameNumbers(@TempDir Path dir) {
        Result local = run(Main.commandLine(), args("train", dir.resolve("local")));
        Result spark = run(SparkMain.commandLine(), args("train", dir.resolve("spark"), "--master", "local[2]",
                "--partitions", "1"));
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(spark.code()).as(spark.err()).isZero();
        List<String> expected = comparable(local.out(), dir.resolve("local"));
        List<String> actual = comparable(spark.out(), dir.resolve("spark"));
        assertThat(actual).filteredOn(l -> l.startsWith("spark    ")).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("1 partition, synchronous SGD"))
                .anySatisfy(l -> assertThat(l).contains("iterations in", "broadcast + aggregation"));
        assertThat(actual).filteredOn(l -> !l.startsWith("spark    ")).containsExactlyElementsOf(expected);
        assertThat(expected).anySatisfy(l -> assertThat(l).startsWith("epoch 4/4"))
                .anySatisfy(l -> assertThat(l).startsWith("test accuracy"));
        assertThat(dir.resolve("spark").resolve("model.dnd")).isRegularFile();
        assertThat(dir.resolve("spark").resolve("report.html")).isRegularFile();
    }

    @Test
    void aSparkRunResumesWithItsPartitionsAndRefusesOthers(@TempDir Path dir) {
        Path run = dir.resolve("run");
        Result first = run(SparkMain.commandLine(), args("train", run, "--partitions", "2", "--average-every", "2"));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("2 partitions, local SGD, models averaged every 2 iterations");
        Result refused = run(SparkMain.commandLine(), "train", "--resume", run.toString(), "--partitions", "3");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo("dendrite-spark train: --resume " + run + ": --partitions 3 differs from"
                + " the run's 2 — drop it or start a new run with --out");
        Result resumed = run(SparkMain.commandLine(), "train", "--resume", run.toString(), "--epochs", "5");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resume   " + run + " after epoch 4 of 5")
                .contains("2 partitions, local SGD, models averaged every 2 iterations").contains("epoch 5/5");
    }

    @Test
    void whatSparkTrainCannotDoIsRefusedInOneLine(@TempDir Path dir) {
        Result knn = run(SparkMain.commandLine(), "train", "--model", "knn", "--dataset", "spiral", "--out",
                dir.resolve("knn").toString());
        assertThat(knn.code()).isEqualTo(1);
        assertThat(knn.err().strip()).isEqualTo("dendrite-spark train: --model knn memorizes its training rows instead of"
                + " training; spark-train trains networks — use dendrite train for k-NN");
        Result flip = run(SparkMain.commandLine(), args("train", dir.resolve("flip"), "--augment-flip"));
        assertThat(flip.code()).isEqualTo(1);
        assertThat(flip.err()).contains("augmentation").doesNotContain("\tat ");
        Result partitions = run(SparkMain.commandLine(), args("train", dir.resolve("p"), "--partitions", "-2"));
        assertThat(partitions.err().strip()).isEqualTo("dendrite-spark train: invalid --partitions -2 (expected a number >= 1,"
                + " or 0 for Spark's default parallelism)");
        Result storage = run(SparkMain.commandLine(), args("train", dir.resolve("s"), "--storage", "FAST"));
        assertThat(storage.err()).startsWith("dendrite-spark train: invalid --storage 'FAST'");
    }
}
