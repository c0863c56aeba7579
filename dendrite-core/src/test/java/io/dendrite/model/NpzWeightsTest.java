package io.dendrite.model;

import io.dendrite.check.GradientCheck;
import io.dendrite.io.Npz;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Weights in and out of {@code .npz}: round trips through Dendrite's own files, and files written by numpy
 * (resources {@code npz/*.npz}, made by {@code npz/make_npz.py}, whose docstring has the command).
 */
class NpzWeightsTest {
    /** Dendrite's input for the numpy forward: x = np.linspace(-1, 1, 12).reshape(3, 4). */
    private static final Tensor X = Tensor.linspace(-1, 1, 12).reshape(3, 4);
    /** make_npz.py's printout: np.maximum(0, x @ W1 + b1) @ W2 + b2 in float64. */
    private static final double[] NUMPY_SCORES = {
            -0.3655844155844158, -0.725974025974026,
            0.1885281385281386, -0.17186147186147183,
            0.6376623376623377, 0.31926406926406936};

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzWeightsTest.class.getResource("npz/" + name).toURI());
    }

    /** The book's TwoLayerNet scaled down to the shapes make_npz.py writes: W1 (4, 3), b1 (3,), W2 (3, 2), b2 (2,). */
    private static Network small(DType dtype) {
        return TwoLayerNet.builder().inputDim(4).hiddenDim(3).numClasses(2).dtype(dtype).seed(11).build();
    }

    private static double[] w1() {
        return IntStream.range(0, 12).mapToDouble(i -> (i - 5.5) / 7).toArray();        // (np.arange(12) - 5.5) / 7
    }

    private static double[] b1() {
        return IntStream.range(0, 3).mapToDouble(i -> i / 10.0 - 0.1).toArray();        // np.arange(3) / 10 - 0.1
    }

    private static double[] w2() {
        return IntStream.range(0, 6).mapToDouble(i -> (i - 2.5) / 3).toArray();         // (np.arange(6) - 2.5) / 3
    }

    private static final double[] B2 = {0.25, -0.5};

    /** Every value of every tensor, the Parameter's and buffer's, so that "unchanged" can be checked exactly. */
    private static Map<String, double[]> snapshot(Model m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        NpzWeights.arrays(m).forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    // ---------------------------------------------------------------- Dendrite → .npz → Dendrite

    @Test
    void roundTripOfATwoLayerNetScoresBitForBit(@TempDir Path tmp) throws IOException {
        Network trained = TwoLayerNet.builder().inputDim(784).hiddenDim(50).numClasses(10).seed(3).build();
        Network fresh = TwoLayerNet.builder().inputDim(784).hiddenDim(50).numClasses(10).seed(4).build();
        Tensor x = Tensor.randn(new Rng(5), DType.F32, 7, 784);
        Path file = tmp.resolve("w.npz");

        NpzWeights.exportTo(trained, file);
        assertThat(fresh.scores(x).toFloatArray()).isNotEqualTo(trained.scores(x).toFloatArray());
        ImportReport report = NpzWeights.importFrom(file, fresh, true);

        assertThat(report.imported()).containsExactly("W1", "b1", "W2", "b2");
        assertThat(report.complete()).isTrue();
        assertThat(fresh.scores(x).toFloatArray()).isEqualTo(trained.scores(x).toFloatArray());
        assertThat(fresh.params().get("W1").value().dtype()).isEqualTo(DType.F32);
    }

    @Test
    void exportKeepsNamesOrderAndDtype(@TempDir Path tmp) throws IOException {
        Path f32 = tmp.resolve("f32.npz"), f64 = tmp.resolve("f64.npz");
        NpzWeights.exportTo(small(DType.F32), f32);
        NpzWeights.exportTo(small(DType.F64), f64, true);

        Map<String, Tensor> a = Npz.read(f32), b = Npz.read(f64);
        assertThat(a.keySet()).containsExactly("W1", "b1", "W2", "b2");
        assertThat(a.values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.F32));
        assertThat(b.values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.F64));
        assertThat(a.get("W1").shape()).containsExactly(4, 3);
        assertThat(b.get("W2").toDoubleArray()).containsExactly(small(DType.F64).params().get("W2").value().toDoubleArray());
    }

    @Test
    void batchNormRunningStatisticsTravelAsBuffers(@TempDir Path tmp) throws IOException {
        Network trained = FullyConnectedNet.builder().hiddenDims(6, 5).inputDim(4).numClasses(3)
                .normalization("batchnorm").seed(1).build();
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, DType.F32, 16, 4);
        int[] y = IntStream.range(0, 16).map(i -> i % 3).toArray();
        trained.loss(x, y);                                   // a training pass moves the running statistics
        for (Parameter p : trained.params().values()) {       // and gamma/beta off their initial 1/0
            p.value().addScaledi(p.grad(), -0.5);
        }
        Path file = tmp.resolve("bn.npz");
        NpzWeights.exportTo(trained, file);

        assertThat(Npz.read(file).keySet()).containsExactly("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2",
                "W3", "b3", "running_mean1", "running_var1", "running_mean2", "running_var2");
        Network fresh = FullyConnectedNet.builder().hiddenDims(6, 5).inputDim(4).numClasses(3)
                .normalization("batchnorm").seed(9).build();
        NpzWeights.importFrom(file, fresh, true);
        assertThat(fresh.buffers().get("running_mean1").toFloatArray())
                .isEqualTo(trained.buffers().get("running_mean1").toFloatArray()).isNotEqualTo(new float[6]);
        Tensor test = Tensor.randn(rng, DType.F32, 5, 4);
        assertThat(fresh.scores(test).toFloatArray()).isEqualTo(trained.scores(test).toFloatArray());
    }

    @Test
    void importsAnNpzWrittenWithTheProjectsOwnWriter(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("W1", Tensor.of(w1(), 4, 3));
        arrays.put("b1", Tensor.of(b1(), 3));
        arrays.put("W2", Tensor.of(w2(), 3, 2));
        arrays.put("b2", Tensor.of(B2, 2));
        Path file = tmp.resolve("own.npz");
        Npz.writeCompressed(file, arrays);

        Network net = small(DType.F64);
        NpzWeights.importFrom(file, net, true);
        assertThat(GradientCheck.relError(net.scores(X), Tensor.of(NUMPY_SCORES, 3, 2))).isLessThanOrEqualTo(1e-7);
    }

    // ---------------------------------------------------------------- files written by numpy

    @ParameterizedTest
    @ValueSource(strings = {"two_layer_savez.npz", "two_layer_savez_compressed.npz"})
    void importsExactlyTheValuesNumpyWroteAndScoresLikeNumpy(String name) throws Exception {
        Network net = small(DType.F64);
        ImportReport report = NpzWeights.importFrom(resource(name), net, true);

        assertThat(report.imported()).containsExactly("W1", "b1", "W2", "b2");
        assertThat(net.params().get("W1").value().toDoubleArray()).containsExactly(w1());
        assertThat(net.params().get("b1").value().toDoubleArray()).containsExactly(b1());
        assertThat(net.params().get("W2").value().toDoubleArray()).containsExactly(w2());
        assertThat(net.params().get("b2").value().toDoubleArray()).containsExactly(B2);
        assertThat(GradientCheck.relError(net.scores(X), Tensor.of(NUMPY_SCORES, 3, 2))).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void numpyFloat64WeightsLoadIntoAnF32NetworkRoundedToFloat() throws Exception {
        Network net = small(DType.F32);
        NpzWeights.importFrom(resource("two_layer_savez.npz"), net, true);

        Tensor w1 = net.params().get("W1").value();
        assertThat(w1.dtype()).isEqualTo(DType.F32);
        float[] expected = new float[12];
        double[] exact = w1();
        for (int i = 0; i < 12; i++) {
            expected[i] = (float) exact[i];
        }
        assertThat(w1.toFloatArray()).containsExactly(expected);
        assertThat(GradientCheck.relError(net.scores(X.to(DType.F32)).to(DType.F64), Tensor.of(NUMPY_SCORES, 3, 2)))
                .isLessThanOrEqualTo(1e-5);
    }

    @Test
    void numpyFloat32WeightsLoadIntoAnF64Network() throws Exception {
        Network net = small(DType.F64);
        NpzWeights.importFrom(resource("two_layer_float32.npz"), net, true);

        assertThat(net.params().get("W1").value().dtype()).isEqualTo(DType.F64);
        double[] expected = IntStream.range(0, 12).mapToDouble(i -> (float) ((i - 5.5) / 7)).toArray();
        assertThat(net.params().get("W1").value().toDoubleArray()).containsExactly(expected);
    }

    @Test
    void numpyInt64ArraysLoadAsTheirExactValues() throws Exception {
        Network net = small(DType.F32);
        NpzWeights.importFrom(resource("two_layer_int64_b1.npz"), net, true);
        assertThat(net.params().get("b1").value().toFloatArray()).containsExactly(1f, -2f, 3f);
    }

    // ---------------------------------------------------------------- mismatches: clear errors, model unchanged

    @Test
    void aWrongShapeNamesTheFileTheArrayAndBothShapesAndChangesNothing() throws Exception {
        Network net = small(DType.F64);
        Map<String, double[]> before = snapshot(net);
        Path file = resource("two_layer_wrong_shape.npz");

        for (boolean strict : new boolean[]{true, false}) {
            assertThatThrownBy(() -> NpzWeights.importFrom(file, net, strict))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": array W1 has shape (3, 4), the network's W1 is (4, 3)"
                            + " (a PyTorch (out, in) weight? import in layout torch, --layout torch)");
        }
        assertThat(snapshot(net)).containsExactlyEntriesOf(before);   // b1, W2, b2 fit but were not copied either
    }

    @Test
    void strictImportRefusesAMissingArrayListingWhatTheFileHolds() throws Exception {
        Network net = small(DType.F64);
        Map<String, double[]> before = snapshot(net);
        Path file = resource("two_layer_missing_b2.npz");

        assertThatThrownBy(() -> NpzWeights.importFrom(file, net, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": the network's b2 is not in the file, which holds W1, b1, W2")
                .hasMessageContaining("non-strictly");
        assertThat(snapshot(net)).containsExactlyEntriesOf(before);
    }

    @Test
    void nonStrictImportReportsAMissingArrayAndKeepsItsValue() throws Exception {
        Network net = small(DType.F64);
        double[] b2 = net.params().get("b2").value().toDoubleArray();
        ImportReport report = NpzWeights.importFrom(resource("two_layer_missing_b2.npz"), net, false);

        assertThat(report.imported()).containsExactly("W1", "b1", "W2");
        assertThat(report.missing()).containsExactly("b2");
        assertThat(report.complete()).isFalse();
        assertThat(report.toString()).contains("imported 3 arrays").contains("not in the file, kept as built: b2");
        assertThat(net.params().get("W1").value().toDoubleArray()).containsExactly(w1());
        assertThat(net.params().get("b2").value().toDoubleArray()).containsExactly(b2);
    }

    @Test
    void strictImportRefusesAnExtraArrayListingTheNetworksNames() throws Exception {
        Network net = small(DType.F64);
        Map<String, double[]> before = snapshot(net);
        Path file = resource("two_layer_extra_W3.npz");

        assertThatThrownBy(() -> NpzWeights.importFrom(file, net, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": array W3 is not in the network, whose weights are W1, b1, W2, b2");
        assertThat(snapshot(net)).containsExactlyEntriesOf(before);

        ImportReport report = NpzWeights.importFrom(file, net, false);
        assertThat(report.ignored()).containsExactly("W3");
        assertThat(report.toString()).contains("not in the network, ignored: W3");
        assertThat(GradientCheck.relError(net.scores(X), Tensor.of(NUMPY_SCORES, 3, 2))).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void unnamedNumpyArraysGetAHintToSaveThemByName() throws Exception {
        Path file = resource("two_layer_positional.npz");
        assertThatThrownBy(() -> NpzWeights.importFrom(file, small(DType.F64), true))
                .hasMessageContaining("the network's W1, b1, W2, b2 are not in the file, which holds arr_0, arr_1, arr_2, arr_3")
                .hasMessageContaining("arrays arr_0, arr_1, arr_2, arr_3 are not in the network")
                .hasMessageContaining("np.savez(file, W1=..., b1=...");
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("W1", Tensor.zeros(DType.F64, 784, 100));
        arrays.put("b1", Tensor.zeros(DType.F64, 100));
        arrays.put("W3", Tensor.zeros(DType.F64, 2));
        Path file = tmp.resolve("w.npz");
        Npz.write(file, arrays);
        Network net = TwoLayerNet.builder().inputDim(784).hiddenDim(50).numClasses(10).build();

        assertThatThrownBy(() -> NpzWeights.importFrom(file, net, true))
                .hasMessage(file + ": array W1 has shape (784, 100), the network's W1 is (784, 50); "
                        + "array b1 has shape (100,), the network's b1 is (50,); "
                        + "the network's W2, b2 are not in the file, which holds W1, b1, W3 "
                        + "(import non-strictly to keep the network's own values); "
                        + "array W3 is not in the network, whose weights are W1, b1, W2, b2 "
                        + "(import non-strictly to ignore them)");
    }

    @Test
    void aFileThatIsNotAnNpzIsAnIOExceptionNamingIt(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("notes.npz");
        Files.writeString(file, "not a zip");
        assertThatThrownBy(() -> NpzWeights.importFrom(file, small(DType.F32), true))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
    }
}
