package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every layer keeps (STYLE.md "Contract tests"), run over every layer factory in {@link #layers()}.
 * To add a layer, add one {@code layer(...)} line there: a name, how to build it in a dtype from an Rng, an input
 * shape it accepts and, when it constrains shapes, an input shape it refuses with the shape it expected instead.
 */
class LayerContractTest {
    /**
     * @param name          display name
     * @param factory       builds the layer with parameters in the dtype, drawing every random number from the Rng
     * @param inputShape    a valid input shape
     * @param wrongShape    an input shape the layer refuses (null when any shape is fine)
     * @param expectedShape what the error should name as expected for {@code wrongShape}
     */
    record LayerCase(String name, BiFunction<DType, Rng, Layer> factory, int[] inputShape, int[] wrongShape,
                     int[] expectedShape) {
        Layer build(DType dtype, long seed) {
            return factory.apply(dtype, new Rng(seed));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Arguments layer(String name, BiFunction<DType, Rng, Layer> factory, int[] input) {
        return Arguments.of(new LayerCase(name, factory, input, null, null));
    }

    private static Arguments layer(String name, BiFunction<DType, Rng, Layer> factory, int[] input, int[] wrong, int[] expected) {
        return Arguments.of(new LayerCase(name, factory, input, wrong, expected));
    }

    private static int[] shape(int... s) {
        return s;
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                layer("Linear", (dt, rng) -> new Linear(12, 5, rng, dt), shape(4, 3, 4), shape(4, 5), shape(4, 12)),
                layer("ReLU", (dt, rng) -> new ReLU(), shape(4, 6)),
                layer("LeakyReLU", (dt, rng) -> new LeakyReLU(0.1), shape(2, 3, 4)),
                layer("Sigmoid", (dt, rng) -> new Sigmoid(), shape(4, 6)),
                layer("Tanh", (dt, rng) -> new Tanh(), shape(4, 6)),
                layer("Flatten", (dt, rng) -> new Flatten(), shape(2, 3, 2, 2)),
                layer("Unflatten", (dt, rng) -> new Unflatten(3, 2, 2), shape(2, 12), shape(2, 10), shape(2, 12)),
                layer("Unflatten(from images)", (dt, rng) -> new Unflatten(6, 2), shape(2, 3, 2, 2)),
                layer("Dropout", (dt, rng) -> new Dropout(0.3, rng), shape(4, 6)),
                layer("Dropout(eval)", (dt, rng) -> {
                    Dropout d = new Dropout(0.3, rng);
                    d.setTraining(false);
                    return d;
                }, shape(4, 6)),
                layer("Sequential", (dt, rng) -> new Sequential(new Linear(6, 5, rng, dt), new ReLU(),
                        new Dropout(0.2, rng), new Linear(5, 3, rng, dt)), shape(4, 6), shape(4, 7), shape(4, 6)),
                layer("Residual", (dt, rng) -> new Residual(new Linear(6, 6, rng, dt), new Tanh(), new Linear(6, 6, rng, dt)),
                        shape(4, 6), shape(4, 7), shape(4, 6)),
                layer("Residual(conv)", (dt, rng) -> new Residual(new Conv2d(3, 3, 3, 1, 1, rng, dt), new BatchNorm2d(3, dt)),
                        shape(2, 3, 4, 4)),
                layer("Layers.affineRelu", (dt, rng) -> Layers.affineRelu(6, 5, rng, dt), shape(4, 6), shape(4, 2), shape(4, 6)),
                layer("Layers.affineNormRelu(batchnorm)", (dt, rng) -> Layers.affineNormRelu(6, 5, "batchnorm", 0.2, rng, dt),
                        shape(4, 6), shape(4, 3), shape(4, 6)),
                layer("Layers.affineNormRelu(layernorm)", (dt, rng) -> Layers.affineNormRelu(6, 5, "layernorm", 0, rng, dt),
                        shape(4, 6), shape(4, 3), shape(4, 6)),
                layer("Conv2d", (dt, rng) -> new Conv2d(3, 4, 3, 1, 1, rng, dt), shape(2, 3, 5, 5)),
                layer("Conv2d(stride 2)", (dt, rng) -> new Conv2d(2, 3, 3, 2, 0, rng, dt), shape(2, 2, 7, 7)),
                layer("ConvTranspose2d(DCGAN: k 4, s 2, p 1)", (dt, rng) -> new ConvTranspose2d(3, 2, 4, 2, 1, rng, dt),
                        shape(2, 3, 3, 3)),
                layer("ConvTranspose2d(k 3×3, s 1)", (dt, rng) -> new ConvTranspose2d(2, 3, 3, 1, 0, rng, dt), shape(2, 2, 4, 3)),
                layer("MaxPool2d", (dt, rng) -> new MaxPool2d(2, 2, 2), shape(2, 3, 4, 4)),
                layer("MaxPool2d(overlapping)", (dt, rng) -> new MaxPool2d(3, 3, 1), shape(2, 2, 5, 5)),
                layer("AvgPool2d", (dt, rng) -> new AvgPool2d(2, 2, 2), shape(2, 3, 4, 4)),
                layer("BatchNorm", (dt, rng) -> new BatchNorm(6, dt), shape(4, 6)),
                layer("LayerNorm", (dt, rng) -> new LayerNorm(6, dt), shape(4, 6)),
                layer("BatchNorm2d", (dt, rng) -> new BatchNorm2d(3, dt), shape(2, 3, 4, 4)),
                layer("GroupNorm", (dt, rng) -> new GroupNorm(2, 4, dt), shape(2, 4, 3, 3)),
                layer("LocalResponseNorm", (dt, rng) -> new LocalResponseNorm(3, 1.0, 0.75, 1.0), shape(2, 5, 3, 3)),
                layer("LocalResponseNorm(even size)", (dt, rng) -> new LocalResponseNorm(4), shape(2, 5, 3, 3)),
                layer("Layers.convRelu", (dt, rng) -> Layers.convRelu(2, 3, 3, 1, 1, rng, dt), shape(2, 2, 5, 5)),
                layer("Layers.convReluPool", (dt, rng) -> Layers.convReluPool(2, 3, 3, 1, 1, 2, rng, dt), shape(2, 2, 6, 6)),
                layer("Layers.convNormRelu", (dt, rng) -> Layers.convNormRelu(2, 3, 3, 1, 1, rng, dt), shape(2, 2, 5, 5)),
                layer("Rnn", (dt, rng) -> new Rnn(4, 5, rng, dt), shape(3, 6, 4), shape(3, 6, 5), shape(3, 6, 4)),
                layer("Lstm", (dt, rng) -> new Lstm(4, 5, rng, dt), shape(3, 6, 4), shape(3, 6, 2), shape(3, 6, 4)),
                layer("Gru", (dt, rng) -> new Gru(4, 5, rng, dt), shape(3, 6, 4), shape(3, 6, 7), shape(3, 6, 4)),
                layer("Rnn(initial state)", (dt, rng) -> {
                    Rnn rnn = new Rnn(4, 5, rng, dt);
                    rnn.setInitialState(Tensor.randn(rng, dt, 3, 5));
                    return rnn;
                }, shape(3, 2, 4)),
                layer("TemporalLinear", (dt, rng) -> new TemporalLinear(4, 6, rng, dt), shape(3, 5, 4), shape(3, 5, 6),
                        shape(3, 5, 4)),
                layer("Sequential(Gru, TemporalLinear)", (dt, rng) -> new Sequential(new Gru(4, 5, rng, dt),
                        new TemporalLinear(5, 3, rng, dt)), shape(2, 3, 4), shape(2, 3, 5), shape(2, 3, 4)),
                layer("LayerNorm(sequence)", (dt, rng) -> new LayerNorm(6, dt), shape(3, 4, 6), shape(3, 4, 5), shape(3, 4, 6)),
                layer("SelfAttention(causal)", (dt, rng) -> new SelfAttention(6, 2, 0, true, rng, dt), shape(3, 5, 6),
                        shape(3, 5, 4), shape(3, 5, 6)),
                layer("SelfAttention(dropout)", (dt, rng) -> new SelfAttention(6, 3, 0.2, false, rng, dt), shape(2, 4, 6)),
                layer("CrossAttention", (dt, rng) -> {
                    CrossAttention c = new CrossAttention(6, 2, 0.1, rng, dt);
                    c.setMemory(Tensor.randn(rng, dt, 3, 2, 6));
                    return c;
                }, shape(3, 5, 6), shape(3, 5, 4), shape(3, 5, 6)),
                layer("PositionalEncoding", (dt, rng) -> new PositionalEncoding(6, 10, 0.1, rng), shape(3, 5, 6),
                        shape(3, 5, 4), shape(3, 5, 6)),
                layer("TransformerDecoderLayer", (dt, rng) -> {
                    TransformerDecoderLayer t = new TransformerDecoderLayer(6, 2, 10, 0.1, rng, dt);
                    t.setMemory(Tensor.randn(rng, dt, 3, 2, 6));
                    return t;
                }, shape(3, 4, 6), shape(3, 4, 5), shape(3, 4, 6))
        );
    }

    /** The layer whose name an error at the input (first) or at dout (last) carries: Sequentials pass errors through. */
    private static Layer innermost(Layer layer, boolean first) {
        while (!layer.children().isEmpty()) {
            List<Layer> c = layer.children();
            layer = c.get(first ? 0 : c.size() - 1);
        }
        return layer;
    }

    private static Tensor input(LayerCase c, DType dtype) {
        Tensor x = Tensor.randn(new Rng(123), DType.F64, c.inputShape());
        return dtype == DType.F64 ? x : x.to(dtype);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardLeavesDoutAndForwardLeavesXUntouched(LayerCase c) {
        Layer layer = c.build(DType.F64, 1);
        Tensor x = input(c, DType.F64);
        Tensor xCopy = x.copy();
        Tensor out = layer.forward(x);
        Tensor dout = Tensor.randn(new Rng(2), DType.F64, out.shape());
        Tensor doutCopy = dout.copy();
        Tensor dx = layer.backward(dout);
        assertThat(dout.toDoubleArray()).as("dout after backward").containsExactly(doutCopy.toDoubleArray());
        assertThat(x.toDoubleArray()).as("x after forward and backward").containsExactly(xCopy.toDoubleArray());
        assertThat(dx.shape()).as("dx shape").containsExactly(x.shape());
        assertThat(dx.sharesStorageWith(dout)).as("dx is a new tensor").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void f32AgreesWithF64(LayerCase c) {
        Layer l64 = c.build(DType.F64, 3);
        Layer l32 = c.build(DType.F32, 3);
        Tensor out64 = l64.forward(input(c, DType.F64));
        Tensor out32 = l32.forward(input(c, DType.F32));
        assertThat(out32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(out32, out64, 1e-4, 1e-5);
        Tensor dout = Tensor.randn(new Rng(4), DType.F64, out64.shape());
        Tensor dx64 = l64.backward(dout);
        Tensor dx32 = l32.backward(dout.to(DType.F32));
        assertThat(dx32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(dx32, dx64, 1e-4, 1e-5);
        for (int i = 0; i < l64.parameters().size(); i++) {
            TensorAssert.assertClose(l32.parameters().get(i).grad(), l64.parameters().get(i).grad(), 1e-4, 1e-5);
        }
    }

    /**
     * A gradient in another dtype than the layer's (an F64 loss over an F32 network) is converted at the door:
     * dx and the parameter gradients are those of the same gradient in the layer's dtype, and dx keeps the
     * input's dtype. BatchNorm2d once failed here inside its float kernel.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void doutOfAnotherDTypeGivesTheSameGradients(LayerCase c) {
        Layer same = c.build(DType.F32, 7), other = c.build(DType.F32, 7);
        Tensor out = same.forward(input(c, DType.F32));
        other.forward(input(c, DType.F32));
        Tensor dout = Tensor.randn(new Rng(8), DType.F32, out.shape());
        Tensor dx = same.backward(dout);
        Tensor dxFromF64 = other.backward(dout.to(DType.F64));
        assertThat(dxFromF64.dtype()).isEqualTo(DType.F32);
        assertThat(dxFromF64.toFloatArray()).containsExactly(dx.toFloatArray());
        for (int i = 0; i < same.parameters().size(); i++) {
            assertThat(other.parameters().get(i).grad().toFloatArray()).as(same.parameters().get(i).name())
                    .containsExactly(same.parameters().get(i).grad().toFloatArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void wrongInputShapeNamesTheLayerAndBothShapes(LayerCase c) {
        assumeTrue(c.wrongShape() != null, "accepts any shape");
        Layer layer = c.build(DType.F32, 1);
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(DType.F32, c.wrongShape())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(innermost(layer, true).toString())
                .hasMessageContaining(Shapes.format(c.wrongShape()))
                .hasMessageContaining(Shapes.format(c.expectedShape()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void wrongDoutShapeNamesTheLayerAndBothShapes(LayerCase c) {
        Layer layer = c.build(DType.F32, 1);
        int[] outShape = layer.forward(input(c, DType.F32)).shape();
        int[] wrong = outShape.clone();
        wrong[wrong.length - 1]++;
        assertThatThrownBy(() -> layer.backward(Tensor.zeros(DType.F32, wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(innermost(layer, false).toString())
                .hasMessageContaining(Shapes.format(wrong))
                .hasMessageContaining(Shapes.format(outShape));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardBeforeForwardSaysSo(LayerCase c) {
        Layer layer = c.build(DType.F32, 1);
        assertThatThrownBy(() -> layer.backward(Tensor.zeros(DType.F32, c.inputShape())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(innermost(layer, false) + ": backward called before forward");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void sameSeedGivesBitIdenticalResultsOnOneAndTwoThreads(LayerCase c) {
        int saved = Threads.count();
        try {
            Threads.set(1);
            float[][] one = run(c);
            Threads.set(2);
            float[][] two = run(c);
            for (int i = 0; i < one.length; i++) {
                assertThat(two[i]).as("result " + i).containsExactly(one[i]);
            }
        } finally {
            Threads.set(saved);
        }
    }

    /** Output, dx and every parameter gradient of one forward/backward in F32 from fixed seeds. */
    private static float[][] run(LayerCase c) {
        Layer layer = c.build(DType.F32, 5);
        Tensor out = layer.forward(input(c, DType.F32));
        Tensor dx = layer.backward(Tensor.randn(new Rng(6), DType.F32, out.shape()));
        float[][] r = new float[2 + layer.parameters().size()][];
        r[0] = out.toFloatArray();
        r[1] = dx.toFloatArray();
        for (int i = 0; i < layer.parameters().size(); i++) {
            r[2 + i] = layer.parameters().get(i).grad().toFloatArray();
        }
        return r;
    }
}
