package io.dendrite.cli;

import io.dendrite.model.Network;
import io.dendrite.data.Dataset;
import io.dendrite.data.ImageFiles;
import io.dendrite.io.PlainPermissions;
import io.dendrite.model.ModelStore;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.nn.Functions;
import io.dendrite.optim.UpdateRules;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The commands end to end, in-process, on tiny data: a spiral run folder and a small generated image model. */
class CommandsTest {
    @TempDir
    static Path shared;
    static Path run;

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cl = Main.commandLine(); // after setOut: picocli's default out wraps System.out as it is now
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @BeforeAll
    static void trainSpiral() {
        run = shared.resolve("spiral-run");
        Result r = run("train", "--dataset", "spiral", "--model", "two-layer", "--hidden", "50", "--optimizer", "sgd",
                "--lr", "1", "--epochs", "40", "--batch-size", "300", "--threads", "1", "--out", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(run.resolve("model.dnd")).isRegularFile();
    }

    @Test
    void everyFileOfTheRunFolderGetsTheUmaskLikeAPlainlyWrittenFile(@TempDir Path tmp) throws IOException {
        String plain = PosixFilePermissions.toString(PlainPermissions.ofNewFile(tmp));
        try (Stream<Path> files = Files.list(run)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString())
                    .contains("model.dnd", "history.csv", "run.properties", "loss.png", "loss.svg", "report.html");
            for (Path f : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.getFileName().toString())
                        .isEqualTo(plain);
            }
        }
    }

    @Test
    void evalPrintsAccuracyPerClassAndConfusionMatrix(@TempDir Path tmp) throws IOException {
        Path plot = tmp.resolve("confusion.png");
        Result r = run("eval", "--model-file", run.resolve("model.dnd").toString(), "--plot", plot.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("spiral test: 300 examples").containsPattern("accuracy 0\\.\\d{4} \\(\\d+ / 300\\)")
                .contains("recall").contains("actual\\pred");
        assertPng(plot, 800, 600);
    }

    @Test
    void evalAccuracyMatchesTheRunsTestAccuracy() throws IOException {
        Result r = run("eval", "--model-file", run.resolve("model.dnd").toString());
        String props = Files.readString(run.resolve("run.properties"));
        String acc = props.lines().filter(l -> l.startsWith("result.test\\ accuracy=")).findFirst().orElseThrow().split("=")[1];
        assertThat(r.out()).contains("accuracy " + acc + " (");
    }

    @Test
    void reportRebuildsTheHtml() throws IOException {
        Files.delete(run.resolve("report.html"));
        Result r = run("report", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("report.html"))).contains("<img");
    }

    @Test
    void gradcheckOfTheSavedModelPasses() {
        Result r = run("gradcheck", "--model-file", run.resolve("model.dnd").toString(), "--samples", "5");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("W1").contains("b2").contains("all 4 gradients PASS").doesNotContain("FAIL");
    }

    @Test
    void gradcheckOfEveryLayerTypePasses() {
        Result r = run("gradcheck");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        for (String layer : List.of("Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Dropout", "BatchNorm(", "LayerNorm",
                "BatchNorm2d", "GroupNorm", "Conv2d", "MaxPool2d", "AvgPool2d", "SoftmaxCrossEntropy", "MulticlassHinge",
                "MeanSquaredError")) {
            assertThat(r.out()).contains(layer);
        }
        assertThat(r.out()).doesNotContain("FAIL");
    }

    @Test
    void gradcheckFailsWithStatusOneWhenTheToleranceIsImpossible() {
        Result r = run("gradcheck", "--tolerance", "1e-30", "--atol", "0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL");
    }

    @Test
    void predictReadsAnImageOfAnySizeAndPrintsTopClasses(@TempDir Path tmp) throws IOException {
        Path model = imageModel(tmp);
        Path left = tmp.resolve("left.png"), right = tmp.resolve("right.jpg"), drawn = tmp.resolve("drawn.png");
        writeHalf(left, 40, 30, true, false, "png");
        writeHalf(right, 23, 57, false, false, "jpg");
        writeHalf(drawn, 64, 64, true, true, "png"); // black on white: the left half is dark
        Result r = run("predict", "--model-file", model.toString(), "--top", "2", left.toString(), right.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("left.png").contains("grayscale, 8×8");
        assertThat(lines.get(1)).contains("1. left");
        assertThat(lines.get(2)).contains("2. right");
        assertThat(lines.get(4)).contains("1. right");
        assertThat(lines).hasSize(6);
        Result inverted = run("predict", "--model-file", model.toString(), "--invert", "--top", "1", drawn.toString());
        assertThat(inverted.out()).contains("1. left");
        Result plain = run("predict", "--model-file", model.toString(), "--top", "1", drawn.toString());
        assertThat(plain.out()).contains("1. right");
    }

    @Test
    void predictStandardizesLikeTrainingWhenTheModelFileSaysSo(@TempDir Path tmp) throws IOException {
        ModelStore.Loaded plain = ModelStore.load(imageModel(tmp));
        Path standardized = tmp.resolve("standardized.dnd");
        Map<String, String> meta = new java.util.LinkedHashMap<>(plain.metadata());
        meta.put(SavedModels.INPUT_MEAN, "0.3");   // one channel: per-channel mean and std
        meta.put(SavedModels.INPUT_STD, "0.5");
        ModelStore.save(plain.network(), meta, standardized);
        Path left = tmp.resolve("left.png");
        writeHalf(left, 8, 8, true, false, "png");

        Tensor x = Tensor.of(ImageFiles.load(left, new int[]{1, 8, 8}, 1 / 255.0, false), 1, 1, 8, 8);
        Tensor probs = Functions.softmax(plain.network().scores(x.sub(0.3).div(0.5)));
        int top = probs.argmax(1)[0];
        String expected = String.format(java.util.Locale.ROOT, "1. %-12s %7.2f%%", top == 0 ? "left" : "right",
                100 * probs.get(0, top));
        Result r = run("predict", "--model-file", standardized.toString(), "--top", "1", left.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(expected);

        meta.remove(SavedModels.INPUT_STD);
        Path damaged = tmp.resolve("damaged.dnd");
        ModelStore.save(plain.network(), meta, damaged);
        Result bad = run("predict", "--model-file", damaged.toString(), left.toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains(damaged.toString()).contains("inputMean without inputStd");
    }

    @Test
    void csvRunsSaveTheirStandardizationAndEvalUsesIt(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("points.csv");
        StringBuilder sb = new StringBuilder();
        Rng rng = new Rng(3);
        for (int i = 0; i < 400; i++) {
            int label = i % 2;
            // features far from zero mean and unit scale: training standardizes them
            sb.append(1000 + 50 * (label + 0.15 * rng.nextGaussian())).append(',').append(-7 + 0.01 * rng.nextGaussian())
                    .append(',').append(label).append('\n');
        }
        Files.writeString(csv, sb);
        Path out = tmp.resolve("csv-run");
        Result r = run("train", "--dataset", "csv", "--data", csv.toString(), "--model", "two-layer", "--hidden", "8",
                "--optimizer", "sgd", "--lr", "0.5", "--epochs", "15", "--val-size", "40", "--threads", "1", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        ModelStore.Loaded saved = ModelStore.load(out.resolve("model.dnd"));
        assertThat(saved.metadata().get(SavedModels.INPUT_MEAN).split(",")).hasSize(2);
        assertThat(Double.parseDouble(saved.metadata().get(SavedModels.INPUT_MEAN).split(",")[0])).isBetween(1000.0, 1050.0);
        assertThat(saved.metadata().get(SavedModels.INPUT_STD).split(",")).hasSize(2);

        Result eval = run("eval", "--model-file", out.resolve("model.dnd").toString(), "--data", csv.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        String props = Files.readString(out.resolve("run.properties"));
        String acc = props.lines().filter(l -> l.startsWith("result.test\\ accuracy=")).findFirst().orElseThrow().split("=")[1];
        assertThat(eval.out()).contains("accuracy " + acc + " (");
        assertThat(Double.parseDouble(acc)).isGreaterThan(0.9);
    }

    @Test
    void csvLabelsThatAreNotZeroToCMinusOneAreRefusedUnlessMappedAndTheMappingIsSaved(@TempDir Path tmp)
            throws IOException {
        Path csv = tmp.resolve("points.csv");
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 200; i++) {
            int c = i % 2;
            sb.append(c * 4 + 0.01 * (i % 7)).append(',').append(-c * 2).append(',').append(c == 0 ? 10 : 20).append('\n');
        }
        Files.writeString(csv, sb);
        Path out = tmp.resolve("run");
        Result refused = run("train", "--dataset", "csv", "--data", csv.toString(), "--header", "--model", "two-layer",
                "--hidden", "4", "--epochs", "1", "--val-size", "20", "--threads", "1", "--out", out.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("found 2 distinct labels from 10 to 20").contains("--map-labels");

        Result r = run("train", "--dataset", "csv", "--data", csv.toString(), "--header", "--map-labels", "--model",
                "two-layer", "--hidden", "4", "--epochs", "3", "--val-size", "20", "--threads", "1", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        ModelStore.Loaded saved = ModelStore.load(out.resolve("model.dnd"));
        assertThat(saved.metadata()).containsEntry("classNames", "10,20").containsEntry("mapLabels", "true");
        Result eval = run("eval", "--model-file", out.resolve("model.dnd").toString(), "--data", csv.toString(), "--header");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("20");
    }

    @Test
    void runawayLossEndsTrainWithOneLineAndARunFolderThatSaysDiverged(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("diverged");
        Result r = run("train", "--dataset", "spiral", "--model", "two-layer", "--hidden", "50", "--optimizer", "sgd",
                "--lr", "1e6", "--epochs", "3", "--batch-size", "30", "--threads", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("dendrite train: training diverged").contains("Lower the learning rate");
        assertThat(r.out()).doesNotContain("model.dnd").doesNotContain("test accuracy");
        assertThat(out.resolve("model.dnd")).doesNotExist();
        assertThat(Files.readString(out.resolve("run.properties"))).contains("result.diverged=training diverged")
                .contains("setting.divergenceFactor=1000.0");
        assertThat(out.resolve("loss.csv")).isRegularFile();

        Result bad = run("train", "--dataset", "spiral", "--model", "two-layer", "--divergence-factor", "0.5",
                "--out", tmp.resolve("bad").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).contains("invalid --divergence-factor 0.5");
    }

    @Test
    void divergenceFactorZeroLetsARunawayRunFinish(@TempDir Path tmp) {
        Result r = run("train", "--dataset", "spiral", "--model", "two-layer", "--hidden", "20", "--optimizer", "adam",
                "--lr", "10", "--epochs", "2", "--batch-size", "30", "--threads", "1", "--divergence-factor", "0",
                "--out", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tmp.resolve("model.dnd")).isRegularFile();
    }

    @Test
    void searchWritesLeaderboardAndPlot(@TempDir Path tmp) throws IOException {
        Result r = run("search", "--dataset", "spiral", "--model", "two-layer", "--trials", "2", "--epochs", "3",
                "--batch-size", "100", "--lr-range", "1e-2,1", "--threads", "1", "--out", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rank").contains("trial   2/2");
        List<String> csv = Files.readAllLines(tmp.resolve("leaderboard.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo("rank,trial,val_acc,lr,reg,diverged");
        assertPng(tmp.resolve("search.png"), 800, 600);
    }

    @Test
    void plotCommandsWritePngs(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("opt.png"), b = tmp.resolve("init.png"), c = tmp.resolve("spiral.png");
        assertThat(run("plot", "optimizers", "--out", a.toString()).code()).isZero();
        assertThat(run("plot", "weight-init", "--activation", "relu", "--examples", "100", "--out", b.toString(),
                "--width", "900", "--height", "700").code()).isZero();
        Result s = run("plot", "spiral", "--epochs", "30", "--out", c.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertPng(a, 1000, 750);
        assertPng(b, 900, 700);
        assertPng(c, 1000, 750);
    }

    @Test
    void badInputsFailWithOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("missing.dnd");
        Result r1 = run("eval", "--model-file", missing.toString(), "--dataset", "spiral");
        assertThat(r1.code()).isNotZero();
        assertThat(r1.err()).contains(missing.toString()).contains("not found");
        assertThat(r1.err().strip().lines().count()).isEqualTo(1);

        Path corrupt = tmp.resolve("corrupt.dnd");
        Files.writeString(corrupt, "this is not a model");
        Result r2 = run("predict", "--model-file", corrupt.toString(), "x.png");
        assertThat(r2.code()).isNotZero();
        assertThat(r2.err()).contains(corrupt.toString());

        Path truncated = tmp.resolve("truncated.dnd");
        byte[] bytes = Files.readAllBytes(run.resolve("model.dnd"));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Result r3 = run("gradcheck", "--model-file", truncated.toString());
        assertThat(r3.code()).isNotZero();
        assertThat(r3.err()).contains(truncated.toString());

        Result r4 = run("eval", "--model-file", run.resolve("model.dnd").toString(), "--dataset", "no-such-set");
        assertThat(r4.code()).isNotZero();
        assertThat(r4.err()).contains("no-such-set").contains("spiral");

        Path notImage = tmp.resolve("notes.png");
        Files.writeString(notImage, "hello");
        Result r5 = run("predict", "--model-file", imageModel(tmp).toString(), notImage.toString());
        assertThat(r5.code()).isNotZero();
        assertThat(r5.err()).contains(notImage.toString()).contains("not an image");

        Result r6 = run("report", tmp.toString());
        assertThat(r6.code()).isNotZero();
        assertThat(r6.err()).contains(tmp.toString());

        assertThat(run("plot", "pie").code()).isNotZero();
    }

    @Test
    void trainTakesTheActivationAndRefusesAnUnknownOneInOneLine(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sigmoid-run");
        Result r = run("train", "--dataset", "spiral", "--model", "two-layer", "--activation", "sigmoid", "--hidden", "20",
                "--optimizer", "sgd", "--lr", "1", "--epochs", "3", "--batch-size", "300", "--threads", "1",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("activation=sigmoid");
        assertThat(ModelStore.load(out.resolve("model.dnd")).network().spec().get("activation")).isEqualTo("sigmoid");

        Result bad = run("train", "--dataset", "spiral", "--model", "two-layer", "--activation", "swish", "--epochs", "1",
                "--threads", "1", "--out", tmp.resolve("bad-run").toString());
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err().strip().lines().count()).as(bad.err()).isEqualTo(1);
        assertThat(bad.err()).contains("swish").contains("relu, sigmoid, tanh, leaky-relu");
    }

    /** The options of --model lenet5, alexnet and residual-conv reach their builders. */
    @Test
    void modelOptionsBuildTheReadyMadeConvNets() {
        Dataset mnist = new Dataset(new float[0], new int[]{1, 28, 28}, new int[0], 10);
        Network lenet = CommandLine.populateCommand(new ModelOptions(), "--model", "lenet5", "--activation", "relu",
                "--reg", "0.01").build(mnist);
        assertThat(lenet.spec().toString()).startsWith("lenet5 ").contains("activation=relu").contains("reg=0.01");
        Network alex = CommandLine.populateCommand(new ModelOptions(), "--model", "alexnet", "--width", "0.5",
                "--hidden", "100", "--dropout", "0.25").build(mnist);
        assertThat(alex.spec().options()).containsEntry("width", "0.5").containsEntry("hiddenSize", "100")
                .containsEntry("dropout", "0.25");
        assertThat(alex.params().get("W1").value().shape()).containsExactly(12, 1, 3, 3);
        Network res = CommandLine.populateCommand(new ModelOptions(), "--model", "residual-conv", "--width", "8",
                "--blocks", "2").build(mnist);
        assertThat(res.spec().options()).containsEntry("width", "8").containsEntry("blocks", "2");
        assertThat(CommandLine.populateCommand(new ModelOptions(), "--model", "lenet5").build(mnist).spec().get("activation"))
                .isEqualTo("tanh");
        ModelOptions halfChannel = CommandLine.populateCommand(new ModelOptions(), "--model", "residual-conv", "--width", "2.5");
        assertThatThrownBy(() -> halfChannel.build(mnist)).hasMessageContaining("--width 2.5");
        ModelOptions unknown = CommandLine.populateCommand(new ModelOptions(), "--model", "vgg16");
        assertThatThrownBy(() -> unknown.build(mnist)).hasMessageContaining("vgg16")
                .hasMessageContaining("lenet5, alexnet, residual-conv");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("eval", "predict", "gradcheck", "search", "report", "plot")) {
            Result r = run(cmd, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: dendrite " + cmd);
        }
    }

    /**
     * A two-layer net on 8×8 grayscale images in [0, 1] whose class is the bright half: 0 = "left", 1 = "right".
     */
    static Path imageModel(Path dir) throws IOException {
        Path file = dir.resolve("halves.dnd");
        if (Files.exists(file)) {
            return file;
        }
        Rng rng = new Rng(3);
        int n = 200;
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean bright = (c < 4) == (y[i] == 0);
                    x[i * 64 + r * 8 + c] = (float) Math.min(1, Math.max(0, (bright ? 0.8 : 0.1) + 0.2 * rng.nextGaussian()));
                }
            }
        }
        Dataset d = new Dataset(x, new int[]{1, 8, 8}, y, 2);
        Network net = TwoLayerNet.builder().inputDim(64).hiddenDim(10).numClasses(2).weightScale(0.1).seed(1).build();
        Solver.builder(net).train(d.x(DType.F32), d.labels()).validation(d.x(DType.F32), d.labels())
                .updateRule(UpdateRules.create("sgd", 0.5)).numEpochs(10).batchSize(50).build().train();
        ModelStore.save(net, Map.of("inputShape", "(1, 8, 8)", "pixelScale", "1/255", "classNames", "left,right"), file);
        return file;
    }

    /** An RGB image whose left (or right) half is white on black, or black on white when {@code inverted}. */
    static void writeHalf(Path file, int w, int h, boolean leftBright, boolean inverted, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                boolean bright = (xx < w / 2) == leftBright;
                img.setRGB(xx, yy, (bright != inverted) ? 0xf0f0f0 : 0x101010);
            }
        }
        ImageIO.write(img, format, file.toFile());
    }

    static void assertPng(Path file, int width, int height) throws IOException {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 8);
        assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo(width);
        assertThat(img.getHeight()).isEqualTo(height);
    }
}
