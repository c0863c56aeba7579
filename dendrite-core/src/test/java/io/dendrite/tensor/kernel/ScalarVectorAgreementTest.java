package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plain-Java kernel bodies against the Vector API ones, called directly in a JVM that has both: elementwise
 * loops and GEMM/convolution tiles bit for bit (the same expression or FMA chain per element), reductions to a
 * rounding tolerance (they sum in a different order). The plain-Java path as a whole runs the kernel, layer and
 * 1-vs-N-thread tests in the {@code plain-java} surefire execution.
 */
class ScalarVectorAgreementTest {
    private static final int[] LENGTHS = {1, 3, 7, 8, 9, 16, 17, 33, 255, 256, 257, 1031};

    @BeforeAll
    static void needsTheVectorApi() {
        assumeTrue(Simd.AVAILABLE, "compares with the Vector API bodies, which need --add-modules jdk.incubator.vector");
    }

    private static float[] floats(SplittableRandom r, int len) {
        return VecOpsTest.floats(r, len);
    }

    private static double[] doubles(SplittableRandom r, int len) {
        return VecOpsTest.doubles(r, len);
    }

    private static void assertBits(float[] scalar, float[] vector, String what) {
        for (int i = 0; i < scalar.length; i++) {
            assertThat(Float.floatToIntBits(scalar[i])).as("%s index %d: %s vs %s", what, i, scalar[i], vector[i])
                    .isEqualTo(Float.floatToIntBits(vector[i]));
        }
    }

    private static void assertBits(double[] scalar, double[] vector, String what) {
        for (int i = 0; i < scalar.length; i++) {
            assertThat(Double.doubleToLongBits(scalar[i])).as("%s index %d: %s vs %s", what, i, scalar[i], vector[i])
                    .isEqualTo(Double.doubleToLongBits(vector[i]));
        }
    }

    @Test
    void elementwiseLoopsAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(1);
        for (int len : LENGTHS) {
            float[] a = floats(r, len + 2), b = floats(r, len + 3);
            double[] da = doubles(r, len + 2), db = doubles(r, len + 3);
            for (int op = 0; op < 12; op++) {
                float[] s = floats(r, len + 1), v = s.clone();
                double[] ds = doubles(r, len + 1), dv = ds.clone();
                switch (op) {
                    case 0 -> { VecOpsScalar.add(a, 2, b, 3, s, 1, len); VecOpsVector.add(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.add(da, 2, db, 3, ds, 1, len); VecOpsVector.add(da, 2, db, 3, dv, 1, len); }
                    case 1 -> { VecOpsScalar.sub(a, 2, b, 3, s, 1, len); VecOpsVector.sub(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.sub(da, 2, db, 3, ds, 1, len); VecOpsVector.sub(da, 2, db, 3, dv, 1, len); }
                    case 2 -> { VecOpsScalar.mul(a, 2, b, 3, s, 1, len); VecOpsVector.mul(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.mul(da, 2, db, 3, ds, 1, len); VecOpsVector.mul(da, 2, db, 3, dv, 1, len); }
                    case 3 -> { VecOpsScalar.div(a, 2, b, 3, s, 1, len); VecOpsVector.div(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.div(da, 2, db, 3, ds, 1, len); VecOpsVector.div(da, 2, db, 3, dv, 1, len); }
                    case 4 -> { VecOpsScalar.max(a, 2, b, 3, s, 1, len); VecOpsVector.max(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.max(da, 2, db, 3, ds, 1, len); VecOpsVector.max(da, 2, db, 3, dv, 1, len); }
                    case 5 -> { VecOpsScalar.min(a, 2, b, 3, s, 1, len); VecOpsVector.min(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.min(da, 2, db, 3, ds, 1, len); VecOpsVector.min(da, 2, db, 3, dv, 1, len); }
                    case 6 -> { VecOpsScalar.addScalar(a, 2, 0.3f, s, 1, len); VecOpsVector.addScalar(a, 2, 0.3f, v, 1, len);
                        VecOpsScalar.addScalar(da, 2, 0.3, ds, 1, len); VecOpsVector.addScalar(da, 2, 0.3, dv, 1, len); }
                    case 7 -> { VecOpsScalar.mulScalar(a, 2, 0.3f, s, 1, len); VecOpsVector.mulScalar(a, 2, 0.3f, v, 1, len);
                        VecOpsScalar.mulScalar(da, 2, 0.3, ds, 1, len); VecOpsVector.mulScalar(da, 2, 0.3, dv, 1, len); }
                    case 8 -> { VecOpsScalar.axpy(0.7f, a, 2, s, 1, len); VecOpsVector.axpy(0.7f, a, 2, v, 1, len);
                        VecOpsScalar.axpy(0.7, da, 2, ds, 1, len); VecOpsVector.axpy(0.7, da, 2, dv, 1, len); }
                    case 9 -> { VecOpsScalar.relu(a, 2, s, 1, len); VecOpsVector.relu(a, 2, v, 1, len);
                        VecOpsScalar.relu(da, 2, ds, 1, len); VecOpsVector.relu(da, 2, dv, 1, len); }
                    case 10 -> { VecOpsScalar.reluBackward(a, 2, b, 3, s, 1, len); VecOpsVector.reluBackward(a, 2, b, 3, v, 1, len);
                        VecOpsScalar.reluBackward(da, 2, db, 3, ds, 1, len); VecOpsVector.reluBackward(da, 2, db, 3, dv, 1, len); }
                    default -> { VecOpsScalar.scaleShift(a, 2, 1.5f, -0.25f, s, 1, len);
                        VecOpsVector.scaleShift(a, 2, 1.5f, -0.25f, v, 1, len);
                        float[] s2 = s.clone(), v2 = v.clone();
                        VecOpsScalar.combine(0.5f, a, 2, -2f, b, 3, 0.1f, s2, 1, len);
                        VecOpsVector.combine(0.5f, a, 2, -2f, b, 3, 0.1f, v2, 1, len);
                        assertBits(s2, v2, "combine len " + len); }
                }
                assertBits(s, v, "float op " + op + " len " + len);
                assertBits(ds, dv, "double op " + op + " len " + len);
            }
        }
    }

    @Test
    void reductionsAgreeToRoundingAndArgReductionsExactly() {
        SplittableRandom r = new SplittableRandom(2);
        for (int len : LENGTHS) {
            float[] x = floats(r, len + 1), y = floats(r, len + 2);
            double[] dx = doubles(r, len + 1), dy = doubles(r, len + 2);
            double tol = 1e-5 * len;
            assertThat(VecOpsScalar.sum(x, 1, len)).as("sum len %d", len).isCloseTo(VecOpsVector.sum(x, 1, len), within(tol));
            assertThat(VecOpsScalar.dot(x, 1, y, 2, len)).as("dot len %d", len)
                    .isCloseTo(VecOpsVector.dot(x, 1, y, 2, len), within(tol));
            assertThat(VecOpsScalar.squaredDeviations(x, 1, len, 0.25f)).as("squaredDeviations len %d", len)
                    .isCloseTo(VecOpsVector.squaredDeviations(x, 1, len, 0.25f), within(tol));
            assertThat(VecOpsScalar.sum(dx, 1, len)).isCloseTo(VecOpsVector.sum(dx, 1, len), within(1e-12 * len));
            assertThat(VecOpsScalar.dot(dx, 1, dy, 2, len)).isCloseTo(VecOpsVector.dot(dx, 1, dy, 2, len), within(1e-12 * len));
            assertThat(VecOpsScalar.reduceMax(x, 1, len)).isEqualTo(VecOpsVector.reduceMax(x, 1, len));
            assertThat(VecOpsScalar.reduceMin(x, 1, len)).isEqualTo(VecOpsVector.reduceMin(x, 1, len));
            assertThat(VecOpsScalar.argmax(x, 1, len)).as("argmax len %d", len).isEqualTo(VecOpsVector.argmax(x, 1, len));
            assertThat(VecOpsScalar.reduceMax(dx, 1, len)).isEqualTo(VecOpsVector.reduceMax(dx, 1, len));
            assertThat(VecOpsScalar.reduceMin(dx, 1, len)).isEqualTo(VecOpsVector.reduceMin(dx, 1, len));
            assertThat(VecOpsScalar.argmax(dx, 1, len)).isEqualTo(VecOpsVector.argmax(dx, 1, len));
            x[1 + len / 2] = Float.NaN;
            x[1 + len - 1] = Float.NaN;
            assertThat(VecOpsScalar.argmax(x, 1, len)).as("argmax with NaN len %d", len).isEqualTo(VecOpsVector.argmax(x, 1, len));
        }
    }

    /** A kc × nr panel of the logical kc × 16 matrix {@code b}, k-major, as GemmF32 packs it. */
    private static float[] panel(float[] b, int kc, int nr) {
        float[] bp = new float[kc * nr];
        for (int p = 0; p < kc; p++) {
            for (int q = 0; q < nr; q++) {
                bp[p * nr + q] = q < 16 ? b[p * 16 + q] : 0;
            }
        }
        return bp;
    }

    private static double[] panel(double[] b, int kc, int nr) {
        double[] bp = new double[kc * nr];
        for (int p = 0; p < kc; p++) {
            for (int q = 0; q < nr; q++) {
                bp[p * nr + q] = q < 16 ? b[p * 16 + q] : 0;
            }
        }
        return bp;
    }

    @Test
    void gemmMicroKernelsAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(3);
        for (int mr : new int[]{4, 6}) {
            for (int kc : new int[]{1, 2, 7, 64, 256}) {
                float[] a = floats(r, mr * kc), b = floats(r, kc * 16);
                double[] da = doubles(r, mr * kc), db = doubles(r, kc * 16);
                int ldc = 20, nrs = GemmF32Scalar.NR, nrv = GemmF32Vector.NR;
                float[] cs = new float[mr * ldc], cv = new float[mr * ldc];
                GemmF32Scalar.kernel(mr, kc, a, 0, 1, mr, panel(b, kc, nrs), 0, cs, 0, ldc);
                GemmF32Vector.kernel(mr, kc, a, 0, 1, mr, panel(b, kc, nrv), 0, cv, 0, ldc);
                double[] dcs = new double[mr * ldc], dcv = new double[mr * ldc];
                int dnrs = GemmF64Scalar.NR, dnrv = GemmF64Vector.NR;
                // A read in place (row stride kc, k stride 1), as the direct path does
                GemmF64Scalar.kernel(mr, kc, da, 0, kc, 1, panel(db, kc, dnrs), 0, dcs, 0, ldc);
                GemmF64Vector.kernel(mr, kc, da, 0, kc, 1, panel(db, kc, dnrv), 0, dcv, 0, ldc);
                for (int i = 0; i < mr; i++) {
                    for (int q = 0; q < Math.min(nrs, nrv); q++) {
                        assertThat(Float.floatToIntBits(cs[i * ldc + q])).as("F32 mr %d kc %d (%d, %d)", mr, kc, i, q)
                                .isEqualTo(Float.floatToIntBits(cv[i * ldc + q]));
                    }
                    for (int q = 0; q < Math.min(dnrs, dnrv); q++) {
                        assertThat(Double.doubleToLongBits(dcs[i * ldc + q])).as("F64 mr %d kc %d (%d, %d)", mr, kc, i, q)
                                .isEqualTo(Double.doubleToLongBits(dcv[i * ldc + q]));
                    }
                }
            }
        }
    }

    @Test
    void convolutionProductsAgree() {
        SplittableRandom r = new SplittableRandom(4);
        for (int m : new int[]{1, 4, 5, 9}) {
            for (int n : new int[]{1, 7, 16, 17, 49, 196}) {
                for (int k : new int[]{1, 25}) {
                    float[] a = floats(r, m * k), b = floats(r, k * n), bias = floats(r, m);
                    float[] cs = new float[m * n], cv = new float[m * n];
                    ConvGemmScalar.mulAdd(m, n, k, a, 0, k, 1, b, 0, n, cs, 0, n, bias, 0);
                    ConvGemmVector.mulAdd(m, n, k, a, 0, k, 1, b, 0, n, cv, 0, n, bias, 0);
                    assertBits(cs, cv, "mulAdd m " + m + " n " + n + " k " + k);
                    ConvGemmScalar.mulAdd(k, n, m, a, 0, 1, k, cs, 0, n, b, 0, n, null, 0);
                    float[] bv = b.clone();
                    ConvGemmVector.mulAdd(k, n, m, a, 0, 1, k, cv, 0, n, bv, 0, n, null, 0);
                    assertBits(b, bv, "mulAdd transposed m " + m + " n " + n + " k " + k);
                    float[] ds = floats(r, m * k), dv = ds.clone();
                    ConvGemmScalar.addDotsNT(m, k, n, cs, 0, n, b, 0, n, ds, 0, k);
                    ConvGemmVector.addDotsNT(m, k, n, cv, 0, n, bv, 0, n, dv, 0, k);
                    for (int i = 0; i < ds.length; i++) {
                        assertThat(ds[i]).as("addDotsNT m %d n %d k %d index %d", m, n, k, i)
                                .isCloseTo(dv[i], within(1e-4f * (1 + Math.abs(dv[i]))));
                    }
                }
            }
        }
    }
}
