package io.dendrite.io.onnx;

import io.dendrite.model.Network;
import io.dendrite.nn.GroupNorm;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LocalResponseNorm;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import io.dendrite.nn.Sequential;
import io.dendrite.nn.Tanh;
import io.dendrite.nn.Linear;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export to ONNX, read back with Dendrite's importer: the same layers, names, weights and scores bit for bit. */
class OnnxRoundTripTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void aNetworkWithEveryLayerScoresBitForBitAfterTheRoundTrip(DType d, @TempDir Path tmp) throws IOException {
        Network net = OnnxNetworks.everyLayer(d);
        Path file = tmp.resolve("every.onnx");
        OnnxExport.write(net, file);
        Network back = OnnxImport.read(file);

        assertSame(net, back);
        assertThat(back.reg()).isEqualTo(1e-3);
        assertThat(structure(back.layers().layers())).isEqualTo(structure(net.layers().layers()));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void eachLayerAloneScoresBitForBitAfterTheRoundTrip(DType d, @TempDir Path tmp) throws IOException {
        for (Map.Entry<String, Network> e : OnnxNetworks.perLayer(d).entrySet()) {
            Path file = tmp.resolve(e.getKey().replace(' ', '_') + ".onnx");
            OnnxExport.write(e.getValue(), file);
            Network back = OnnxImport.read(file);
            assertThat(structure(back.layers().layers())).as(e.getKey())
                    .isEqualTo(structure(e.getValue().layers().layers()));
            assertThat(back.lossFunction().getClass()).as(e.getKey()).isEqualTo(e.getValue().lossFunction().getClass());
            assertSame(e.getValue(), back);
        }
    }

    /** The layers with nested Sequentials inlined (ONNX has no grouping; they come back flat), residual blocks kept. */
    static String structure(List<Layer> layers) {
        StringBuilder sb = new StringBuilder();
        for (Layer l : layers) {
            if (l instanceof Sequential) {
                sb.append(structure(l.children()));
            } else if (l instanceof Residual) {
                sb.append("Residual[").append(structure(l.children())).append("] ");
            } else {
                sb.append(l).append(' ');
            }
        }
        return sb.toString();
    }

    private static void assertSame(Network net, Network back) {
        assertThat(back.dtype()).isEqualTo(net.dtype());
        assertThat(back.inputShape().orElseThrow()).isEqualTo(net.inputShape().orElseThrow());
        assertThat(back.params().keySet()).containsExactlyElementsOf(net.params().keySet());
        assertThat(back.buffers().keySet()).containsExactlyElementsOf(net.buffers().keySet());
        net.params().forEach((k, p) -> assertThat(back.params().get(k).value().toDoubleArray()).as(k)
                .isEqualTo(p.value().toDoubleArray()));
        net.buffers().forEach((k, t) -> assertThat(back.buffers().get(k).toDoubleArray()).as(k).isEqualTo(t.toDoubleArray()));
        Tensor x = OnnxNetworks.input(net, 4, 17);
        Tensor expected = net.scores(x), actual = back.scores(x);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.toDoubleArray()).as(net.layers().toString()).isEqualTo(expected.toDoubleArray());
    }

    @Test
    void theGraphHasTheDocumentedInterface() {
        Network net = OnnxNetworks.everyLayer(DType.F32);
        OnnxModel m = OnnxExport.toModel(net, new int[]{2, 8, 8});
        assertThat(m.irVersion()).isEqualTo(8);
        assertThat(m.opsets()).containsExactly(Map.entry("", 17L));
        assertThat(m.graph().inputs()).hasSize(1);
        OnnxValueInfo x = m.graph().inputs().get(0);
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.elemType()).isEqualTo(OnnxTensor.FLOAT);
        assertThat(x.dims()).extracting(Object::toString).containsExactly("N", "2", "8", "8");
        assertThat(m.graph().outputs()).extracting(OnnxValueInfo::name).containsExactly("scores", "probabilities");
        assertThat(m.graph().outputs().get(0).dims()).extracting(Object::toString).containsExactly("N", "3");
        assertThat(m.graph().initializers().keySet()).contains("W1", "b1", "gamma1", "beta1", "running_mean1",
                "running_var1", "W5", "b5");
        assertThat(m.graph().initializers().get("W3").dims()).containsExactly(16, 12);   // (in, out), Gemm transB=0
        assertThat(m.graph().nodes()).extracting(OnnxNode::opType).containsExactly("Conv", "BatchNormalization", "Relu",
                "LRN", "Conv", "BatchNormalization", "LeakyRelu", "Add", "MaxPool", "AveragePool", "Sigmoid", "Flatten",
                "Gemm", "BatchNormalization", "Tanh", "Dropout", "LayerNormalization", "Gemm", "Relu", "Add", "Flatten",
                "Gemm", "Softmax");
        assertThat(m.metadata()).containsEntry("dendrite.loss", "SoftmaxCrossEntropy").containsEntry("dendrite.reg", "0.001");
    }

    @Test
    void aNetworkWithoutAnInputShapeIsRefusedUnlessOneIsGiven(@TempDir Path tmp) throws IOException {
        Network net = Network.builder().add(new Linear(4, 2)).build();
        Path file = tmp.resolve("no-shape.onnx");
        assertThatThrownBy(() -> OnnxExport.write(net, file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no input shape").hasMessageContaining("inputShape(");
        assertThat(file).doesNotExist();
        OnnxExport.write(net, new int[]{4}, file);
        assertThat(OnnxImport.read(file).inputShape().orElseThrow()).containsExactly(4);
    }

    @Test
    void unsupportedLayersAreAllNamedAndNothingIsWritten(@TempDir Path tmp) {
        Network net = Network.builder().add(new GroupNorm(2, 4)).add(new ReLU())
                .add(new Residual(new LocalResponseNorm(4), new Tanh())).add(new Layer() {
                    @Override
                    public Tensor forward(Tensor x) {
                        return x;
                    }

                    @Override
                    public Tensor backward(Tensor dout) {
                        return dout;
                    }

                    @Override
                    public String toString() {
                        return "Mine";
                    }
                }).inputShape(4, 3, 3).build();
        Path file = tmp.resolve("bad.onnx");
        assertThatThrownBy(() -> OnnxExport.write(net, file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot export to ONNX: layer 0 GroupNorm(2, 4, eps=1e-05) (GroupNorm has no ONNX mapping);"
                        + " layer 2.0 LocalResponseNorm")
                .hasMessageContaining("(an even window")
                .hasMessageContaining("layer 3 Mine (");
        assertThat(file).doesNotExist();
    }

    @Test
    void theImportedNetworkFineTunes(@TempDir Path tmp) throws IOException {
        Network net = OnnxNetworks.perLayer(DType.F32).get("Linear on images");
        Path file = tmp.resolve("fc.onnx");
        OnnxExport.write(net, file);
        Network back = OnnxImport.read(file);
        assertThat(back.lossFunction()).isInstanceOf(MulticlassHinge.class);
        Tensor x = OnnxNetworks.input(back, 8, 3);
        int[] y = {0, 1, 2, 3, 0, 1, 2, 3};
        double first = back.loss(x, y);
        for (int step = 0; step < 50; step++) {
            back.loss(x, y);
            back.params().values().forEach(p -> p.value().addScaledi(p.grad(), -0.1));
        }
        assertThat(back.loss(x, y)).isLessThan(first / 2);
        assertThat(Files.size(file)).isGreaterThan(0);
        assertThat(List.of(back.params().keySet().toArray())).containsExactly("W1", "b1");
    }
}
