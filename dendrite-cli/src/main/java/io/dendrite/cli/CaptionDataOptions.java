package io.dendrite.cli;

import io.dendrite.data.Datasets;
import io.dendrite.data.TrainTest;
import io.dendrite.data.text.CaptionData;
import io.dendrite.data.text.Cs231nCaptions;
import io.dendrite.tensor.Rng;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the captions come from, for {@code caption train} and {@code caption sample}: MNIST digit strips (the digits
 * from {@code --data} or the cache), or cs231n's COCO captions and features ({@code --coco-npz} with {@code --vocab}).
 */
final class CaptionDataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "MNIST folder (the standard idx files) for the digit strips; default: the cache, fetched on first use.")
    Path data;

    @Option(names = "--coco-npz", paramLabel = "FILE",
            description = "cs231n's COCO captions and features converted to .npz (see docs/cli.md), instead of MNIST; needs --vocab.")
    Path cocoNpz;

    @Option(names = "--vocab", paramLabel = "FILE", description = "cs231n's coco2014_vocab.json, with --coco-npz.")
    Path vocab;

    /** True when the captions are cs231n's COCO. */
    boolean coco() {
        return cocoNpz != null;
    }

    /** One line per problem: paths not empty, --coco-npz and --vocab together, not with --data. */
    void validate() {
        OptionChecks.nonEmpty("--data", data);
        OptionChecks.nonEmpty("--coco-npz", cocoNpz);
        OptionChecks.nonEmpty("--vocab", vocab);
        if ((cocoNpz == null) != (vocab == null)) {
            throw new IllegalArgumentException(cocoNpz == null ? "--vocab goes with --coco-npz: give both, or neither for MNIST"
                    : "--coco-npz needs --vocab (cs231n's coco2014_vocab.json)");
        }
        if (cocoNpz != null && data != null) {
            throw new IllegalArgumentException("--data is the MNIST folder; with --coco-npz the features come from the"
                    + " .npz: drop one of the two");
        }
    }

    /** MNIST's training and test digits. */
    TrainTest mnist() throws IOException {
        return Datasets.load("mnist", data);
    }

    /** One split of the COCO archive, {@code train} or {@code val}. */
    CaptionData coco(String split) throws IOException {
        return Cs231nCaptions.load(cocoNpz, vocab, split);
    }

    /**
     * {@code count} captions of {@code d} (all when it has fewer) drawn without replacement by a generator seeded with
     * {@code seed}, each with its image's features: cs231n's {@code max_train} subset, without repeats.
     */
    static CaptionData.Batch pick(CaptionData d, int count, long seed) {
        int[] order = new Rng(seed).permutation(d.size());
        return d.batch(java.util.Arrays.copyOf(order, Math.min(count, order.length)));
    }

    /** What the captions are, for the console and the run's settings. */
    String describe() {
        return coco() ? "cs231n COCO " + cocoNpz.getFileName() : "MNIST digit strips";
    }
}
