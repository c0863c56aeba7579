package io.dendrite.cli;

import io.dendrite.model.GanModels;
import io.dendrite.model.ModelStore;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.GanTrainer;
import io.dendrite.viz.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite gan sample}: images from a trained generator, as a PNG grid in a run folder with a report. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw images from a generator that gan train saved (RUN_DIR/generator.dnd): noise uniform in"
                + " [-1, 1] from --seed, one PNG grid (each image scaled to its own range, as the notebook shows them),"
                + " run.properties and report.html in --out."})
final class GanSampleCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, paramLabel = "FILE",
            description = "The generator, e.g. runs/RUN/generator.dnd.")
    Path modelFile;

    @Option(names = "--count", defaultValue = "64", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", defaultValue = "2", description = "Pixels per image pixel in the grid, 1 to 16 (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--out", description = "Folder for samples.png and the report (default: runs/<date>-gan-sample).")
    Path out;

    @Option(names = "--overwrite", description = "Replace a previous run in --out (without this, such an --out is refused).")
    boolean overwrite;

    @Option(names = "--threads", defaultValue = "0", description = "Threads for the kernels, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--count", count, 1, "a number of images >= 1");
        if (count > 10_000) {
            throw OptionChecks.invalid("--count", count, "at most 10000 images in one grid");
        }
        if (scale < 1 || scale > 16) {
            throw OptionChecks.invalid("--scale", scale, "1 to 16 pixels per image pixel");
        }
        OptionChecks.atLeast("--threads", threads, 0, "a number of threads >= 0, 0 = all cores");
        OptionChecks.nonEmpty("--out", out);
        Threads.set(threads);
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        int noiseDim;
        try {
            noiseDim = GanModels.noiseDimOf(loaded.network());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(modelFile + ": " + e.getMessage() + " — give the generator.dnd of a gan"
                    + " train run", e);
        }
        Path dir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-gan-sample");
        RunFolder.claim(dir, overwrite);
        Files.createDirectories(dir);
        Tensor images = GanTrainer.sample(loaded.network(), count, new Rng(seed));
        if (images.ndim() != 4 || (images.shape(1) != 1 && images.shape(1) != 3)) {
            throw new IllegalArgumentException(modelFile + ": the generator makes samples of shape "
                    + io.dendrite.tensor.Shapes.format(images.shape()) + ", not images (N, 1 or 3, H, W)");
        }
        Path grid = Plots.defaults().filterGrid(GanTrainer.toUnitRange(images), scale, dir.resolve(RunFolder.SAMPLES));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", "gan sample of " + loaded.metadata().getOrDefault("gan", "a generator"));
        settings.put("modelFile", modelFile.toString());
        settings.put("count", "" + count);
        settings.put("seed", "" + seed);
        settings.put("noiseDim", "" + noiseDim);
        RunFolder.writeProperties(dir, settings, Map.of("samples", grid.getFileName().toString()));
        Path report = RunFolder.rebuildReport(dir);
        System.out.println("samples  " + count + " images of " + io.dendrite.tensor.Shapes.format(images.shape())
                .replaceFirst("\\(\\d+, ", "(") + " from noise of " + noiseDim + " (seed " + seed + ")");
        System.out.println("grid     " + grid);
        System.out.println("report   " + report);
        return 0;
    }
}
