package io.dendrite.io.onnx;

import io.dendrite.model.Network;
import io.dendrite.nn.LayerTypes;
import io.dendrite.nn.Loss;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Network} from an ONNX model: the operators {@link OnnxExport} writes, so that Dendrite's own
 * exports and models exported from PyTorch ({@code torch.onnx.export} of an {@code nn.Sequential} of Conv2d, ReLU,
 * MaxPool2d, Flatten, Linear, BatchNorm, …, in evaluation mode) load, score alike and fine-tune with the Solver.
 *
 * <p>What is read: the one graph input (FLOAT → an F32 network, DOUBLE → F64; its dimensions after the batch give
 * the input shape and must be sizes, not names), the main output ("scores" when there is one, else the first
 * output) and the nodes it depends on, which must form a chain of layers with residual additions:
 * <pre>
 *   Gemm              Linear; transB=1 (PyTorch's (out, in) weight) is transposed into Dendrite's (in, out);
 *                     alpha and beta are folded into weight and bias
 *   MatMul [+ Add]    Linear (weight (in, out)), the Add of a constant right after it being the bias
 *   Conv              Conv2d (2-D, group 1, no dilation, one stride, the same pad on all sides)
 *   MaxPool, AveragePool              MaxPool2d, AvgPool2d (no padding, floor)
 *   Relu, Sigmoid, Tanh, LeakyRelu    ReLU, Sigmoid, Tanh, LeakyReLU
 *   BatchNormalization                BatchNorm on (N, D), BatchNorm2d on (N, C, H, W), with the running statistics
 *   LayerNormalization                LayerNorm on (N, D) over axis 1
 *   Flatten (axis 1), Reshape to (N, D)   Flatten
 *   Dropout           Dropout with the model's ratio     Identity    nothing
 *   LRN               LocalResponseNorm (odd sizes)
 *   Add(x, f(x))      Residual(f): the layers since x become the block's body
 *   Softmax, LogSoftmax as the last node: dropped — Dendrite's scores are logits; the SoftmaxCrossEntropy loss
 *                     applies the softmax (argmax, and so predictions, are unchanged)
 *   Constant          its value, usable where an initializer is
 * </pre>
 * Parameters get Dendrite's names (W1, b1, …) whatever the file calls them. The loss and the regularization
 * strength come from the metadata Dendrite's export writes, else softmax cross-entropy and 0. Anything else
 * fails with an {@link OnnxImportException} naming the file and each node concerned; a damaged file fails
 * with a {@link io.dendrite.io.FileFormatException} naming the byte.
 */
public final class OnnxImport {
    /** Operators of the default domain that import. */
    static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Add", "Conv", "MaxPool", "AveragePool", "Relu",
            "Sigmoid", "Tanh", "LeakyRelu", "BatchNormalization", "LayerNormalization", "Flatten", "Reshape", "Dropout",
            "Identity", "LRN", "Softmax", "LogSoftmax", "Constant");
    /** The oldest default-domain opset read (BatchNormalization and Dropout took their current form in 7). */
    static final long MIN_OPSET = 7;

    /**
     * A network read from an ONNX file.
     *
     * @param network    the network, in evaluation mode
     * @param numClasses the size of the scores of one sample (when they are a vector), else 0
     * @param notes      what was changed on the way, one line each (a dropped final Softmax, folded alpha, …)
     * @param model      the file's model, for producer and metadata
     */
    public record Imported(Network network, int numClasses, List<String> notes, OnnxModel model) {
    }

    private OnnxImport() {
    }

    /** The network of the ONNX file {@code file}. */
    public static Network read(Path file) throws IOException {
        return load(file).network();
    }

    /** The network of the ONNX file {@code file}, with what the import changed. */
    public static Imported load(Path file) throws IOException {
        return fromModel(OnnxCodec.read(file), file.toString());
    }

    /** The network of a decoded model; {@code source} names it in errors. */
    public static Imported fromModel(OnnxModel model, String source) throws OnnxImportException {
        try {
            return build(model, source);
        } catch (IllegalArgumentException e) {     // a layer or the network refusing a value the file holds
            throw new OnnxImportException(source, e.getMessage());
        }
    }

    private static Imported build(OnnxModel model, String source) throws OnnxImportException {
        OnnxGraph g = model.graph();
        long opset = model.defaultOpset();
        if (opset == 0) {
            throw new OnnxImportException(source, "the model imports no default ONNX operator set (opset_import) —"
                    + " every ONNX model names one; is the file cut short?");
        }
        if (opset < MIN_OPSET) {
            throw new OnnxImportException(source, "the model uses ONNX opset " + opset + "; Dendrite reads opset "
                    + MIN_OPSET + " and later");
        }
        Map<String, OnnxTensor> constants = new HashMap<>(g.initializers());
        OnnxValueInfo input = ImportInput.single(g, source);
        DType dtype = ImportInput.dtype(input, source);
        int[] sampleShape = ImportInput.sampleShape(input, source);
        String output = mainOutput(g, source);

        List<Integer> needed = needed(g, output, input.name(), source);
        List<String> notes = new ArrayList<>();
        unsupported(g, needed, source);
        ImportLayers convert = new ImportLayers(source, constants, dtype, notes);
        ImportChain chain = new ImportChain(convert, constants, input.name(), sampleShape);
        for (int k = 0; k < needed.size(); k++) {
            int i = needed.get(k);
            OnnxNode n = g.nodes().get(i);
            if (implicitFlatten(g, needed, k)) {
                chain.pass(n, i);        // Dendrite's Linear flattens its input itself
                continue;
            }
            switch (n.opType()) {
                case "Constant" -> constants.put(n.outputs().get(0), ImportInput.constantValue(n, i, convert));
                case "Softmax", "LogSoftmax" -> {
                    if (k != needed.size() - 1) {
                        throw convert.error(n, i, "is not the last node; Dendrite has no softmax layer (its loss applies it)");
                    }
                    notes.add("dropped the final node " + n.describe(i) + ": Dendrite's scores are the logits before it,"
                            + " and SoftmaxCrossEntropy applies the softmax");
                }
                default -> chain.add(n, i);
            }
        }
        if (chain.layers().isEmpty()) {
            throw new OnnxImportException(source, "the graph computes '" + output + "' without any layer Dendrite could build");
        }
        Network net = Network.builder().add(chain.layers()).loss(loss(model, notes)).reg(reg(model))
                .inputShape(sampleShape).build();
        net.layers().setTraining(false);
        int[] out = chain.shape();
        return new Imported(net, out.length == 1 ? out[0] : 0, List.copyOf(notes), model);
    }

    /**
     * Whether needed node k is the Flatten that Dendrite's export writes before the Gemm of a Linear layer (named
     * after that Gemm, see {@link ExportGraph#IMPLICIT_FLATTEN}), which the Linear layer does by itself.
     */
    private static boolean implicitFlatten(OnnxGraph g, List<Integer> needed, int k) {
        OnnxNode n = g.nodes().get(needed.get(k));
        if (!n.opType().equals("Flatten") || k + 1 >= needed.size() || !n.name().endsWith(ExportGraph.IMPLICIT_FLATTEN)) {
            return false;
        }
        OnnxNode next = g.nodes().get(needed.get(k + 1));
        return next.opType().equals("Gemm") && n.name().equals(next.name() + ExportGraph.IMPLICIT_FLATTEN)
                && !n.outputs().isEmpty() && !next.inputs().isEmpty() && next.inputs().get(0).equals(n.outputs().get(0));
    }

    /** "scores" when the graph has such an output, else its first output. */
    private static String mainOutput(OnnxGraph g, String source) throws OnnxImportException {
        if (g.outputs().isEmpty()) {
            throw new OnnxImportException(source, "the graph has no output");
        }
        for (OnnxValueInfo o : g.outputs()) {
            if (o.name().equals(OnnxExport.SCORES)) {
                return o.name();
            }
        }
        return g.outputs().get(0).name();
    }

    /** The indices, in graph order, of the nodes the output depends on. */
    private static List<Integer> needed(OnnxGraph g, String output, String input, String source) throws OnnxImportException {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            for (String o : g.nodes().get(i).outputs()) {
                if (!o.isEmpty()) {
                    producer.put(o, i);
                }
            }
        }
        if (!producer.containsKey(output) && !output.equals(input)) {
            throw new OnnxImportException(source, "no node computes the output '" + output + "'");
        }
        Set<Integer> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(output));
        while (!todo.isEmpty()) {
            Integer i = producer.get(todo.pop());
            if (i != null && seen.add(i)) {
                g.nodes().get(i).inputs().stream().filter(s -> !s.isEmpty()).forEach(todo::push);
            }
        }
        return seen.stream().sorted().toList();
    }

    private static void unsupported(OnnxGraph g, List<Integer> needed, String source) throws OnnxImportException {
        List<String> bad = new ArrayList<>();
        for (int i : needed) {
            OnnxNode n = g.nodes().get(i);
            boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
            if (!defaultDomain || !SUPPORTED.contains(n.opType())) {
                bad.add("node " + n.describe(i));
            }
        }
        if (!bad.isEmpty()) {
            throw new OnnxImportException(source, "unsupported ONNX operator" + (bad.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", bad) + " — Dendrite imports " + String.join(", ", new java.util.TreeSet<>(SUPPORTED)));
        }
    }

    private static Loss loss(OnnxModel m, List<String> notes) {
        String text = m.metadata().get(OnnxExport.LOSS_KEY);
        if (text == null) {
            return new SoftmaxCrossEntropy();
        }
        String[] parts = text.trim().split("\\s+");
        Map<String, String> options = new LinkedHashMap<>();
        for (int k = 1; k < parts.length; k++) {
            int eq = parts[k].indexOf('=');
            if (eq > 0) {
                options.put(parts[k].substring(0, eq), parts[k].substring(eq + 1));
            }
        }
        try {
            return LayerTypes.createLoss(new LayerTypes.Config(parts[0], options, DType.F64, List.of()));
        } catch (IllegalArgumentException e) {
            notes.add("the loss recorded in the metadata ('" + text + "') is unknown here; using SoftmaxCrossEntropy");
            return new SoftmaxCrossEntropy();
        }
    }

    private static double reg(OnnxModel m) {
        try {
            double r = Double.parseDouble(m.metadata().getOrDefault(OnnxExport.REG_KEY, "0"));
            return r >= 0 && Double.isFinite(r) ? r : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
