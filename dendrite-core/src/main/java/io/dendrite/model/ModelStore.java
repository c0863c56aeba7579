package io.dendrite.model;

import io.dendrite.io.ModelFile;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
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
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            params.put(e.getKey(), e.getValue().value());
        }
        String architecture = Architecture.describe(net);   // fails here, before the file is touched, for an unknown layer
        ModelFile.write(file, new ModelFile.Contents(architecture, metadata, params, net.buffers()));
    }

    public static Loaded load(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        if (CharLanguageModelFile.describes(c.architecture())) {
            throw new IOException(file + ": holds a character language model, not a network — load it with"
                    + " CharLanguageModel.load, or use dendrite lm sample");
        }
        long stored = 0;
        for (Map.Entry<String, Tensor> e : c.parameters().entrySet()) {
            stored += e.getValue().size();
            double[] values = e.getValue().toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IOException(file + ": parameter " + e.getKey() + " holds " + values[i] + " at element " + i
                            + " — the training that wrote it diverged or the file is damaged; train the model again");
                }
            }
        }
        long implied = Architecture.impliedParameterElements(c.architecture());
        if (implied > stored) {
            throw new IOException(file + ": the architecture and the stored weights disagree: its layers need "
                    + implied + " parameter values, the file stores " + stored + " — the file is damaged or was not"
                    + " written by Dendrite; save the model again");
        }
        Network net;
        try {
            net = Architecture.build(c.architecture());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot rebuild the network '" + c.architecture() + "': " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new IOException(file + ": the network its architecture describes does not fit in the JVM's heap ("
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB) — the architecture and the stored weights"
                    + " disagree, or give it more with DENDRITE_JVM_OPTS=-Xmx8g", e);
        }
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            copyInto(file, "parameter", e.getKey(), c.parameters().get(e.getKey()), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : net.buffers().entrySet()) {
            copyInto(file, "buffer", e.getKey(), c.buffers().get(e.getKey()), e.getValue());
        }
        return new Loaded(net, c.metadata());
    }

    private static void copyInto(Path file, String kind, String name, Tensor saved, Tensor target) throws IOException {
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
