package io.dendrite.cli;

import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.model.NpzWeights;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite export}: a saved model's weights as a numpy {@code .npz} archive. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a saved model's weights to a numpy .npz archive, one array per weight, by name.",
                "Every parameter (W1, b1, …, gamma1, beta1, …) and buffer (running_mean1, running_var1, …) is written"
                        + " under its name, in the model's dtype (float32 or float64).",
                "In numpy: w = np.load('OUT.npz'); w['W1']. Linear weights are (in, out), as in cs231n and the book."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT",
            description = "The .npz archive to write (default: MODEL with .npz in place of .dnd).")
    Path out;

    @Option(names = "--compressed", description = "Deflate the arrays, as np.savez_compressed (default: stored, as np.savez).")
    boolean compressed;

    @Override
    public Integer call() throws Exception {
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = loaded.network();
        Path target = out != null ? out : withExtension(modelFile, ".dnd", ".npz");
        NpzWeights.exportTo(net, target, compressed);
        Map<String, Tensor> arrays = NpzWeights.arrays(net);
        System.out.println("model    " + net.spec());
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = e.getValue();
            System.out.printf(Locale.ROOT, "  %-14s %-16s %s%n", e.getKey(), Shapes.format(t.shape()),
                    t.dtype() == DType.F32 ? "float32" : "float64");
        }
        System.out.println("wrote    " + arrays.size() + " arrays to " + target);
        return 0;
    }

    /** {@code file} with {@code from} replaced by {@code to} at the end of its name, or {@code to} appended. */
    static Path withExtension(Path file, String from, String to) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(from) ? name.substring(0, name.length() - from.length()) : name;
        return file.resolveSibling(stem + to);
    }
}
