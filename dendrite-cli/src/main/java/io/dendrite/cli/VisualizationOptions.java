package io.dendrite.cli;

import io.dendrite.tensor.kernel.Threads;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the visualization commands (saliency, fool, visualize-class, style) share: the model file, the run folder they
 * write their pictures and report into, and the kernels' threads.
 */
final class VisualizationOptions {
    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "The model, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder for the pictures and report.html (default: runs/<date>-<command>).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the previous run in --out: its files are removed first"
            + " (without this, an --out that holds a run is refused).")
    boolean overwrite;

    @Option(names = "--pixel-scale", description = "Factor from 0..255 pixels to the model's inputs: 1/255, none or a"
            + " number (default: the model file's 'pixelScale').")
    String pixelScale;

    @Option(names = "--input-mean", split = ",", paramLabel = "M", description = "Mean subtracted after --pixel-scale, one"
            + " value or one per channel, e.g. ImageNet's 0.485,0.456,0.406 (default: the model file's standardization).")
    double[] inputMean;

    @Option(names = "--input-std", split = ",", paramLabel = "S", description = "Standard deviation divided by after the"
            + " mean, e.g. ImageNet's 0.229,0.224,0.225 (default: the model file's standardization).")
    double[] inputStd;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Checks the shared options; call before any work. */
    void validate() {
        OptionChecks.nonEmpty("--model-file", modelFile);
        OptionChecks.nonEmpty("--out", out);
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
    }

    /** Sets the threads, loads the model and claims the run folder: everything a command does before its work. */
    ModelImages start() throws IOException {
        Threads.set(threads);
        ModelImages model = ModelImages.load(modelFile, pixelScale, inputMean, inputStd);
        if (out != null) {
            RunFolder.claim(out, overwrite);   // a re-used --out is refused before any work
        }
        return model;
    }

    /** The run folder, created. */
    Path dir(String command) throws IOException {
        Path dir = out != null ? out : RunFolder.defaultDir(command);
        Files.createDirectories(dir);
        return dir;
    }

    /** Writes run.properties and report.html (see {@link RunFolder#writeReport}); returns the report's path. */
    Path report(Path dir, String command, Map<String, String> settings, Map<String, String> results) throws IOException {
        return RunFolder.writeReport(dir, command, modelFile, settings, results);
    }
}
