package io.dendrite.io.onnx;

import io.dendrite.model.Network;
import io.dendrite.nn.LayerTypes;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Network}'s inference graph as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}),
 * with Dendrite's own protobuf writer.
 *
 * <p>The graph has one input {@value #INPUT} of shape (N, *inputShape) with a symbolic batch dimension "N", and the
 * output {@value #SCORES}: the network's scores, i.e. the logits before any softmax, exactly what
 * {@link Network#scores} returns. A network trained with {@link SoftmaxCrossEntropy} gets a second output
 * {@value #PROBABILITIES} = Softmax(scores, axis 1). Weights are initializers named as Dendrite names them (W1, b1,
 * gamma1, beta1, running_mean1, running_var1, …), in the network's dtype (float32 or float64); the loss and the
 * regularization strength go into the model's metadata ({@value #LOSS_KEY}, {@value #REG_KEY}) so that
 * {@link OnnxImport} restores them.
 *
 * <p>Layers and the operators they become:
 * <pre>
 *   Linear            Gemm(x, Wk, bk), transB = 0: Dendrite's weight is (in, out) and stays so; a Flatten(axis 1)
 *                     comes first when the input has more than two dimensions (Linear flattens (N, d1, …) itself)
 *   Conv2d            Conv (kernel_shape, strides, pads = [p, p, p, p], group 1)
 *   MaxPool2d         MaxPool        AvgPool2d   AveragePool (no padding, floor)
 *   ReLU, Sigmoid, Tanh, LeakyReLU     Relu, Sigmoid, Tanh, LeakyRelu(alpha = slope)
 *   BatchNorm, BatchNorm2d             BatchNormalization with the running statistics (epsilon, momentum)
 *   LayerNorm         LayerNormalization(axis = 1) on (N, D)
 *   Flatten           Flatten(axis = 1)
 *   Dropout           Dropout with its ratio as an initializer: the identity at inference (training_mode off)
 *   LocalResponseNorm LRN (size, alpha, beta, bias = k); odd sizes only: for an even size ONNX's window is
 *                     one channel later than PyTorch's and Dendrite's
 *   Residual          the body's nodes, then Add(block input, body output)
 *   Sequential        its layers, in place
 * </pre>
 * GroupNorm and layers of your own have no ONNX counterpart here: exporting a network with any of them fails
 * with one message that names every such layer. Float attributes (eps, slope, alpha) are float32 in ONNX.
 */
public final class OnnxExport {
    /** The ONNX operator set version the exported graphs use (LayerNormalization needs 17). */
    public static final int OPSET = 17;
    /** The ONNX IR version written (IR 8 is the one of opset 17, ONNX 1.12). */
    public static final long IR_VERSION = 8;
    /** The graph input's name. */
    public static final String INPUT = "x";
    /** The main output's name: the logits, as {@link Network#scores}. */
    public static final String SCORES = "scores";
    /** The second output of a softmax-classifier: softmax of the scores over axis 1. */
    public static final String PROBABILITIES = "probabilities";
    /** The symbolic name of the batch dimension. */
    public static final String BATCH = "N";
    /** Metadata key of the loss ("SoftmaxCrossEntropy", "MulticlassHinge margin=1.0"). */
    public static final String LOSS_KEY = "dendrite.loss";
    /** Metadata key of the L2 regularization strength. */
    public static final String REG_KEY = "dendrite.reg";

    private OnnxExport() {
    }

    /** Writes {@code net} for samples of its {@link Network#inputShape()}; a network without one is refused. */
    public static void write(Network net, Path file) throws IOException {
        int[] shape = net.inputShape().orElseThrow(() -> new IllegalArgumentException("cannot export to ONNX: the"
                + " network has no input shape, and the ONNX input needs one — build it with"
                + " Network.builder().inputShape(C, H, W), or pass the sample shape to OnnxExport.write(net, shape, file)"));
        write(net, shape, file);
    }

    /** Writes {@code net} for samples of shape {@code sampleShape} (without the batch dimension), atomically. */
    public static void write(Network net, int[] sampleShape, Path file) throws IOException {
        OnnxCodec.write(toModel(net, sampleShape), file);
    }

    /** The ONNX model of {@code net} for samples of shape {@code sampleShape}, without writing it. */
    public static OnnxModel toModel(Network net, int[] sampleShape) {
        if (sampleShape.length == 0) {
            throw new IllegalArgumentException("cannot export to ONNX: empty sample shape — give e.g. (1, 28, 28)");
        }
        ExportGraph g = new ExportGraph(net);
        ExportGraph.Value out = g.emitNetwork(INPUT, sampleShape.clone());
        g.finish(out, SCORES);
        int elem = net.dtype() == DType.F32 ? OnnxTensor.FLOAT : OnnxTensor.DOUBLE;
        List<OnnxValueInfo> outputs = new ArrayList<>();
        outputs.add(info(SCORES, elem, out.shape()));
        if (net.lossFunction() instanceof SoftmaxCrossEntropy && out.shape().length == 1) {
            g.node("Softmax", List.of(SCORES), PROBABILITIES, OnnxAttribute.ofInt("axis", 1));
            outputs.add(info(PROBABILITIES, elem, out.shape()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        StringBuilder loss = new StringBuilder(LayerTypes.lossName(net.lossFunction()));
        LayerTypes.describeLoss(net.lossFunction()).forEach((k, v) -> loss.append(' ').append(k).append('=').append(v));
        metadata.put(LOSS_KEY, loss.toString());
        metadata.put(REG_KEY, Double.toString(net.reg()));
        String doc = "Dendrite network " + net.spec() + " for samples of shape " + Shapes.format(sampleShape)
                + ". Output '" + SCORES + "' holds the scores (logits, before any softmax)"
                + (outputs.size() > 1 ? "; '" + PROBABILITIES + "' their softmax over axis 1." : ".");
        OnnxGraph graph = new OnnxGraph("dendrite", g.nodes(), g.initializers(),
                List.of(info(INPUT, elem, sampleShape)), outputs, doc);
        String version = OnnxExport.class.getPackage().getImplementationVersion();
        return new OnnxModel(IR_VERSION, Map.of("", (long) OPSET), "dendrite", version, metadata, graph);
    }

    private static OnnxValueInfo info(String name, int elemType, int[] sampleShape) {
        List<OnnxValueInfo.Dim> dims = new ArrayList<>();
        dims.add(OnnxValueInfo.Dim.symbolic(BATCH));
        for (int d : sampleShape) {
            dims.add(OnnxValueInfo.Dim.of(d));
        }
        return new OnnxValueInfo(name, elemType, dims);
    }
}
