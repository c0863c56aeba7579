package io.dendrite.cli;

import io.dendrite.data.Idx;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * saliency, fool, visualize-class and style end to end on a tiny convnet the test trains on a small MNIST-shaped folder
 * it writes: class c is a bright bar over rows 2c … 2c+3.
 */
class VisualizationCommandsTest {
    @TempDir
    static Path dir;
    static Path data, model, digit, bars;

    @BeforeAll
    static void writeDataAndModel() throws IOException {
        data = dir.resolve("mnist");
        Files.createDirectories(data);
        float[] x = write("train", 200);
        write("t10k", 20);
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 10;
        }
        Rng rng = new Rng(5);
        Network net = Network.builder().add(new Conv2d(1, 4, 5, 1, 0, rng, DType.F32)).add(new ReLU())
                .add(new MaxPool2d(2, 2, 2)).add(new Linear(4 * 12 * 12, 10, rng, DType.F32)).inputShape(1, 28, 28).build();
        Tensor xs = Tensor.of(x, 200, 1, 28, 28);
        for (int it = 0; it < 60; it++) {   // gradient descent on the whole set: enough to tell bars apart
            net.loss(xs, y);
            for (Parameter p : net.params().values()) {
                p.value().addScaledi(p.grad(), -0.05);
            }
        }
        model = dir.resolve("bars.dnd");
        ModelStore.save(net, Map.of("dataset", "mnist", "inputShape", "(1, 28, 28)", "pixelScale", "1/255"), model);
        digit = dir.resolve("bar3.png");
        picture(digit, 28, 28, 3);
        bars = dir.resolve("stripes.png");
        BufferedImage s = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                s.setRGB(c, r, (r + c) / 3 % 2 == 0 ? 0xffffff : 0);
            }
        }
        ImageIO.write(s, "png", bars.toFile());
    }

    /** Writes n idx images and labels; returns the pixels in [0, 1]. */
    private static float[] write(String prefix, int n) throws IOException {
        byte[] px = new byte[n * 784];
        float[] unit = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r / 2 >= labels[i] && r / 2 < labels[i] + 2;
                    int v = on ? 200 + (i + c) % 50 : (i * 7 + r + c) % 20;
                    px[i * 784 + r * 28 + c] = (byte) v;
                    unit[i * 784 + r * 28 + c] = v / 255f;
                }
            }
        }
        Idx.writeImages(data.resolve(prefix + "-images-idx3-ubyte"), px, n, 28, 28, false);
        Idx.writeLabels(data.resolve(prefix + "-labels-idx1-ubyte"), labels, false);
        return unit;
    }

    /** A w×h picture of class k's bar (or any size, for the wrong-size test). */
    private static void picture(Path file, int w, int h, int k) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                img.setRGB(c, r, r / 2 >= k && r / 2 < k + 2 ? 0xe0e0e0 : 0x080808);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static void assertRunFolder(Path out, String grid, String caption) throws IOException {
        CommandsTest.assertPng(out.resolve(grid), ImageIO.read(out.resolve(grid).toFile()).getWidth(),
                ImageIO.read(out.resolve(grid).toFile()).getHeight());
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<img").contains(caption);
        assertThat(out.resolve("run.properties")).isRegularFile();
    }

    private static void assertOneLineError(CommandsTest.Result r, String... parts) {
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.err().strip()).as(r.err()).doesNotContain("\n").doesNotContain("Exception");
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
    }

    @Test
    void saliencyOfTestImagesWritesTheGridAndTheReport() throws IOException {
        Path out = dir.resolve("saliency");
        CommandsTest.Result r = CommandsTest.run("saliency", "--model-file", model.toString(), "--data", data.toString(),
                "--count", "3", "--index", "2", "--threads", "1", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mnist test examples 2–4").contains("#2 label 2, predicted").contains("largest saliency");
        assertRunFolder(out, "saliency.png", "Saliency maps");
        assertThat(Files.readString(out.resolve("report.html"))).contains("Dendrite saliency: " + model);
    }

    @Test
    void saliencyOfPictureFilesAndAWrongSizeInOneLine() throws IOException {
        Path out = dir.resolve("saliency-files");
        CommandsTest.Result r = CommandsTest.run("saliency", "--model-file", model.toString(), "--images", digit.toString(),
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bar3.png: predicted");
        assertRunFolder(out, "saliency.png", "Saliency maps");
        Path big = dir.resolve("big.png");
        picture(big, 32, 30, 3);
        assertOneLineError(CommandsTest.run("saliency", "--model-file", model.toString(), "--images", big.toString(),
                "--out", dir.resolve("saliency-big").toString()), "big.png is 32×30", "(1, 30, 32)", "(1, 28, 28)");
    }

    @Test
    void foolPrintsTheStepsAndTheChangeAndTheFoolingImageIsPredictedAsTheTarget() throws IOException {
        Path out = dir.resolve("fool");
        CommandsTest.Result r = CommandsTest.run("fool", "--model-file", model.toString(), "--data", data.toString(),
                "--index", "1", "--target", "6", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("mnist test example #1: label 1").containsPattern("fooled after \\d+ step\\(s\\): predicted 6")
                .containsPattern("change   L2 [0-9.]+, max \\|change\\| [0-9.]+").contains("fooling-image.png is predicted");
        assertRunFolder(out, "fooling.png", "Fooling image");
        CommandsTest.assertPng(out.resolve("fooling-image.png"), 28, 28);
        String props = Files.readString(out.resolve("run.properties"));
        assertThat(props).contains("result.steps=").contains("setting.target=6");
    }

    @Test
    void visualizeClassRaisesTheScores() throws IOException {
        Path out = dir.resolve("classes");
        CommandsTest.Result r = CommandsTest.run("visualize-class", "--model-file", model.toString(), "--class", "2,7",
                "--iterations", "20", "--seed", "3", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("class 2: score [-0-9.e]+ → [-0-9.e]+, probability").contains("class 7: score");
        assertRunFolder(out, "class-visualization.png", "Class visualization");
    }

    @Test
    void styleWritesTheResultItsLossesAndTheReport() throws IOException {
        Path out = dir.resolve("style");
        CommandsTest.Result r = CommandsTest.run("style", "--model-file", model.toString(), "--content", digit.toString(),
                "--style", bars.toString(), "--iterations", "20", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("layer 2").contains("layers [0, 1, 2]").containsPattern("loss     total [0-9.e+]+ → ");
        assertRunFolder(out, "style.png", "Style transfer");
        CommandsTest.assertPng(out.resolve("style-result.png"), 28, 28);
        List<String> csv = Files.readAllLines(out.resolve("style-loss.csv"));
        assertThat(csv).hasSize(22).first().isEqualTo("step,total,content,style,tv");
        double first = Double.parseDouble(csv.get(1).split(",")[3]), last = Double.parseDouble(csv.get(21).split(",")[3]);
        assertThat(last).as("style loss").isLessThan(first);
        assertThat(out.resolve("loss.png")).isRegularFile();
        // a style picture of another size is resized by --style-size, the content by --size
        CommandsTest.Result sized = CommandsTest.run("style", "--model-file", model.toString(), "--content", digit.toString(),
                "--style", bars.toString(), "--size", "20", "--style-size", "24", "--iterations", "3", "--out",
                dir.resolve("style-sized").toString());
        assertThat(sized.code()).as(sized.err()).isZero();
        assertThat(sized.out()).contains("as (1, 1, 20, 20)").contains("as (1, 1, 24, 24)");
    }

    /**
     * A network of features only (no classifier) on RGB pictures that records no pixel scaling, as an ImageNet convnet
     * imported from ONNX does: style takes the standardization from the options.
     */
    @Test
    void styleRunsOnAFeatureNetworkWithTheStandardizationGivenAsOptions() throws IOException {
        Rng rng = new Rng(8);
        Network features = Network.builder().add(new Conv2d(3, 6, 3, 1, 1, rng, DType.F32)).add(new ReLU())
                .add(new MaxPool2d(2, 2, 2)).add(new Conv2d(6, 8, 3, 1, 1, rng, DType.F32)).add(new ReLU())
                .inputShape(3, 16, 16).build();
        Path file = dir.resolve("features.dnd");
        ModelStore.save(features, Map.of("inputShape", "(3, 16, 16)"), file);
        Path out = dir.resolve("style-rgb");
        CommandsTest.Result r = CommandsTest.run("style", "--model-file", file.toString(), "--content", digit.toString(),
                "--style", bars.toString(), "--pixel-scale", "1/255", "--input-mean", "0.485,0.456,0.406", "--input-std",
                "0.229,0.224,0.225", "--iterations", "10", "--size", "16", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("as (1, 3, 16, 16), layer 4").contains("layers [0, 1, 2, 3, 4]")
                .contains("PixelRange");
        CommandsTest.assertPng(out.resolve("style-result.png"), 16, 16);
        assertThat(Files.readString(out.resolve("run.properties"))).contains("mean [0.485");
        assertOneLineError(CommandsTest.run("style", "--model-file", file.toString(), "--content", digit.toString(),
                "--style", bars.toString(), "--input-std", "1,2"), "invalid --input-std 2 values", "(3)");
        assertOneLineError(CommandsTest.run("saliency", "--model-file", file.toString(), "--images", digit.toString()),
                "not class scores", "needs a classifier");
    }

    @Test
    void badInputsFailWithOneLineNamingTheFileOrOption() throws IOException {
        String missing = dir.resolve("nope.dnd").toString();
        for (String cmd : List.of("saliency", "fool", "visualize-class", "style")) {
            List<String> args = new java.util.ArrayList<>(List.of(cmd, "--model-file", missing));
            if (cmd.equals("fool")) {
                args.addAll(List.of("--target", "1"));
            }
            if (cmd.equals("style")) {
                args.addAll(List.of("--content", digit.toString(), "--style", bars.toString()));
            }
            args.addAll(List.of("--out", dir.resolve("missing-" + cmd).toString()));
            assertOneLineError(CommandsTest.run(args.toArray(new String[0])), missing, "model file not found");
        }
        String m = model.toString();
        assertOneLineError(CommandsTest.run("fool", "--model-file", m, "--target", "12", "--data", data.toString()),
                "invalid --target 12", "[0, 10)");
        assertOneLineError(CommandsTest.run("saliency", "--model-file", m, "--count", "0"), "invalid --count 0");
        assertOneLineError(CommandsTest.run("visualize-class", "--model-file", m, "--class", "10"), "invalid --class 10");
        assertOneLineError(CommandsTest.run("visualize-class", "--model-file", m, "--l2", "-1"), "invalid --l2 -1");
        assertOneLineError(CommandsTest.run("style", "--model-file", m, "--content", digit.toString(), "--style",
                bars.toString(), "--style-layers", "3"), "invalid --style-layers 3", "[0, 1, 2]", "3 Linear");
        assertOneLineError(CommandsTest.run("style", "--model-file", m, "--content", digit.toString(), "--style",
                bars.toString(), "--style-weights", "1,2"), "invalid --style-weights 1.0,2.0", "(3)");
        assertOneLineError(CommandsTest.run("style", "--model-file", m, "--content", dir.resolve("none.png").toString(),
                "--style", bars.toString()), "none.png");
        assertOneLineError(CommandsTest.run("fool", "--model-file", m, "--target", "1", "--index", "3", "--image",
                digit.toString()), "--index or --image");
        Path used = dir.resolve("saliency-used");
        assertThat(CommandsTest.run("saliency", "--model-file", m, "--images", digit.toString(), "--out", used.toString())
                .code()).isZero();
        assertOneLineError(CommandsTest.run("saliency", "--model-file", m, "--images", digit.toString(), "--out",
                used.toString()), "holds a previous run", "--overwrite");
        assertThat(CommandsTest.run("saliency", "--model-file", m, "--images", digit.toString(), "--out", used.toString(),
                "--overwrite").code()).isZero();
    }

    @Test
    void everyVisualizationCommandHasHelp() {
        for (String cmd : List.of("saliency", "fool", "visualize-class", "style")) {
            CommandsTest.Result r = CommandsTest.run(cmd, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: dendrite " + cmd).contains("--model-file").contains("--out");
        }
    }
}
