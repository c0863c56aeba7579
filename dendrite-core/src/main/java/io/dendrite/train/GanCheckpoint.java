package io.dendrite.train;

import io.dendrite.io.ModelFile;
import io.dendrite.model.Architecture;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link GanTrainer}'s progress in one {@link ModelFile}, written atomically after every epoch with the machinery
 * of the Solver's {@link Checkpoint}: both networks' parameters and buffers under {@code G/} and {@code D/}, both update
 * rules' states ({@code state/G/W1/m}, …, steps in the metadata), the training-noise generator ({@code rng/noise}) and
 * the networks' own generators ({@code rng/G/…}, {@code rng/D/…}), the epoch, the loss and epoch histories, the
 * networks' architectures and the run's options ({@code option/NAME}). The metadata key {@value #MARKER} (the losses'
 * name) tells it from a Solver's checkpoint. Restoring it and training on gives the run that never stopped: the
 * batches of epoch k come from (seed, k), the noise from the restored generator.
 */
final class GanCheckpoint {
    /** Metadata key that marks a GAN checkpoint; its value is the losses' name. */
    static final String MARKER = "gan";
    private static final String G = "G/", D = "D/";

    private GanCheckpoint() {
    }

    static void write(Path file, GanTrainer t) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MARKER, t.loss().toString());
        meta.put("epoch", Integer.toString(t.epoch()));
        GanHistory h = t.history();
        meta.put("dLoss", Checkpoint.join(h.discriminatorLoss()));
        meta.put("gLoss", Checkpoint.join(h.generatorLoss()));
        meta.put("epochs", Checkpoint.joinRows(t.epochRows()));
        meta.put("architecture/G", Architecture.describe(t.generator()));
        meta.put("architecture/D", Architecture.describe(t.discriminator()));
        Map<String, Tensor> params = new LinkedHashMap<>();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        put(G, t.generator(), params, buffers);
        put(D, t.discriminator(), params, buffers);
        Checkpoint.putStates(G, t.generatorOptimizer(), meta, buffers);
        Checkpoint.putStates(D, t.discriminatorOptimizer(), meta, buffers);
        Checkpoint.putGenerators("", Map.of("noise", t.noiseGenerator()), meta);
        Checkpoint.putGenerators(G, t.generator().generators(), meta);
        Checkpoint.putGenerators(D, t.discriminator().generators(), meta);
        t.options().forEach((name, value) -> meta.put(Checkpoint.OPTION + name, value));
        ModelFile.write(file, new ModelFile.Contents("", meta, params, buffers));
    }

    private static void put(String prefix, Network net, Map<String, Tensor> params, Map<String, Tensor> buffers) {
        net.params().forEach((name, p) -> params.put(prefix + name, p.value()));
        net.buffers().forEach((name, b) -> buffers.put(prefix + name, b));
    }

    /** The options recorded in {@code file}. */
    static Map<String, String> options(Path file) throws IOException {
        return Checkpoint.options(read(file));
    }

    /** Reads {@code file}, refusing a model file or a Solver's checkpoint in one line that names it. */
    private static ModelFile.Contents read(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        if (!c.metadata().containsKey(MARKER)) {
            boolean solver = c.metadata().containsKey("learningRate");
            throw new IOException(file + " is " + (solver ? "the checkpoint of a train run" : "a model file")
                    + ", not the checkpoint of a GAN run; give the folder that dendrite gan train wrote");
        }
        return c;
    }

    static void restore(Path file, GanTrainer t) throws IOException {
        ModelFile.Contents c = read(file);
        Map<String, String> m = c.metadata();
        // everything is checked before anything changes: a refused resume leaves the trainer as it was
        if (!t.loss().toString().equals(m.get(MARKER))) {
            throw new IOException(file + ": the run trained with " + m.get(MARKER) + " losses, this one with " + t.loss());
        }
        sameArchitecture(file, "generator", m.get("architecture/G"), t.generator());
        sameArchitecture(file, "discriminator", m.get("architecture/D"), t.discriminator());
        checkParams(file, G, t.generator(), c);
        checkParams(file, D, t.discriminator(), c);
        restoreNetwork(G, t.generator(), c);
        restoreNetwork(D, t.discriminator(), c);
        Checkpoint.restoreStates(file, G, t.generatorOptimizer(), c);
        Checkpoint.restoreStates(file, D, t.discriminatorOptimizer(), c);
        Checkpoint.restoreGenerators(file, "", Map.of("noise", t.noiseGenerator()), c);
        Checkpoint.restoreGenerators(file, G, t.generator().generators(), c);
        Checkpoint.restoreGenerators(file, D, t.discriminator().generators(), c);
        t.restoreProgress(Checkpoint.integer(file, "epoch", m.get("epoch")), Checkpoint.splitList(m.get("dLoss")),
                Checkpoint.splitList(m.get("gLoss")), Checkpoint.splitRows(m.get("epochs")));
    }

    private static void sameArchitecture(Path file, String which, String saved, Network net) throws IOException {
        String now = Architecture.describe(net);
        if (saved != null && !saved.equals(now)) {
            throw new IOException(file + ": the checkpoint's " + which + " is another network (" + firstDifference(saved, now)
                    + ") — resume with the --model the run was started with");
        }
    }

    /** The first line where the two architectures differ, "checkpoint: … / this run: …". */
    private static String firstDifference(String saved, String now) {
        String[] a = saved.split("\n"), b = now.split("\n");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i].trim() : "(nothing)", y = i < b.length ? b[i].trim() : "(nothing)";
            if (!x.equals(y)) {
                return "checkpoint: " + x + "; this run: " + y;
            }
        }
        return "they differ";
    }

    private static void checkParams(Path file, String prefix, Network net, ModelFile.Contents c) throws IOException {
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            Tensor saved = c.parameters().get(prefix + e.getKey());
            if (saved == null) {
                throw new IOException(file + ": checkpoint has no parameter " + prefix + e.getKey()
                        + "; was it written for another GAN?");
            }
            if (!Shapes.same(saved.shape(), e.getValue().value().shape())) {
                throw new IOException(file + ": parameter " + prefix + e.getKey() + " has shape " + Shapes.format(saved.shape())
                        + " in the checkpoint but " + Shapes.format(e.getValue().value().shape()) + " in the network");
            }
        }
    }

    private static void restoreNetwork(String prefix, Network net, ModelFile.Contents c) {
        net.params().forEach((name, p) -> p.value().assign(c.parameters().get(prefix + name)));
        for (Map.Entry<String, Tensor> e : net.buffers().entrySet()) {
            Tensor saved = c.buffers().get(prefix + e.getKey());
            if (saved != null) {
                e.getValue().assign(saved);
            }
        }
    }
}
