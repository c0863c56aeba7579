package io.dendrite.cli;

import io.dendrite.io.onnx.OnnxCodec;
import io.dendrite.io.onnx.OnnxExport;
import io.dendrite.io.onnx.OnnxModel;
import io.dendrite.io.onnx.OnnxValueInfo;

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

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dendrite export}: a saved model's weights as a numpy {@code .npz} archive or a {@code .safetensors} file, or
 * the whole network as an ONNX model (see {@link OnnxExport}). The format is {@code --format}, else told by OUT's
 * extension, else npz.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a saved model's weights to a numpy .npz archive or a .safetensors file, one array per weight, by name,"
                + " or the whole network to an ONNX model.",
                "Every parameter (W1, b1, …, gamma1, beta1, …) and buffer (running_mean1, running_var1, …) is written"
                        + " under its name, in the model's dtype (float32 or float64).",
                "In numpy: w = np.load('OUT.npz'); w['W1']. In Python: safetensors.numpy.load_file('OUT.safetensors')."
                        + " Linear weights are (in, out), as in cs231n and the book; --layout torch writes them (out, in),"
                        + " as PyTorch's nn.Linear holds them.",
                "onnx: the inference graph, opset " + OnnxExport.OPSET + ", input 'x' of shape (N, *inputShape), output"
                        + " 'scores' (the logits; softmax models add 'probabilities'), weights named W1, b1, …; run it in"
                        + " ONNX Runtime or load it in other tools."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file, e.g. runs/RUN/model.dnd.")
    Path modelFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT",
            description = "The file to write (default: MODEL with the format's extension in place of .dnd).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "npz, safetensors or onnx (default: told by OUT's extension, else npz).")
    String format;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "dendrite",
            description = "Linear weights as (in, out) (dendrite) or transposed to (out, in) (torch) (default: ${DEFAULT-VALUE}).")
    Layout layout;

    @Option(names = "--compressed", description = "Deflate the arrays, as np.savez_compressed (default: stored, as np.savez; npz only).")
    boolean compressed;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "onnx: the shape of one sample, for a model file that records none (default: the model's).")
    String inputShape;

    @Override
    public Integer call() throws Exception {
        String chosen = format != null ? format.strip().toLowerCase(Locale.ROOT) : formatOf(out);
        if (!List.of("npz", "safetensors", "onnx").contains(chosen)) {   // before the model is read
            throw new IllegalArgumentException("unknown --format '" + chosen + "'"
                    + (format == null ? " (told by " + out.getFileName() + ")" : "") + ": expected npz, safetensors or onnx");
        }
        if (compressed && !chosen.equals("npz")) {
            throw new IllegalArgumentException("--compressed applies to npz only, not to " + chosen);
        }
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = loaded.network();
        Path target = out != null ? out : withExtension(modelFile, ".dnd", "." + chosen);
        switch (chosen) {
            case "npz" -> NpzWeights.exportTo(net, target, compressed, layout);
            case "safetensors" -> SafetensorsWeights.exportTo(net, target, layout);
            case "onnx" -> {
                exportOnnx(loaded, target);
                return 0;
            }
            default -> throw new IllegalStateException("format " + chosen + " was checked above");
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

    private void exportOnnx(ModelStore.Loaded loaded, Path target) throws IOException {
        if (layout != Layout.DENDRITE) {
            throw new IllegalArgumentException("--layout applies to npz and safetensors; an ONNX graph holds its own layout");
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
