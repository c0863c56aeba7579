package io.dendrite.bench;

import io.dendrite.nn.Conv2d;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Forward + backward of the MNIST convnet's first layers on a batch of 100 images (100, 1, 28, 28) in F32:
 * Conv2d(1→30, k=5, s=1, p=0) through im2col + GEMM ({@code convFast}) and through the direct loops
 * ({@code convReference}), and MaxPool2d(2×2, s=2) on the conv output. Scores are images per second.
 *
 * <pre>
 *   mvn -q -o test-compile
 *   mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector \
 *       -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main ConvBench -f 1 -wi 2 -i 3 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ConvBench {
    private static final int N = 100;

    private Conv2d conv;
    private MaxPool2d pool;
    private Tensor x, dout, poolIn, poolDout;

    @Setup(Level.Trial)
    public void setUp() {
        Rng rng = new Rng(1);
        conv = new Conv2d(1, 30, 5, 1, 0, rng, DType.F32);
        pool = new MaxPool2d(2, 2, 2);
        x = Tensor.rand(rng, DType.F32, N, 1, 28, 28);
        dout = Tensor.randn(rng, DType.F32, N, 30, 24, 24);
        poolIn = Tensor.randn(rng, DType.F32, N, 30, 24, 24);
        poolDout = Tensor.randn(rng, DType.F32, N, 30, 12, 12);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor convFast() {
        conv.forward(x);
        return conv.backward(dout);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor[] convReference() {
        Tensor out = Conv2d.referenceForward(x, conv.weight().value(), conv.bias().value(), 1, 0);
        Tensor[] g = Conv2d.referenceBackward(dout, x, conv.weight().value(), 1, 0);
        g[0] = out;
        return g;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Tensor maxPool() {
        pool.forward(poolIn);
        return pool.backward(poolDout);
    }
}
