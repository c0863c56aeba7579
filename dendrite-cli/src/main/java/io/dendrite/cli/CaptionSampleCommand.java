package io.dendrite.cli;

import io.dendrite.data.text.CaptionData;
import io.dendrite.data.text.CaptionMetrics;
import io.dendrite.data.text.MnistCaptions;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.model.CaptionModel;
import io.dendrite.model.CaptionModels;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.viz.CaptionSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dendrite caption sample}: captions new held-out images with a trained captioner — MNIST strips of test digits
 * made from {@code --seed} and encoded by the model's own encoder, or COCO validation captions' features — greedily, by
 * beam search or at a temperature; prints each caption beside the true one, and for images writes the first
 * {@value #PNG_IMAGES} with their captions to {@value #PNG}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Caption held-out images with a model from dendrite caption train: MNIST strips of test digits"
                + " (the seed picks them), or with --coco-npz and --vocab COCO validation features.",
                "Prints each caption with the true one, BLEU-1 and exact-caption accuracy; for MNIST writes the first "
                        + CaptionSampleCommand.PNG_IMAGES + " images with their captions to " + CaptionSampleCommand.PNG
                        + "."})
final class CaptionSampleCommand implements Callable<Integer> {
    /** The picture of the sampled images and captions. */
    static final String PNG = "samples.png";
    /** Images the picture shows at most: the first ones (a picture of thousands would be unreadable). */
    static final int PNG_IMAGES = 24;

    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "model.dnd of a caption train run.")
    Path modelFile;

    @Mixin
    CaptionDataOptions data = new CaptionDataOptions();

    @Option(names = "--count", defaultValue = "8", description = "Images to caption (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--beam", defaultValue = "1",
            description = "Beam width: 1 = greedy, more = beam search over summed log-probabilities (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Draw every word from softmax(scores / T) instead of decoding greedily (seeded by --seed).")
    Double temperature;

    @Option(names = "--max-length", defaultValue = "0",
            description = "Most words of a caption, 0 = as long as the training captions (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--seed", defaultValue = "0", description = "Picks the images, and seeds --temperature (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of " + PNG + " (default: the model file's folder).")
    Path out;

    @Override
    public Integer call() throws Exception {
        validate();
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("--model-file " + modelFile + ": no such file; give the model.dnd of a"
                    + " dendrite caption train run");
        }
        CaptionModels.Loaded loaded = CaptionModels.load(modelFile);
        CaptionModel model = loaded.model();
        Vocabulary vocabulary = model.vocabulary();
        int length = maxLength > 0 ? maxLength : Integer.parseInt(loaded.metadata().getOrDefault("maxLength",
                Integer.toString(MnistCaptions.CAPTION_LENGTH - 1)));
        Tensor images = null;
        Tensor features;
        int[][] truth;
        if (loaded.encoder() != null) {
            if (data.coco()) {
                throw new IllegalArgumentException("--model-file " + modelFile + " captions MNIST images (it holds an"
                        + " image encoder); drop --coco-npz and --vocab");
            }
            CaptionData d = MnistCaptions.generate(data.mnist().test(), count, seed);
            int[] shape = Arrays.copyOfRange(d.features().shape(), 1, d.features().ndim());
            if (loaded.encoder().featureDim(shape) != model.inputDim()) {
                throw new IllegalArgumentException("--model-file " + modelFile + ": its encoder makes "
                        + loaded.encoder().featureDim(shape) + " features of images " + Shapes.format(shape)
                        + ", its captioner reads " + model.inputDim());
            }
            images = d.features();
            features = loaded.encoder().encode(images).to(model.dtype());
            truth = d.captions();
        } else {
            if (!data.coco()) {
                throw new IllegalArgumentException("--model-file " + modelFile + " was trained on given features"
                        + " (COCO): give --coco-npz and --vocab to caption their validation split");
            }
            CaptionData.Batch b = CaptionDataOptions.pick(data.coco("val"), count, seed);
            features = b.features().to(model.dtype());
            truth = b.captions();
        }
        String mode;
        int[][] captions;
        if (temperature != null) {
            captions = model.sample(features, length, temperature, new Rng(seed));
            mode = "temperature " + temperature;
        } else if (beam > 1) {
            captions = model.sampleBeam(features, beam, length);
            mode = "beam " + beam;
        } else {
            captions = model.sample(features, length);
            mode = "greedy";
        }
        int[][] refs = new int[truth.length][];
        List<CaptionSamples.Sample> shown = new ArrayList<>();
        for (int i = 0; i < captions.length; i++) {
            refs[i] = Arrays.copyOfRange(truth[i], 1, truth[i].length);
            String said = vocabulary.decodeToString(captions[i]);
            String expected = vocabulary.decodeToString(refs[i]);
            System.out.printf(Locale.ROOT, "%3d  %s   (true: %s)%n", i + 1, said, expected);
            if (images != null && i < PNG_IMAGES) {
                shown.add(new CaptionSamples.Sample(images.slice(i, i + 1).reshape(Arrays.copyOfRange(images.shape(), 1,
                        images.ndim())), said, expected));
            }
        }
        System.out.printf(Locale.ROOT, "BLEU-1 %.4f, exact-caption accuracy %.4f (%d images, %s)%n",
                CaptionMetrics.meanBleu1(captions, refs, vocabulary), CaptionMetrics.exactAccuracy(captions, refs, vocabulary),
                captions.length, mode);
        if (images != null) {
            Path dir = out != null ? out : modelFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path png = CaptionSamples.of("Captions (" + mode + ") of held-out images", shown).write(dir.resolve(PNG));
            System.out.println("images   " + png);
        }
        return 0;
    }

    private void validate() {
        data.validate();
        OptionChecks.nonEmpty("--model-file", modelFile);
        OptionChecks.nonEmpty("--out", out);
        OptionChecks.atLeast("--count", count, 1, "a number of images >= 1");
        OptionChecks.atLeast("--beam", beam, 1, "a beam width >= 1");
        OptionChecks.atLeast("--max-length", maxLength, 0, "a number of words >= 1, or 0 for the training length");
        if (temperature != null) {
            OptionChecks.positive("--temperature", temperature, "a finite temperature > 0");
            if (beam > 1) {
                throw new IllegalArgumentException("--temperature draws words at random, --beam searches: give one of"
                        + " the two");
            }
        }
    }
}
