package io.dendrite.cli;

import io.dendrite.io.FileKind;
import io.dendrite.model.Layout;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.model.NpzWeights;
import io.dendrite.model.SafetensorsWeights;
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

/**
 * {@code dendrite export}: a saved model's weights as a numpy {@code .npz} archive or a {@code .safetensors} file.
 * The format is {@code --format}, else told by OUT's extension, else npz.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a saved model's weights to a numpy .npz archive or a .safetensors file, one array per weight, by name.",
                "Every parameter (W1, b1, …, gamma1, beta1, …) and buffer (running_mean1, running_var1, …) is written"
                        + " under its name, in the model's dtype (float32 or float64).",
                "In numpy: w = np.load('OUT.npz'); w['W1']. In Python: safetensors.numpy.load_file('OUT.safetensors')."
                        + " Linear weights are (in, out), as in cs231n and the book; --layout torch writes them (out, in),"
                        + " as PyTorch's nn.Linear holds them."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT",
            description = "The file to write (default: MODEL with the format's extension in place of .dnd).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "npz or safetensors (default: told by OUT's extension, else npz).")
    String format;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "dendrite",
            description = "Linear weights as (in, out) (dendrite) or transposed to (out, in) (torch) (default: ${DEFAULT-VALUE}).")
    Layout layout;

    @Option(names = "--compressed", description = "Deflate the arrays, as np.savez_compressed (default: stored, as np.savez; npz only).")
    boolean compressed;

    @Override
    public Integer call() throws Exception {
        String chosen = format != null ? format.strip().toLowerCase(Locale.ROOT) : formatOf(out);
        if (compressed && !chosen.equals("npz")) {
            throw new IllegalArgumentException("--compressed applies to npz only, not to " + chosen);
        }
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = loaded.network();
        Path target = out != null ? out : withExtension(modelFile, ".dnd", "." + chosen);
        switch (chosen) {
            case "npz" -> NpzWeights.exportTo(net, target, compressed, layout);
            case "safetensors" -> SafetensorsWeights.exportTo(net, target, layout);
            default -> throw new IllegalArgumentException("unknown format '" + chosen + "'"
                    + (format == null ? " (told by " + out.getFileName() + ")" : "") + ": expected npz or safetensors");
        }
        Map<String, Tensor> arrays = SafetensorsWeights.arrays(net, layout);
        System.out.println("model    " + net.spec());
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = e.getValue();
            System.out.printf(Locale.ROOT, "  %-14s %-16s %s%n", e.getKey(), Shapes.format(t.shape()),
                    t.dtype() == DType.F32 ? "float32" : "float64");
        }
        System.out.println("wrote    " + arrays.size() + " arrays to " + target
                + (layout == Layout.TORCH ? " (Linear weights (out, in), layout torch)" : ""));
        return 0;
    }

    /** The format OUT's extension tells ("safetensors" for .safetensors, …), npz when OUT is absent or says none. */
    static String formatOf(Path out) {
        if (out == null) {
            return "npz";
        }
        FileKind kind = FileKind.byExtension(out);
        return kind == FileKind.UNKNOWN || kind == FileKind.MODEL || kind == FileKind.NPY ? "npz" : kind.extension().substring(1);
    }

    /** {@code file} with {@code from} replaced by {@code to} at the end of its name, or {@code to} appended. */
    static Path withExtension(Path file, String from, String to) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(from) ? name.substring(0, name.length() - from.length()) : name;
        return file.resolveSibling(stem + to);
    }
}
