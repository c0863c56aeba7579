package io.dendrite.cli;

import io.dendrite.cli.CommandsTest.Result;
import io.dendrite.tensor.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.dendrite.cli.CommandsTest.assertPng;
import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --model knn} and {@code crossval}, in-process, on a small CSV of three blobs and on the spiral. */
class KnnCommandsTest {
    @TempDir
    static Path shared;
    static Path csv;

    /** 300 points in three well-separated 2-D blobs with a little overlap; the CSV loader shuffles them. */
    @BeforeAll
    static void writeBlobs() throws IOException {
        csv = shared.resolve("blobs.csv");
        StringBuilder sb = new StringBuilder();
        Rng rng = new Rng(5);
        double[][] centers = {{0, 0}, {4, 0}, {2, 3.5}};
        for (int i = 0; i < 300; i++) {
            int label = i % 3;
            sb.append(centers[label][0] + rng.nextGaussian()).append(',').append(centers[label][1] + rng.nextGaussian())
                    .append(',').append(label).append('\n');
        }
        Files.writeString(csv, sb);
    }

    private static String property(Path dir, String key) throws IOException {
        return Files.readAllLines(dir.resolve(RunFolder.PROPERTIES)).stream().filter(l -> l.startsWith(key + "="))
                .findFirst().orElseThrow(() -> new AssertionError(key + " missing in run.properties")).split("=", 2)[1];
    }

    @Test
    void trainKnnOnTheSpiralRecallsItsTrainingPointsWithKOne(@TempDir Path tmp) throws IOException {
        // the spiral's test set is its training set: the nearest neighbour of each point is itself, except at the
        // centre, where all three arms start at (0, 0): the tie goes to the first of them (class 0), so 2 of 300 miss
        Result r = run("train", "--dataset", "spiral", "--model", "knn", "--k", "1", "--threads", "1", "--out", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("model    knn (k=1, L2, F32)").contains("test accuracy 0.9933 (300 examples)")
                .contains("validation accuracy 0.9933").containsPattern("test time \\d+\\.\\d s for 300 × 300 distances");
        assertThat(property(tmp, "result.test\\ accuracy")).isEqualTo("0.9933");
        assertPng(tmp.resolve("confusion.png"), 800, 600);
        assertThat(tmp.resolve("confusion.svg")).isRegularFile();
        assertThat(Files.readString(tmp.resolve(RunFolder.REPORT))).contains("knn (k=1").contains("<img");
        assertThat(tmp.resolve(RunFolder.MODEL)).doesNotExist();
    }

    @Test
    void trainKnnOnACsvWithEitherMetric(@TempDir Path tmp) throws IOException {
        for (String metric : List.of("l2", "l1")) {
            Path out = tmp.resolve(metric);
            Result r = run("train", "--dataset", "csv", "--data", csv.toString(), "--model", "knn", "--k", "7",
                    "--metric", metric, "--val-size", "30", "--dtype", "F64", "--out", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("knn (k=7, " + metric.toUpperCase() + ", F64)").contains("(30 examples)");
            assertThat(Double.parseDouble(property(out, "result.test\\ accuracy"))).isGreaterThan(0.8);
        }
    }

    @Test
    void crossvalPrintsTheTableMarksTheBestKAndWritesThePlot(@TempDir Path tmp) throws IOException {
        Result r = run("crossval", "--dataset", "csv", "--data", csv.toString(), "--k", "1,5,15", "--folds", "3",
                "--threads", "2", "--out", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 folds of the 270 training examples").contains("fold 3").contains("← best")
                .containsPattern("best k = (1|5|15): mean accuracy 0\\.\\d{4} ± 0\\.\\d{4}");
        List<String> table = Files.readAllLines(tmp.resolve(RunFolder.CROSSVAL_CSV));
        assertThat(table).hasSize(4);
        assertThat(table.get(0)).isEqualTo("k,fold_1,fold_2,fold_3,mean,std");
        assertThat(table.get(2)).startsWith("5,");
        String bestK = property(tmp, "result.best\\ k");
        assertThat(r.out()).contains("best k = " + bestK + ":");
        assertPng(tmp.resolve("crossval.png"), 800, 600);
        assertThat(Files.readString(tmp.resolve("crossval.svg"))).contains("<svg");
        assertThat(Files.readString(tmp.resolve(RunFolder.REPORT))).contains("Cross-validation on k")
                .contains("Cross-validation accuracy per k and fold").contains("<img");
    }

    @Test
    void crossvalAndTrainKnnFailWithOneLine() {
        Result badK = run("crossval", "--dataset", "csv", "--data", csv.toString(), "--k", "0,3", "--folds", "3");
        assertThat(badK.code()).isNotZero();
        assertThat(badK.err()).contains("invalid --k 0");
        assertThat(badK.err().strip().lines().count()).isEqualTo(1);
        Result badModel = run("crossval", "--model", "svm", "--dataset", "spiral");
        assertThat(badModel.err()).contains("unknown --model 'svm'").contains("knn");
        Result tooMany = run("train", "--dataset", "spiral", "--model", "knn", "--k", "301");
        assertThat(tooMany.code()).isNotZero();
        assertThat(tooMany.err()).contains("k = 301").contains("[1, 300]");
        assertThat(tooMany.err().strip().lines().count()).isEqualTo(1);
        Result search = run("search", "--dataset", "spiral", "--model", "knn", "--trials", "1");
        assertThat(search.err()).contains("--model knn is not a network");
        Result help = run("crossval", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: dendrite crossval").contains("--folds").contains("--metric");
    }
}
