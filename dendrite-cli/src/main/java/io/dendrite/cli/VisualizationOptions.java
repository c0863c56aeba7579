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
        ModelImages model = ModelImages.load(modelFile);
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
