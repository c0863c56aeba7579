package io.dendrite.cli;

import io.dendrite.io.onnx.OnnxCodec;
import io.dendrite.io.onnx.OnnxExport;
import io.dendrite.io.onnx.OnnxModel;
import io.dendrite.io.onnx.OnnxValueInfo;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.model.NpzWeights;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite export}: a saved model's weights as a numpy {@code .npz} archive, or the whole network as an ONNX
 * model ({@code --format onnx}, see {@link OnnxExport}).
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a saved model's weights to a numpy .npz archive, one array per weight, by name, or the whole"
                + " network to an ONNX model (--format onnx).",
                "npz: every parameter (W1, b1, …, gamma1, beta1, …) and buffer (running_mean1, running_var1, …) is written"
                        + " under its name, in the model's dtype (float32 or float64).",
                "In numpy: w = np.load('OUT.npz'); w['W1']. Linear weights are (in, out), as in cs231n and the book.",
                "onnx: the inference graph, opset " + OnnxExport.OPSET + ", input 'x' of shape (N, *inputShape), output"
                        + " 'scores' (the logits; softmax models add 'probabilities'), weights named W1, b1, …; run it in"
                        + " ONNX Runtime or load it in other tools."})
final class ExportCommand implements Callable<Integer> {
    /** The formats of --format; the default is npz, or the one OUT's extension names. */
    static final List<String> FORMATS = List.of("npz", "onnx");

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT",
            description = "The file to write (default: MODEL with .npz or .onnx in place of .dnd).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "npz or onnx (default: from OUT's extension, else npz).")
    String format;

    @Option(names = "--compressed", description = "npz: deflate the arrays, as np.savez_compressed (default: stored, as np.savez).")
    boolean compressed;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "onnx: the shape of one sample, for a model file that records none (default: the model's).")
    String inputShape;

    @Override
    public Integer call() throws Exception {
        String f = format(format, out);
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = loaded.network();
        Path target = out != null ? out : withExtension(modelFile, ".dnd", "." + f);
        switch (f) {
            case "npz" -> exportNpz(net, target);
            case "onnx" -> exportOnnx(loaded, target);
            default -> throw new IllegalArgumentException("unknown --format '" + format + "' (expected one of "
                    + String.join(", ", FORMATS) + ")");
        }
        return 0;
    }

    /** The format: --format when given, else the one OUT's extension names, else npz. */
    static String format(String option, Path out) {
        if (option != null) {
            String f = option.toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(f)) {
                throw new IllegalArgumentException("unknown --format '" + option + "' (expected one of " + String.join(", ", FORMATS) + ")");
            }
            return f;
        }
        if (out != null) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            for (String f : FORMATS) {
                if (name.endsWith("." + f)) {
                    return f;
                }
            }
        }
        return "npz";
    }

    private void exportNpz(Network net, Path target) throws IOException {
        NpzWeights.exportTo(net, target, compressed);
        Map<String, Tensor> arrays = NpzWeights.arrays(net);
        System.out.println("model    " + net.spec());
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            Tensor t = e.getValue();
            System.out.printf(Locale.ROOT, "  %-14s %-16s %s%n", e.getKey(), Shapes.format(t.shape()),
                    t.dtype() == DType.F32 ? "float32" : "float64");
        }
        System.out.println("wrote    " + arrays.size() + " arrays to " + target);
    }

    private void exportOnnx(ModelStore.Loaded loaded, Path target) throws IOException {
        if (compressed) {
            throw new IllegalArgumentException("--compressed applies to npz archives only");
        }
        Network net = loaded.network();
        int[] shape = inputShape != null ? SavedModels.parseShape(inputShape) : SavedModels.inputShape(loaded);
        OnnxModel model = OnnxExport.toModel(net, shape);
        OnnxCodec.write(model, target);
        System.out.println("model    " + net.spec());
        for (OnnxValueInfo v : model.graph().inputs()) {
            System.out.println("  input  " + v.name() + " " + dims(v));
        }
        for (OnnxValueInfo v : model.graph().outputs()) {
            System.out.println("  output " + v.name() + " " + dims(v));
        }
        System.out.println("wrote    ONNX opset " + OnnxExport.OPSET + ", " + model.graph().nodes().size() + " nodes, "
                + model.graph().initializers().size() + " weights (" + (net.dtype() == DType.F32 ? "float32" : "float64")
                + ") to " + target);
    }

    private static String dims(OnnxValueInfo v) {
        return "(" + String.join(", ", v.dims().stream().map(Object::toString).toList()) + ")";
    }

    /** {@code file} with {@code from} replaced by {@code to} at the end of its name, or {@code to} appended. */
    static Path withExtension(Path file, String from, String to) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(from) ? name.substring(0, name.length() - from.length()) : name;
        return file.resolveSibling(stem + to);
    }
}
