package io.dendrite.bench;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Simd;
import io.dendrite.tensor.kernel.Threads;

import java.util.Arrays;
import java.util.Locale;

/**
 * Milliseconds per F32 {@code Tensor.matmul} of two n×n matrices (default 512) on the kernels this JVM runs:
 * the Vector API ones when started with {@code --add-modules jdk.incubator.vector}, the plain-Java ones
 * otherwise. {@code bench/simd-factor.sh} runs it both ways and prints the factor quoted in {@code Simd} and
 * the README. Warms up for about two seconds, then prints the best and the median of 21 calls
 * (the best is the one to compare on a machine shared with other work).
 */
public final class SimdFactor {
    private SimdFactor() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        Rng rng = new Rng(0);
        Tensor a = Tensor.randn(rng, DType.F32, n, n);
        Tensor b = Tensor.randn(rng, DType.F32, n, n);
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        float sink = 0;
        while (System.nanoTime() < warmEnd) {
            sink += a.matmul(b).floatData()[0];
        }
        double[] ms = new double[21];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            sink += a.matmul(b).floatData()[0];
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "java %s, %s, %d threads: %dx%dx%d F32 matmul best %.2f ms, median %.2f ms"
                        + " (of %d)%s%n", Runtime.version().feature(), Simd.describe(), Threads.count(), n, n, n, ms[0],
                ms[ms.length / 2], ms.length, sink == 12345 ? " " : "");
    }
}
