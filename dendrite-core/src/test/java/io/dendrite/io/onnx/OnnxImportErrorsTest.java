package io.dendrite.io.onnx;

import io.dendrite.nn.Residual;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.DType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graphs Dendrite cannot build get one error naming the file, each node concerned and what it would need. */
class OnnxImportErrorsTest {
    private static final String SOURCE = "model.onnx";

    private static OnnxAttribute ints(String name, long... v) {
        return OnnxAttribute.ofInts(name, v);
    }

    private static OnnxNode node(String name, String op, List<String> in, String out, OnnxAttribute... attrs) {
        return OnnxNode.of(name, op, in, List.of(out), attrs);
    }

    /** A model of {@code nodes} on input "x" (N, *sample) FLOAT, output "y", with random FLOAT initializers. */
    private static OnnxModel model(List<OnnxNode> nodes, Map<String, int[]> weights, long... sample) {
        Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        Rng r = new Rng(1);
        weights.forEach((k, s) -> inits.put(k, OnnxTensor.of(k, Tensor.randn(r, DType.F32, s))));
        List<OnnxValueInfo.Dim> dims = new ArrayList<>(List.of(OnnxValueInfo.Dim.symbolic("N")));
        for (long d : sample) {
            dims.add(OnnxValueInfo.Dim.of(d));
        }
        OnnxGraph g = new OnnxGraph("g", nodes, inits, List.of(new OnnxValueInfo("x", OnnxTensor.FLOAT, dims)),
                List.of(new OnnxValueInfo("y", OnnxTensor.FLOAT, List.of())), "");
        return new OnnxModel(8, Map.of("", 17L), "test", "", Map.of(), g);
    }

    @Test
    void everyUnsupportedOperatorIsListedInOneError() {
        // PyTorch 1.x's x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape, and a custom op
        List<OnnxNode> nodes = List.of(
                node("/Shape", "Shape", List.of("x"), "s"),
                node("/Gather", "Gather", List.of("s", "zero"), "n"),
                node("/Unsqueeze", "Unsqueeze", List.of("n", "axes"), "n1"),
                node("/Concat", "Concat", List.of("n1", "minus1"), "shape", OnnxAttribute.ofInt("axis", 0)),
                node("/Reshape", "Reshape", List.of("x", "shape"), "flat"),
                new OnnxNode("fused", "FusedGemm", "com.microsoft", List.of("flat", "W"), List.of("y"), Map.of()));
        assertThatThrownBy(() -> OnnxImport.fromModel(model(nodes, Map.of("W", new int[]{4, 2}), 4), SOURCE))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageStartingWith(SOURCE + ": unsupported ONNX operators: node '/Shape' (Shape), node '/Gather' (Gather),"
                        + " node '/Unsqueeze' (Unsqueeze), node '/Concat' (Concat), node 'fused' (com.microsoft.FusedGemm)"
                        + " — Dendrite imports Add, AveragePool, BatchNormalization,");
    }

    @Test
    void nodesOffThePathToTheOutputAreIgnored() throws OnnxImportException {
        List<OnnxNode> nodes = List.of(node("r", "Relu", List.of("x"), "y"), node("side", "Gather", List.of("x", "i"), "z"));
        assertThat(OnnxImport.fromModel(model(nodes, Map.of(), 3), SOURCE).network().layers().layers()).hasSize(1);
    }

    @Test
    void aBranchThatIsNotAResidualIsRefused() {
        List<OnnxNode> nodes = List.of(
                node("a", "Relu", List.of("x"), "h"),
                node("b", "Sigmoid", List.of("x"), "s"),         // reads x again: a second branch
                node("add", "Add", List.of("h", "s"), "y"));
        List<OnnxNode> projection = List.of(
                node("a", "Relu", List.of("x"), "h"),
                node("p", "MatMul", List.of("x", "P"), "px"),    // a skip with a layer of its own
                node("add", "Add", List.of("h", "px"), "y"));
        assertThatThrownBy(() -> OnnxImport.fromModel(model(nodes, Map.of(), 3), SOURCE))
                .hasMessage(SOURCE + ": node 'b' (Sigmoid) reads 'x', not 'h', the output of the layer before it — Dendrite"
                        + " imports a chain of layers with residual Adds (x + f(x)); branches, and skips with layers of their own"
                        + " such as a 1×1 projection, are not supported");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(projection, Map.of("P", new int[]{3, 3}), 3), SOURCE))
                .hasMessageContaining("node 'p' (MatMul) reads 'x', not 'h'");
    }

    @Test
    void nestedResidualsAreRecovered() throws OnnxImportException {
        List<OnnxNode> nodes = List.of(
                node("r0", "Relu", List.of("x"), "a"),
                node("t1", "Tanh", List.of("a"), "b"),
                node("s1", "Sigmoid", List.of("b"), "c"),
                node("add1", "Add", List.of("c", "b"), "d"),          // b + sigmoid(b)
                node("add2", "Add", List.of("a", "d"), "y"));         // a + (tanh(a) + sigmoid(tanh(a)))
        var net = OnnxImport.fromModel(model(nodes, Map.of(), 4), SOURCE).network();
        assertThat(net.layers().layers()).hasSize(2);
        assertThat(net.layers().get(1)).isInstanceOf(Residual.class);
        assertThat(net.layers().get(1).toString()).contains("Tanh").contains("Residual");
        Tensor x = Tensor.of(new float[]{-1, 0.5f, 2, -0.25f}, 1, 4);
        double[] expected = new double[4];
        for (int k = 0; k < 4; k++) {
            double a = Math.max(0, x.getFlat(k)), b = Math.tanh(a);
            expected[k] = a + b + 1 / (1 + Math.exp(-b));
        }
        OnnxRuntimeTest.assertClose("nested residual", net.scores(x).toDoubleArray(), expected);
    }

    @Test
    void attributesALayerCannotExpressAreNamedWithTheirValues() {
        Map<String, int[]> conv = Map.of("W", new int[]{2, 1, 3, 3});
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("c", "Conv", List.of("x", "W"), "y",
                ints("pads", 1, 0, 1, 0))), conv, 1, 5, 5), SOURCE))
                .hasMessage(SOURCE + ": node 'c' (Conv) has pads=[1, 0, 1, 0]; Dendrite's Conv2d pads all four sides alike");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("c", "Conv", List.of("x", "W"), "y",
                ints("strides", 1, 2))), conv, 1, 5, 5), SOURCE))
                .hasMessageContaining("has strides=[1, 2]; Dendrite's layers take one stride for both axes");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("c", "Conv", List.of("x", "W"), "y",
                ints("dilations", 2, 2))), conv, 1, 5, 5), SOURCE))
                .hasMessageContaining("has dilations=[2, 2]; Dendrite supports only 1");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("n", "LRN", List.of("x"), "y",
                OnnxAttribute.ofInt("size", 4))), Map.of(), 3, 2, 2), SOURCE))
                .hasMessageContaining("node 'n' (LRN) has size=4; only odd sizes import");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("p", "MaxPool", List.of("x"), "y",
                ints("kernel_shape", 2, 2), ints("strides", 2, 2), OnnxAttribute.ofInt("ceil_mode", 1))), Map.of(), 1, 5, 5), SOURCE))
                .hasMessageContaining("has ceil_mode=1 and its windows do not tile the 5×5 input");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("g", "Gemm", List.of("x", "W"), "y",
                OnnxAttribute.ofInt("transB", 1))), Map.of("W", new int[]{2, 5}), 4), SOURCE))
                .hasMessage(SOURCE + ": node 'g' (Gemm) has a weight for 5 input features, but its input has 4");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("g", "Gemm", List.of("x", "h"), "y")),
                Map.of(), 4), SOURCE))
                .hasMessageContaining("node 'g' (Gemm) reads its B from 'h', which the graph computes; Dendrite needs it"
                        + " as an initializer or a Constant");
        assertThatThrownBy(() -> OnnxImport.fromModel(model(List.of(node("s", "Softmax", List.of("x"), "s"),
                node("r", "Relu", List.of("s"), "y")), Map.of(), 4), SOURCE))
                .hasMessageContaining("node 's' (Softmax) is not the last node");
    }

    @Test
    void inputsDendriteCannotTakeAreRefused() {
        OnnxModel two = model(List.of(node("a", "Add", List.of("x", "x2"), "y")), Map.of(), 3);
        OnnxGraph g = two.graph();
        OnnxGraph twoInputs = new OnnxGraph("g", g.nodes(), g.initializers(),
                List.of(g.inputs().get(0), new OnnxValueInfo("x2", OnnxTensor.FLOAT, g.inputs().get(0).dims())), g.outputs(), "");
        assertThatThrownBy(() -> OnnxImport.fromModel(new OnnxModel(8, Map.of("", 17L), "", "", Map.of(), twoInputs), SOURCE))
                .hasMessage(SOURCE + ": the graph has 2 inputs (x, x2); a Dendrite network takes one");
        OnnxGraph symbolic = new OnnxGraph("g", List.of(node("r", "Relu", List.of("x"), "y")), Map.of(),
                List.of(new OnnxValueInfo("x", OnnxTensor.FLOAT, List.of(OnnxValueInfo.Dim.symbolic("N"),
                        OnnxValueInfo.Dim.symbolic("features")))), g.outputs(), "");
        assertThatThrownBy(() -> OnnxImport.fromModel(new OnnxModel(8, Map.of("", 17L), "", "", Map.of(), symbolic), SOURCE))
                .hasMessageContaining("dimension 1 is 'features', but Dendrite needs the sample shape as sizes");
        OnnxModel old = new OnnxModel(3, Map.of("", 6L), "", "", Map.of(), model(List.of(), Map.of(), 3).graph());
        assertThatThrownBy(() -> OnnxImport.fromModel(old, SOURCE)).hasMessageContaining("opset 6; Dendrite reads opset 7 and later");
    }
}
