package io.dendrite.bench;

import io.dendrite.tensor.kernel.Threads;
import io.dendrite.tensor.kernel.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * F32 GEMM {@code C = A·B} at the shapes Dendrite trains with, written M x K x N.
 *
 * <p>Reports microseconds per call; GFLOPS = 2·M·K·N / (1000 · us/op). {@code bench/jmh.sh} prints a
 * GFLOPS column next to JMH's table. Shapes: 1000^3 (peak reference), 100x784x50 and 100x50x10
 * (two-layer net on MNIST, batch 100), 100x4320x100 (conv net's hidden layer), 57600x25x30 (a 5x5
 * convolution with 30 filters through im2col: 100 images x 24x24 output positions, 25 = 1x5x5 inputs each).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    @Param({"1000x1000x1000", "100x784x50", "100x4320x100", "57600x25x30", "100x50x10"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"false"})
    public boolean transB;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setup() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        k = Integer.parseInt(parts[1]);
        n = Integer.parseInt(parts[2]);
        SplittableRandom r = new SplittableRandom(42);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-1, 1);
        }
        Threads.set(threads);
    }

    @Benchmark
    public float[] gemm() {
        Gemm.gemm(false, transB, m, n, k, a, 0, k, b, 0, transB ? k : n, c, 0, n, false);
        return c;
    }
}
