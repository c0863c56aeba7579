package io.dendrite.cli;

import io.dendrite.data.Idx;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.io.Npz;
import io.dendrite.model.CaptionModels;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dendrite caption train} and {@code caption sample} on tiny data the tests write themselves: an MNIST folder of
 * 300 training and 100 test digits with a pattern per class, and a cs231n-style COCO archive of random features.
 */
class CaptionCommandsTest {
    @TempDir
    static Path shared;
    static Path mnist;
    static Path conv;

    /** A small, fast run of the conv encoder and an LSTM captioner. */
    static final String[] TINY = {"caption", "train", "--train-count", "200", "--val-count", "40",
            "--encoder-digits", "200", "--encoder-epochs", "1", "--hidden", "16", "--wordvec", "8",
            "--batch-size", "50", "--threads", "1", "--samples", "6"};

    @BeforeAll
    static void trainOnce() throws IOException {
        mnist = shared.resolve("mnist");
        Files.createDirectories(mnist);
        writeSplit(mnist, "train", 300);
        writeSplit(mnist, "t10k", 100);
        conv = shared.resolve("conv");
        assertOk(run(with(TINY, "--data", mnist.toString(), "--epochs", "2", "--out", conv.toString())));
    }

    /** n digits where class c lights rows 2c … 2c+3, with some texture. */
    private static void writeSplit(Path dir, String prefix, int n) throws IOException {
        byte[] px = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean on = r / 2 >= labels[i] && r / 2 < labels[i] + 2;
                    px[i * 784 + r * 28 + c] = (byte) (on ? 200 + (i + c) % 50 : (i * 7 + r + c) % 20);
                }
            }
        }
        Idx.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), px, n, 28, 28, false);
        Idx.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, false);
    }

    static String[] with(String[] base, String... more) {
        return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
    }

    private static void assertOk(CommandsTest.Result r) {
        assertThat(r.code()).as("stderr: %s\nstdout: %s", r.err(), r.out()).isZero();
    }

    private static void assertOneLine(CommandsTest.Result r, String message) {
        assertThat(r.code()).as(r.out()).isEqualTo(r.code() == 2 ? 2 : 1);
        assertThat(r.err().strip()).contains(message).doesNotContain("Exception");
    }

    @Test
    void trainWritesTheRunFolderAndPrintsHeldOutScores() throws IOException {
        for (String f : List.of("model.dnd", "checkpoint.dnd", "history.csv", "loss.csv", "history.json",
                "run.properties", "loss.png", "accuracy.png", "captions.png", "captions.csv", "report.html")) {
            assertThat(conv.resolve(f)).as(f).isRegularFile();
        }
        String props = Files.readString(conv.resolve("run.properties"), StandardCharsets.UTF_8);
        assertThat(props).contains("result.held-out\\ BLEU-1=").contains("result.held-out\\ exact-caption\\ accuracy=")
                .contains("result.encoder\\ held-out\\ digit\\ accuracy=")
                .contains("setting.model=rnn cell\\=lstm inputDim\\=256 wordvecDim\\=8 hiddenDim\\=16");
        assertThat(Files.readAllLines(conv.resolve("history.csv")).get(0))
                .startsWith("epoch,train_exact_caption_accuracy_greedy_,val_exact_caption_accuracy_greedy_");
        List<String> captions = Files.readAllLines(conv.resolve("captions.csv"));
        assertThat(captions).hasSize(7);
        assertThat(captions.get(0)).isEqualTo("image,predicted,true");
        assertThat(captions.get(1)).matches("0,[a-z ]*,(zero|one|two|three|four|five|six|seven|eight|nine)( [a-z]+){0,3}");
        String report = Files.readString(conv.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(report).contains("Captions of held-out images").contains("held-out BLEU-1");

        CaptionModels.Loaded model = CaptionModels.load(conv.resolve("model.dnd"));
        assertThat(model.metadata()).containsEntry("dataset", "mnist").containsEntry("maxLength", "5")
                .containsEntry("imageShape", "(1, 28, 112)");
        assertThat(model.encoder().featureDim(new int[]{1, 28, 112})).isEqualTo(256);
    }

    @Test
    void theConsoleSaysWhatWasTrainedAndHowWell() {
        CommandsTest.Result r = run(with(TINY, "--data", mnist.toString(), "--epochs", "1", "--cell", "gru",
                "--encoder", "pixels", "--out", shared.resolve("pixels").toString()));
        assertOk(r);
        assertThat(r.out()).contains("model    CaptioningRnn(gru, D=3136, W=8, H=16, V=14)")
                .contains("data     MNIST strips of 1-4 digits (1, 28, 112): 200 train (training digits) / 40 held-out")
                .contains("features pixels: 3136 per image")
                .doesNotContain("encoder  conv")
                .containsPattern("held-out BLEU-1 [01]\\.\\d{4}, exact-caption accuracy [01]\\.\\d{4} \\(40 images, greedy\\)");
    }

    @Test
    void sampleCaptionsNewImagesGreedilyByBeamAndAtATemperatureReproducibly(@TempDir Path tmp) {
        String model = conv.resolve("model.dnd").toString();
        CommandsTest.Result greedy = run("caption", "sample", "--model-file", model, "--data", mnist.toString(),
                "--count", "5", "--seed", "3", "--out", tmp.toString());
        assertOk(greedy);
        assertThat(greedy.out().lines().filter(l -> l.matches("\\s+\\d  .*\\(true: .*\\)"))).hasSize(5);
        assertThat(greedy.out()).containsPattern("BLEU-1 [01]\\.\\d{4}, exact-caption accuracy [01]\\.\\d{4} \\(5 images, greedy\\)")
                .contains("images   " + tmp.resolve("samples.png"));
        assertThat(tmp.resolve("samples.png")).isRegularFile();
        assertThat(run("caption", "sample", "--model-file", model, "--data", mnist.toString(), "--count", "5",
                "--seed", "3", "--out", tmp.toString()).out()).isEqualTo(greedy.out());
        CommandsTest.Result beam1 = run("caption", "sample", "--model-file", model, "--data", mnist.toString(),
                "--count", "5", "--seed", "3", "--beam", "1", "--out", tmp.toString());
        assertThat(beam1.out()).isEqualTo(greedy.out());
        CommandsTest.Result beam = run("caption", "sample", "--model-file", model, "--data", mnist.toString(),
                "--count", "5", "--seed", "3", "--beam", "3", "--out", tmp.toString());
        assertOk(beam);
        assertThat(beam.out()).contains("(5 images, beam 3)");
        String[] hot = {"caption", "sample", "--model-file", model, "--data", mnist.toString(), "--count", "5",
                "--seed", "4", "--temperature", "2", "--out", tmp.toString()};
        CommandsTest.Result t1 = run(hot);
        assertOk(t1);
        assertThat(t1.out()).contains("(5 images, temperature 2.0)");
        assertThat(run(hot).out()).isEqualTo(t1.out());
    }

    @Test
    void resumeContinuesTheRunFromItsCheckpoint(@TempDir Path tmp) throws IOException {
        Path one = tmp.resolve("one");
        assertOk(run(with(TINY, "--data", mnist.toString(), "--epochs", "1", "--out", one.toString())));
        CommandsTest.Result r = run("caption", "train", "--resume", one.toString(), "--epochs", "2");
        assertOk(r);
        assertThat(r.out()).contains("resume   " + one + " after epoch 1 of 2").contains("--epochs 2 (the run's: 1)");
        assertThat(Files.readString(one.resolve("loss.csv"))).isEqualTo(Files.readString(conv.resolve("loss.csv")));
        CommandsTest.Result conflict = run("caption", "train", "--resume", one.toString(), "--hidden", "32");
        assertOneLine(conflict, "--hidden 32 differs from the run's 16");
    }

    @Test
    void cocoFeaturesFromCs231nsFilesTrainAndSample(@TempDir Path tmp) throws IOException {
        Vocabulary vocabulary = Vocabulary.of(List.of("a", "man", "dog", "on", "the", "beach"));
        Path vocab = tmp.resolve("coco2014_vocab.json");
        Files.writeString(vocab, vocabulary.toJson(), StandardCharsets.UTF_8);
        Rng rng = new Rng(1);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        for (String split : List.of("train", "val")) {
            int images = 30, captions = 60;
            double[] ids = new double[captions * 8];
            double[] imageIdxs = new double[captions];
            for (int c = 0; c < captions; c++) {
                imageIdxs[c] = c % images;
                int words = 1 + rng.nextInt(5);
                ids[c * 8] = Vocabulary.START_ID;
                for (int w = 1; w <= words; w++) {
                    ids[c * 8 + w] = 4 + (c + w) % 6;
                }
                ids[c * 8 + words + 1] = Vocabulary.END_ID;
            }
            arrays.put(split + "_captions", Tensor.of(ids, captions, 8).to(DType.F32));
            arrays.put(split + "_image_idxs", Tensor.of(imageIdxs, captions));
            arrays.put(split + "_features", Tensor.randn(rng, DType.F32, images, 12));
        }
        Path npz = tmp.resolve("coco2014.npz");
        Npz.write(npz, arrays);
        Path out = tmp.resolve("coco");
        CommandsTest.Result r = run("caption", "train", "--coco-npz", npz.toString(), "--vocab", vocab.toString(),
                "--train-count", "50", "--val-count", "20", "--epochs", "2", "--hidden", "8", "--wordvec", "4",
                "--batch-size", "10", "--cell", "rnn", "--out", out.toString());
        assertOk(r);
        assertThat(r.out()).contains("data     cs231n COCO coco2014.npz: 50 of 60 training / 20 of 60 validation captions,"
                + " features (12,), 10 words").contains("(20 images, greedy)");
        assertThat(out.resolve("captions.csv")).isRegularFile();
        assertThat(out.resolve("captions.png")).doesNotExist();
        assertThat(Files.readAllLines(out.resolve("history.csv")).get(0)).contains("bleu_1_greedy_");
        CommandsTest.Result s = run("caption", "sample", "--model-file", out.resolve("model.dnd").toString(),
                "--coco-npz", npz.toString(), "--vocab", vocab.toString(), "--count", "3", "--beam", "2");
        assertOk(s);
        assertThat(s.out()).contains("(3 images, beam 2)").doesNotContain("images   ");
        assertOneLine(run("caption", "sample", "--model-file", out.resolve("model.dnd").toString()),
                "was trained on given features (COCO): give --coco-npz and --vocab");
    }

    @Test
    void badOptionsAreRefusedInOneLineBeforeAnyWork(@TempDir Path tmp) throws IOException {
        assertOneLine(run("caption", "train", "--cell", "tree"), "invalid --cell tree (expected rnn, lstm or gru)");
        assertOneLine(run("caption", "train", "--encoder", "vgg"), "invalid --encoder vgg (expected conv or pixels)");
        assertOneLine(run("caption", "train", "--model", "vit"), "invalid --model vit (expected rnn or transformer");
        assertOneLine(run("caption", "train", "--hidden", "0"), "invalid --hidden 0 (expected a hidden size >= 1)");
        assertOneLine(run("caption", "train", "--lr-decay", "1.5"), "invalid --lr-decay 1.5");
        assertOneLine(run("caption", "train", "--clip-norm", "-1"), "invalid --clip-norm -1.0");
        assertOneLine(run("caption", "train", "--coco-npz", "x.npz"), "--coco-npz needs --vocab");
        assertOneLine(run("caption", "train", "--coco-npz", "x.npz", "--vocab", "v.json", "--encoder", "pixels"),
                "--encoder encodes MNIST images; with --coco-npz the features are cs231n's");
        assertOneLine(run("caption", "train", "--out", conv.toString()), "holds a previous run");
        String model = conv.resolve("model.dnd").toString();
        assertOneLine(run("caption", "sample", "--model-file", model, "--beam", "2", "--temperature", "1"),
                "give one of the two");
        assertOneLine(run("caption", "sample", "--model-file", model, "--temperature", "0"), "invalid --temperature 0.0");
        assertOneLine(run("caption", "sample", "--model-file", tmp.resolve("none.dnd").toString()), "no such file");
        assertOneLine(run("caption", "sample", "--model-file", model, "--count", "0"), "invalid --count 0");
        Path network = tmp.resolve("net");
        Files.copy(conv.resolve("model.dnd"), tmp.resolve("copy.dnd"), StandardCopyOption.REPLACE_EXISTING);
        assertOneLine(run("eval", "--model-file", tmp.resolve("copy.dnd").toString()), "holds a captioning model");
        assertThat(network).doesNotExist();
    }
}
