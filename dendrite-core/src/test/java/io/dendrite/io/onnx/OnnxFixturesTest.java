package io.dendrite.io.onnx;

import io.dendrite.io.Npz;
import io.dendrite.model.Network;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.LayerNorm;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Residual;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.optim.Sgd;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.train.Solver;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX files made outside Dendrite — by the onnx Python package, shaped as PyTorch's and tf2onnx's exports — load
 * and give the outputs numpy and ONNX's reference evaluator computed (see make_fixtures.py beside them).
 */
class OnnxFixturesTest {

    static Path resource(String name) {
        try {
            return Path.of(OnnxFixturesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OnnxImport.Imported check(String name, int numClasses) throws IOException {
        OnnxImport.Imported m = OnnxImport.load(resource(name + ".onnx"));
        Map<String, Tensor> expected = Npz.read(resource(name + ".npz"));
        Tensor x = expected.get("x");
        assertThat(m.network().dtype()).isEqualTo(x.dtype());
        assertThat(m.numClasses()).isEqualTo(numClasses);
        OnnxRuntimeTest.assertClose(name, m.network().scores(x).toDoubleArray(), expected.get("scores").toDoubleArray());
        return m;
    }

    @Test
    void aPyTorchStyleMlpWithTransposedGemmWeightsLoadsAndScoresAsNumpy() throws IOException {
        OnnxImport.Imported m = check("torch_mlp", 3);
        Network net = m.network();
        assertThat(net.inputShape().orElseThrow()).containsExactly(1, 4, 4);
        assertThat(net.layers().layers()).hasSize(4).first().isInstanceOf(Flatten.class);
        assertThat(net.params().get("W1").value().shape()).containsExactly(16, 8);    // PyTorch's (8, 16), transposed
        assertThat(net.params().get("W2").value().shape()).containsExactly(8, 3);     // read from float_data
        assertThat(net.lossFunction()).isInstanceOf(SoftmaxCrossEntropy.class);
        assertThat(m.model().producerName()).isEqualTo("pytorch");
        assertThat(m.notes()).isEmpty();
    }

    @Test
    void aConvNetWithReshapeConstantDropoutAndIdentityLoads() throws IOException {
        Network net = check("conv_net", 4).network();
        assertThat(net.layers().layers()).extracting(l -> l.getClass().getSimpleName())
                .containsExactly("Conv2d", "ReLU", "MaxPool2d", "Flatten", "Dropout", "Linear");
        assertThat(((Dropout) net.layers().get(4)).p()).isEqualTo(0.25);
        assertThat(((Conv2d) net.layers().get(0)).pad()).isEqualTo(1);
    }

    @Test
    void batchNormAndAResidualAddBecomeBatchNorm2dAndAResidualBlock() throws IOException {
        OnnxImport.Imported m = check("bn_residual", 5);
        Network net = m.network();
        assertThat(net.layers().get(1)).isInstanceOf(BatchNorm2d.class);
        assertThat(((BatchNorm2d) net.layers().get(1)).eps()).isEqualTo(1e-5);
        assertThat(net.layers().get(3)).isInstanceOf(Residual.class);
        assertThat(net.layers().get(3).children()).extracting(l -> l.getClass().getSimpleName())
                .containsExactly("Conv2d", "BatchNorm2d", "ReLU");
        assertThat(((BatchNorm2d) net.layers().get(3).children().get(1)).eps()).isEqualTo(1e-3);
        assertThat(net.buffers()).containsKeys("running_mean1", "running_var2");
        assertThat(m.notes()).singleElement().asString().startsWith("dropped the final node #10 (Softmax)");

        Tensor x = Npz.read(resource("bn_residual.npz")).get("x");
        double[] probabilities = softmax(net.scores(x));
        OnnxRuntimeTest.assertClose("probabilities", probabilities,
                Npz.read(resource("bn_residual.npz")).get("probabilities").toDoubleArray());
    }

    @Test
    void aFloat64MatMulAddGraphWithLayerNormalizationLoadsAsF64() throws IOException {
        Network net = check("matmul_f64", 4).network();
        assertThat(net.dtype()).isEqualTo(DType.F64);
        assertThat(net.layers().layers()).extracting(l -> l.getClass().getSimpleName())
                .containsExactly("Linear", "LayerNorm", "LeakyReLU", "Sigmoid", "Linear", "Tanh");
        assertThat(((LayerNorm) net.layers().get(1)).eps()).isEqualTo(1e-5);
        assertThat(((Linear) net.layers().get(4)).bias().value().toDoubleArray()).isNotEqualTo(new double[4]);
    }

    @Test
    void anImportedPyTorchModelFineTunesWithTheSolver() throws IOException {
        Network net = OnnxImport.read(resource("torch_mlp.onnx"));
        Tensor x = Npz.read(resource("torch_mlp.npz")).get("x");
        int[] y = {2, 0, 1, 2, 0};
        double before = net.loss(x, y);
        Solver solver = Solver.builder(net).train(x, y).validation(x, y).updateRule(new Sgd(0.1))
                .numEpochs(30).batchSize(5).seed(1).build();
        solver.train();
        assertThat(net.loss(x, y)).isLessThan(before / 2);
    }

    private static double[] softmax(Tensor scores) {
        int n = scores.shape(0), c = scores.shape(1);
        double[] s = scores.toDoubleArray(), p = new double[s.length];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, s[i * c + j]);
            }
            for (int j = 0; j < c; j++) {
                sum += p[i * c + j] = Math.exp(s[i * c + j] - max);
            }
            for (int j = 0; j < c; j++) {
                p[i * c + j] /= sum;
            }
        }
        return p;
    }
}
