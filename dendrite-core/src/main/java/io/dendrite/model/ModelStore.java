package io.dendrite.model;

import io.dendrite.io.ModelFile;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves any {@link Network} to a Dendrite model file ({@link ModelFile}: magic, version, the network's
 * {@link Architecture} — every layer's type and configuration —, metadata, parameters, buffers such as BatchNorm
 * running statistics, and a checksum) and loads it back into a network whose scores are bit for bit the same.
 * Writing is atomic; a network with a layer the format does not know is refused before anything is written (see
 * {@link io.dendrite.nn.LayerTypes#register} to make your own layer saveable); a corrupt or truncated file is
 * refused with a message naming it. Files that recorded only a ready-made network's spec still load.
 */
public final class ModelStore {
    private ModelStore() {
    }

    /** A loaded network with the metadata it was saved with (class names, input shape, dataset, …). */
    public record Loaded(Network network, Map<String, String> metadata) {
    }

    public static void save(Network net, Map<String, String> metadata, Path file) throws IOException {
        String architecture = Architecture.describe(net);   // fails here, before the file is touched, for an unknown layer
        ModelFile.write(file, new ModelFile.Contents(architecture, metadata, parameterValues(net), net.buffers()));
    }

    public static Loaded load(Path file) throws IOException {
        if (Files.isRegularFile(file)) {   // the stored weights, the network's copy and its gradients
            MemoryBudget.require(3 * Files.size(file), file + ": a model file of " + MemoryBudget.format(Files.size(file)),
                    "");
        }
        ModelFile.Contents c = ModelFile.read(file);
        if (CaptionModels.isCaptionModel(c.architecture())) {
            throw new IOException(file + " holds a captioning model, not a network: load it with CaptionModels.load"
                    + " (dendrite caption sample --model-file " + file + ")");
        }
        if (CharLanguageModelFile.describes(c.architecture())) {
            throw new IOException(file + ": holds a character language model, not a network — load it with"
                    + " CharLanguageModel.load, or use dendrite lm sample");
        }
        return new Loaded(rebuild(file, c.architecture(), c.parameters(), c.buffers()), c.metadata());
    }

    /**
     * The network {@code architecture} describes with the saved parameters and buffers — what {@link #load} does once
     * the file is read, and what a file holding a network beside other things (a caption model's image encoder)
     * does with its part. Every failure is an {@link IOException} naming {@code file}.
     */
    static Network rebuild(Path file, String architecture, Map<String, Tensor> parameters, Map<String, Tensor> buffers)
            throws IOException {
        long stored = requireFinite(file, parameters);
        long implied;
        try {
            implied = Architecture.impliedParameterElements(architecture);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot rebuild the network its architecture describes: " + e.getMessage(), e);
        }
        if (implied > stored) {
            throw new IOException(file + ": the architecture and the stored weights disagree: its layers need "
                    + implied + " parameter values, the file stores " + stored + " — the file is damaged or was not"
                    + " written by Dendrite; save the model again");
        }
        Network net;
        try {
            net = Architecture.build(architecture);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot rebuild the network its architecture describes: " + e.getMessage(), e);
        } catch (MemoryBudget.Exceeded e) {
            throw e.in(file.toString());
        } catch (OutOfMemoryError e) {
            throw new IOException(file + ": the network its architecture describes does not fit in the JVM's heap ("
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB) — the architecture and the stored weights"
                    + " disagree, or give it more with DENDRITE_JVM_OPTS=-Xmx8g", e);
        }
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            copyInto(file, "parameter", e.getKey(), parameters.get(e.getKey()), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : net.buffers().entrySet()) {
            copyInto(file, "buffer", e.getKey(), buffers.get(e.getKey()), e.getValue());
        }
        return net;
    }

    /** A network's parameter values by name, as model files store them. */
    static Map<String, Tensor> parameterValues(Network net) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            params.put(e.getKey(), e.getValue().value());
        }
        return params;
    }

    /**
     * Refuses a parameter holding NaN or ±∞ (naming it, the element and the likely cause); returns the number of
     * values stored.
     */
    static long requireFinite(Path file, Map<String, Tensor> parameters) throws IOException {
        long stored = 0;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor t = e.getValue().contiguous();   // read as stored: no copy in doubles of a large weight
            stored += t.size();
            for (int i = 0; i < t.size(); i++) {
                double v = t.dtype() == DType.F32 ? t.floatData()[t.offset() + i] : t.doubleData()[t.offset() + i];
                if (!Double.isFinite(v)) {
                    throw new IOException(file + ": parameter " + e.getKey() + " holds " + v + " at element " + i
                            + " — the training that wrote it diverged or the file is damaged; train the model again");
                }
            }
        }
        return stored;
    }

    /** Copies a saved tensor into the model's, refusing a missing one or another shape with the file's name. */
    static void copyInto(Path file, String kind, String name, Tensor saved, Tensor target) throws IOException {
        if (saved == null) {
            throw new IOException(file + ": the model file lacks " + kind + " " + name + " that its architecture needs");
        }
        if (!Shapes.same(saved.shape(), target.shape())) {
            throw new IOException(file + ": " + kind + " " + name + " has shape " + Shapes.format(saved.shape())
                    + ", the architecture expects " + Shapes.format(target.shape()));
        }
        target.assign(saved);
    }
}
