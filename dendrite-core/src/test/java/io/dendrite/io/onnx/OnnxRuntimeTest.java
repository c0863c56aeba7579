package io.dendrite.io.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Dendrite's ONNX exports in ONNX Runtime (its Java API, a test-scope dependency) and compares the outputs
 * with Dendrite's scores to 1e-5. ONNX Runtime ships native libraries; where they cannot load, the test is skipped
 * and says why.
 */
class OnnxRuntimeTest {
    private static final double TOLERANCE = 1e-5;
    /**
     * ONNX allows Conv in float64, but ONNX Runtime's CPU provider (1.20) has no double kernel for it
     * (ORT_NOT_IMPLEMENTED when the session is created): F64 convolutions are checked by the round trip only.
     */
    private static final Set<String> NO_DOUBLE_KERNEL = Set.of("Conv2d");

    private static OrtEnvironment env;

    @BeforeAll
    static void loadRuntime() {
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            Assumptions.abort("ONNX Runtime's native library does not load here: " + e);
        }
    }

    @Test
    void aNetworkWithEveryLayerRunsInOnnxRuntimeWithDendritesScores() throws OrtException {
        Network net = OnnxNetworks.everyLayer(DType.F32);
        Map<String, double[]> out = run(net, OnnxNetworks.input(net, 5, 4));
        Tensor x = OnnxNetworks.input(net, 5, 4);
        assertClose("scores", out.get(OnnxExport.SCORES), net.scores(x).toDoubleArray());
        assertClose("probabilities", out.get(OnnxExport.PROBABILITIES), softmaxRows(net.scores(x)));
    }

    @Test
    void eachLayerRunsInOnnxRuntimeWithDendritesScoresInFloat32() throws OrtException {
        for (Map.Entry<String, Network> e : OnnxNetworks.perLayer(DType.F32).entrySet()) {
            Tensor x = OnnxNetworks.input(e.getValue(), 3, 8);
            assertClose(e.getKey(), run(e.getValue(), x).get(OnnxExport.SCORES), e.getValue().scores(x).toDoubleArray());
        }
    }

    @Test
    void eachLayerWithADoubleKernelRunsInOnnxRuntimeInFloat64() throws OrtException {
        for (Map.Entry<String, Network> e : OnnxNetworks.perLayer(DType.F64).entrySet()) {
            if (NO_DOUBLE_KERNEL.contains(e.getKey())) {
                continue;
            }
            Tensor x = OnnxNetworks.input(e.getValue(), 3, 8);
            assertClose(e.getKey() + " F64", run(e.getValue(), x).get(OnnxExport.SCORES), e.getValue().scores(x).toDoubleArray());
        }
    }

    @Test
    void theImportFixturesRunInOnnxRuntimeWithTheirExpectedOutputs() throws Exception {
        for (String name : new String[]{"torch_mlp", "conv_net", "bn_residual", "matmul_f64"}) {
            Map<String, Tensor> expected = io.dendrite.io.Npz.read(OnnxFixturesTest.resource(name + ".npz"));
            byte[] model = java.nio.file.Files.readAllBytes(OnnxFixturesTest.resource(name + ".onnx"));
            String input = OnnxCodec.decode(model, name).graph().inputs().get(0).name();
            double[] out = run(model, input, expected.get("x")).values().iterator().next();
            String key = expected.containsKey("probabilities") ? "probabilities" : "scores";
            assertClose(name, out, expected.get(key).toDoubleArray());
        }
    }

    /** Every output of the exported {@code net} on {@code x}, flattened. */
    private static Map<String, double[]> run(Network net, Tensor x) throws OrtException {
        return run(OnnxCodec.encode(OnnxExport.toModel(net, net.inputShape().orElseThrow())), OnnxExport.INPUT, x);
    }

    /** Every output of the ONNX {@code model} on {@code x} given as {@code input}, flattened. */
    private static Map<String, double[]> run(byte[] model, String input, Tensor x) throws OrtException {
        long[] shape = Arrays.stream(x.shape()).asLongStream().toArray();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
             ai.onnxruntime.OnnxTensor in = x.dtype() == DType.F32
                     ? ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape)
                     : ai.onnxruntime.OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.toDoubleArray()), shape);
             OrtSession.Result r = s.run(Map.of(input, in))) {
            Map<String, double[]> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                ai.onnxruntime.OnnxTensor t = (ai.onnxruntime.OnnxTensor) e.getValue();
                double[] v;
                if (x.dtype() == DType.F32) {
                    FloatBuffer fb = t.getFloatBuffer();
                    v = new double[fb.remaining()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = fb.get(k);
                    }
                } else {
                    DoubleBuffer db = t.getDoubleBuffer();
                    v = new double[db.remaining()];
                    db.get(v);
                }
                out.put(e.getKey(), v);
            }
            return out;
        }
    }

    private static double[] softmaxRows(Tensor scores) {
        int n = scores.shape(0), c = scores.shape(1);
        double[] s = scores.toDoubleArray(), p = new double[s.length];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, s[i * c + j]);
            }
            for (int j = 0; j < c; j++) {
                p[i * c + j] = Math.exp(s[i * c + j] - max);
                sum += p[i * c + j];
            }
            for (int j = 0; j < c; j++) {
                p[i * c + j] /= sum;
            }
        }
        return p;
    }

    /** |actual − expected| ≤ 1e-5 · max(1, |expected|) everywhere; the message names the worst element. */
    static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what + ": output size").hasSameSizeAs(expected);
        int worst = -1;
        double worstExcess = 0;
        for (int k = 0; k < expected.length; k++) {
            double excess = Math.abs(actual[k] - expected[k]) - TOLERANCE * Math.max(1, Math.abs(expected[k]));
            if (!(excess <= worstExcess)) {
                worst = k;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " is " + actual[worst] + " in ONNX Runtime, "
                    + expected[worst] + " in Dendrite (tolerance " + TOLERANCE + " relative, 1e-5 absolute below 1)");
        }
    }
}
