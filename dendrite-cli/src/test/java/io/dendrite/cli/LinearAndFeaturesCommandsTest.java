package io.dendrite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dendrite.data.Idx;
import io.dendrite.model.ModelStore;
import io.dendrite.nn.MulticlassHinge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** train / eval / predict with --model linear --loss and with --features, on a small MNIST-shaped folder. */
class LinearAndFeaturesCommandsTest {
    @TempDir
    static Path dir;
    static Path data;

    /** 28×28 grey images: class c lights rows 2c … 2c+3 (edges at different heights for HOG, a pattern for pixels). */
    @BeforeAll
    static void writeData() throws IOException {
        data = dir.resolve("mnist");
        Files.createDirectories(data);
        write("train", 400);
        write("t10k", 100);
    }

    private static void write(String prefix, int n) throws IOException {
        byte[] px = new byte[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r / 2 >= labels[i] && r / 2 < labels[i] + 2;
                    px[i * 784 + r * 28 + c] = (byte) (on ? 200 + (i + c) % 50 : (i * 7 + r + c) % 20);
                }
            }
        }
        Idx.writeImages(data.resolve(prefix + "-images-idx3-ubyte"), px, n, 28, 28, false);
        Idx.writeLabels(data.resolve(prefix + "-labels-idx1-ubyte"), labels, false);
    }

    private static double testAccuracy(String out) {
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d{4})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void linearSvmOnPixelsWritesItsClassTemplates() throws IOException {
        Path run = dir.resolve("svm-run");
        CommandsTest.Result r = CommandsTest.run("train", "--dataset", "mnist", "--data", data.toString(), "--val-size", "50",
                "--model", "linear", "--loss", "svm", "--optimizer", "sgd", "--lr", "0.05", "--epochs", "5",
                "--batch-size", "50", "--threads", "1", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("loss=svm").contains("templates");
        assertThat(testAccuracy(r.out())).isGreaterThan(0.9);
        CommandsTest.assertPng(run.resolve("templates.png"), 5 * (112 + 10) + 10, 36 + 2 * (112 + 20 + 10) + 10);
        assertThat(Files.readString(run.resolve("report.html"))).contains("templates");
        assertThat(ModelStore.load(run.resolve("model.dnd")).network().lossFunction()).isInstanceOf(MulticlassHinge.class);
    }

    @Test
    void hogFeaturesReplaceThePixelsInTrainEvalAndPredict() throws IOException {
        Path run = dir.resolve("hog-run");
        CommandsTest.Result r = CommandsTest.run("train", "--dataset", "mnist", "--data", data.toString(), "--val-size", "50",
                "--features", "hog", "--model", "two-layer", "--hidden", "20", "--optimizer", "adam", "--lr", "1e-2",
                "--epochs", "5", "--batch-size", "50", "--threads", "2", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("samples (81,)").contains("hog features of images (1, 28, 28)");
        double trained = testAccuracy(r.out());
        assertThat(trained).isGreaterThan(0.6);   // 8×8 HOG cells cannot tell some bar heights apart; chance is 0.1
        ModelStore.Loaded saved = ModelStore.load(run.resolve("model.dnd"));
        assertThat(saved.metadata()).containsEntry("features", "hog").containsEntry("imageShape", "(1, 28, 28)")
                .containsEntry("inputShape", "(81,)").containsKeys("inputMean", "inputStd");

        // eval recomputes the features and standardizes them with the saved statistics: the run's accuracy again
        CommandsTest.Result eval = CommandsTest.run("eval", "--model-file", run.resolve("model.dnd").toString(),
                "--data", data.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", trained));

        // predict takes an image file, computes its HOG and classifies it
        Path png = dir.resolve("bar.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.setRGB(x, y, y / 2 >= 3 && y / 2 < 5 ? 0xe0e0e0 : 0x080808);   // a class-3 bar
            }
        }
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        CommandsTest.Result p = CommandsTest.run("predict", "--model-file", run.resolve("model.dnd").toString(), png.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("grayscale, 28×28").contains("1. ").contains("3. ");
    }

    @Test
    void aLinearModelOnFeaturesHasNoTemplates() {
        Path run = dir.resolve("linear-hog-run");
        CommandsTest.Result r = CommandsTest.run("train", "--dataset", "mnist", "--data", data.toString(), "--val-size", "50",
                "--features", "hog", "--model", "linear", "--loss", "softmax", "--optimizer", "sgd", "--lr", "0.1",
                "--epochs", "2", "--threads", "1", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run.resolve("templates.png")).doesNotExist();
    }

    @Test
    void badChoicesGetOneLineErrors() {
        CommandsTest.Result loss = CommandsTest.run("train", "--dataset", "spiral", "--model", "linear", "--loss", "hinge");
        assertThat(loss.code()).isNotZero();
        assertThat(loss.err()).contains("unknown --loss 'hinge' (expected softmax or svm)");
        CommandsTest.Result other = CommandsTest.run("train", "--dataset", "spiral", "--model", "two-layer", "--loss", "svm");
        assertThat(other.err()).contains("--loss svm is for --model linear only");
        CommandsTest.Result hsv = CommandsTest.run("train", "--dataset", "mnist", "--data", data.toString(),
                "--features", "hog,hsv", "--model", "linear", "--epochs", "1");
        assertThat(hsv.err()).contains("hsv: the colour histogram needs RGB images (3 channels), got 1");
        CommandsTest.Result spiral = CommandsTest.run("train", "--dataset", "spiral", "--features", "hog", "--model", "linear");
        assertThat(spiral.err()).contains("--features needs image data");
        CommandsTest.Result unknown = CommandsTest.run("train", "--dataset", "mnist", "--data", data.toString(),
                "--features", "sift", "--model", "linear");
        assertThat(unknown.err()).contains("unknown feature 'sift' (expected hog or hsv)");
    }
}
