package io.dendrite.tensor.kernel;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.Arrays;

/**
 * Run by {@link PlainJavaLaunchTest} in a fresh JVM: a few products through the public API, printed as hashes of
 * their bits. GEMM computes every element as the same FMA chain on both paths, so the hashes do not depend on
 * whether the Vector API is enabled.
 */
public final class PlainJavaProbe {
    private PlainJavaProbe() {
    }

    static String products() {
        StringBuilder out = new StringBuilder();
        for (DType dtype : new DType[]{DType.F32, DType.F64}) {
            Rng rng = new Rng(7);
            Tensor a = Tensor.randn(rng, dtype, 70, 90), b = Tensor.randn(rng, dtype, 90, 50);
            Tensor c = a.matmul(b);
            Tensor d = c.matmulTN(c);   // a second kernel call: the notice must still come once
            out.append(dtype).append(' ').append(hash(c)).append(' ').append(hash(d)).append('\n');
        }
        return out.toString();
    }

    private static int hash(Tensor t) {
        return t.dtype() == DType.F32 ? Arrays.hashCode(t.floatData()) : Arrays.hashCode(t.doubleData());
    }

    public static void main(String[] args) {
        System.out.print(products());
        System.out.println("vector " + Simd.AVAILABLE);
    }
}
