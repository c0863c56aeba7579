package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other direction of {@link NumpyInteropTest}: {@code np.load} reads what Dendrite writes. Runs
 * only where {@code python3} with numpy is installed, and is skipped (not failed) elsewhere.
 */
class NumpyLoadsDendriteTest {
    @TempDir
    Path dir;

    private static final String CHECK = String.join("\n",
            "import sys, numpy as np",
            "w = np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(7)",
            "for f in sys.argv[1:3]:",
            "    z = np.load(f)",
            "    assert list(z.keys()) == ['w', 'b', 's', 'e'], list(z.keys())",
            "    assert z['w'].dtype == np.float32 and np.array_equal(z['w'], w), z['w']",
            "    assert z['b'].dtype == np.float64",
            "    assert z['b'].view(np.uint64).tolist() == np.array([np.nan, np.inf, -0.0, 5e-324]).view(np.uint64).tolist()",
            "    assert z['s'].shape == () and z['s'] == 2.5",
            "    assert z['e'].shape == (0, 3) and z['e'].dtype == np.float32",
            "x = np.load(sys.argv[3])",
            "assert x.dtype == np.float32 and np.array_equal(x, w)",
            "print('ok')");

    @Test
    void npLoadReadsWhatDendriteWrites() throws Exception {
        assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        float[] w = new float[6];
        for (int i = 0; i < 6; i++) {
            w[i] = i / 7f;
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.of(w, 2, 3));
        m.put("b", Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE}, 4));
        m.put("s", Tensor.of(new double[] {2.5}));
        m.put("e", Tensor.of(new float[0], 0, 3));
        Npz.write(dir.resolve("stored.npz"), m);
        Npz.writeCompressed(dir.resolve("deflated.npz"), m);
        Npy.write(dir.resolve("w.npy"), m.get("w"));
        Process p = new ProcessBuilder("python3", "-c", CHECK, dir.resolve("stored.npz").toString(),
                dir.resolve("deflated.npz").toString(), dir.resolve("w.npy").toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output.strip()).as("python3 output").isEqualTo("ok");
        assertThat(p.exitValue()).isZero();
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
