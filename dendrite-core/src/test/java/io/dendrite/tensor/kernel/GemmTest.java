package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class GemmTest {
    /** The ways to compute one product; every one must agree with the double-precision oracle. */
    enum Path { REFERENCE, SMALL, BLOCKED4, BLOCKED6, PUBLIC }

    private static final boolean[] BOOLS = {false, true};

    /** One product with random operands stored with offsets and padded leading dimensions. */
    static final class Case {
        final boolean f32, transA, transB, accumulate;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final double[] a, b, c0;

        Case(boolean f32, boolean transA, boolean transB, int m, int n, int k, boolean accumulate, long seed) {
            this.f32 = f32;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            SplittableRandom r = new SplittableRandom(seed);
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            aOff = r.nextInt(4);
            lda = aCols + r.nextInt(3);
            bOff = r.nextInt(4);
            ldb = bCols + r.nextInt(3);
            cOff = r.nextInt(4);
            ldc = n + r.nextInt(3);
            a = random(r, aOff + aRows * Math.max(lda, 1) + 3, f32);
            b = random(r, bOff + bRows * Math.max(ldb, 1) + 3, f32);
            c0 = random(r, cOff + m * Math.max(ldc, 1) + 3, f32);
        }

        double[] run(Path path) {
            if (f32) {
                float[] fa = toFloat(a), fb = toFloat(b), fc = toFloat(c0);
                switch (path) {
                    case REFERENCE -> GemmReference.gemm(transA, transB, m, n, k, fa, aOff, lda, fb, bOff, ldb, fc, cOff, ldc, accumulate);
                    case SMALL -> GemmF32.small(transA, transB, m, n, k, fa, aOff, lda, fb, bOff, ldb, fc, cOff, ldc, accumulate);
                    case BLOCKED4 -> blocked32(fa, fb, fc, 4);
                    case BLOCKED6 -> blocked32(fa, fb, fc, 6);
                    case PUBLIC -> Gemm.gemm(transA, transB, m, n, k, fa, aOff, lda, fb, bOff, ldb, fc, cOff, ldc, accumulate);
                }
                assertThat(fa).as("A unchanged").isEqualTo(toFloat(a));
                assertThat(fb).as("B unchanged").isEqualTo(toFloat(b));
                return toDouble(fc);
            }
            double[] da = a.clone(), db = b.clone(), dc = c0.clone();
            switch (path) {
                case REFERENCE -> GemmReference.gemm(transA, transB, m, n, k, da, aOff, lda, db, bOff, ldb, dc, cOff, ldc, accumulate);
                case SMALL -> GemmF64.small(transA, transB, m, n, k, da, aOff, lda, db, bOff, ldb, dc, cOff, ldc, accumulate);
                case BLOCKED4 -> blocked64(da, db, dc, 4);
                case BLOCKED6 -> blocked64(da, db, dc, 6);
                case PUBLIC -> Gemm.gemm(transA, transB, m, n, k, da, aOff, lda, db, bOff, ldb, dc, cOff, ldc, accumulate);
            }
            assertThat(da).as("A unchanged").isEqualTo(a);
            assertThat(db).as("B unchanged").isEqualTo(b);
            return dc;
        }

        // the blocked entry points require non-empty products; empty ones go through the facade's rules
        private void blocked32(float[] fa, float[] fb, float[] fc, int mr) {
            if (m == 0 || n == 0 || k == 0) {
                GemmF32.gemm(transA, transB, m, n, k, fa, aOff, lda, fb, bOff, ldb, fc, cOff, ldc, accumulate);
            } else {
                GemmF32.blocked(transA, transB, m, n, k, fa, aOff, lda, fb, bOff, ldb, fc, cOff, ldc, accumulate, mr);
            }
        }

        private void blocked64(double[] da, double[] db, double[] dc, int mr) {
            if (m == 0 || n == 0 || k == 0) {
                GemmF64.gemm(transA, transB, m, n, k, da, aOff, lda, db, bOff, ldb, dc, cOff, ldc, accumulate);
            } else {
                GemmF64.blocked(transA, transB, m, n, k, da, aOff, lda, db, bOff, ldb, dc, cOff, ldc, accumulate, mr);
            }
        }

        /** Asserts {@code got} is the product within a rounding bound, and that padding is untouched. */
        void check(double[] got, Path path) {
            double unit = f32 ? 0x1p-24 : 0x1p-53;
            for (int idx = 0; idx < got.length; idx++) {
                int rel = idx - cOff;
                int i = rel >= 0 ? rel / Math.max(ldc, 1) : -1;
                int j = rel >= 0 ? rel % Math.max(ldc, 1) : -1;
                boolean inside = rel >= 0 && i < m && j < n;
                if (!inside) {
                    if (Double.doubleToRawLongBits(got[idx]) != Double.doubleToRawLongBits(c0[idx])) {
                        fail("%s wrote outside C at array index %d (%s)", path, idx, this);
                    }
                    continue;
                }
                double exact = accumulate ? c0[idx] : 0;
                double bound = accumulate ? Math.abs(c0[idx]) : 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    exact += av * bv;
                    bound += Math.abs(av * bv);
                }
                double tol = (k + 2) * unit * bound + Double.MIN_NORMAL;
                if (!(Math.abs(got[idx] - exact) <= tol)) {
                    fail("%s: C[%d,%d] = %s, expected %s within %s (%s)", path, i, j, got[idx], exact, tol, this);
                }
            }
        }

        @Override
        public String toString() {
            return (f32 ? "F32" : "F64") + " " + m + "x" + k + " @ " + k + "x" + n + " transA=" + transA + " transB=" + transB
                    + " acc=" + accumulate + " offsets " + aOff + "/" + bOff + "/" + cOff + " ld " + lda + "/" + ldb + "/" + ldc;
        }
    }

    static double[] random(SplittableRandom r, int len, boolean f32) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            double v = r.nextDouble(-1, 1);
            x[i] = f32 ? (float) v : v;
        }
        return x;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static void checkAllPaths(int m, int n, int k, long seed, Path... paths) {
        for (boolean f32 : BOOLS) {
            for (boolean ta : BOOLS) {
                for (boolean tb : BOOLS) {
                    for (boolean acc : BOOLS) {
                        Case c = new Case(f32, ta, tb, m, n, k, acc, seed++);
                        for (Path p : paths) {
                            c.check(c.run(p), p);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyPathAgreesWithTheOracleOnAllShapesUpTo5IncludingEmpty() {
        long seed = 1;
        for (int m = 0; m <= 5; m++) {
            for (int n = 0; n <= 5; n++) {
                for (int k = 0; k <= 5; k++) {
                    checkAllPaths(m, n, k, seed, Path.values());
                    seed += 100;
                }
            }
        }
    }

    @Test
    void blockingThresholdsAndOddSizes() {
        int[] special = {7, 15, 16, 17, 33, GemmF32.MC - 1, GemmF32.MC, GemmF32.MC + 1,
                GemmF32.KC - 1, GemmF32.KC, GemmF32.KC + 1, 257};
        long seed = 10_000;
        for (int s : special) {
            checkAllPaths(s, 9, 13, seed++, Path.values());
            checkAllPaths(11, s, 6, seed++, Path.values());
            checkAllPaths(5, 7, s, seed++, Path.values());
        }
        checkAllPaths(33, 33, 33, seed++, Path.values());
        checkAllPaths(7, 17, 2 * GemmF32.KC + 3, seed++, Path.values());
    }

    @Test
    void largeDimensionsKeptSmallElsewhere() {
        checkAllPaths(1000, 3, 5, 20_000, Path.values());
        checkAllPaths(3, 1000, 5, 20_001, Path.values());
        checkAllPaths(2, 3, 1000, 20_002, Path.values());
        // more columns than one NC block
        checkAllPaths(2, GemmF32.NC + 17, 3, 20_003, Path.BLOCKED4, Path.BLOCKED6, Path.PUBLIC);
    }

    @Test
    void knownProductExactly() {
        float[] a = {1, 2, 3, 4, 5, 6};          // 2x3
        float[] b = {7, 8, 9, 10, 11, 12};       // 3x2
        float[] c = new float[4];
        Gemm.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false);
        assertThat(c).containsExactly(58, 64, 139, 154);
        Gemm.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, true);
        assertThat(c).containsExactly(116, 128, 278, 308);

        // integers small enough to be exact in float: the blocked path must give the exact values
        int m = 37, n = 41, k = 300;
        float[] x = new float[m * k], y = new float[k * n];
        double[] xd = new double[m * k], yd = new double[k * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 % 11) - 5;
            xd[i] = x[i];
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (i * 5 % 13) - 6;
            yd[i] = y[i];
        }
        float[] z = new float[m * n];
        double[] zd = new double[m * n];
        Gemm.gemm(false, false, m, n, k, x, 0, k, y, 0, n, z, 0, n, false);
        Gemm.gemm(false, false, m, n, k, xd, 0, k, yd, 0, n, zd, 0, n, false);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int p = 0; p < k; p++) {
                    s += (long) x[i * k + p] * (long) y[p * n + j];
                }
                assertThat(z[i * n + j]).as("F32 C[%d,%d]", i, j).isEqualTo((float) s);
                assertThat(zd[i * n + j]).as("F64 C[%d,%d]", i, j).isEqualTo((double) s);
            }
        }
    }

    @Test
    void zeroDepthClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, true);
        assertThat(c).containsExactly(1, 2, 3, 4);
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, c, 0, 2, false);
        assertThat(c).containsExactly(0, 0, 0, 0);
        double[] d = {1, 2, 3, 4, 5};
        Gemm.gemm(true, true, 2, 2, 0, new double[0], 0, 2, new double[0], 0, 1, d, 0, 3, false);
        assertThat(d).containsExactly(0, 0, 3, 0, 0);
    }

    @Test
    void oldValuesOfCAreNotReadWhenNotAccumulating() {
        for (int size : new int[]{3, 40}) {
            float[] a = new float[size * size], b = new float[size * size], c = new float[size * size];
            Arrays.fill(a, 1);
            Arrays.fill(b, 2);
            Arrays.fill(c, Float.NaN);
            Gemm.gemm(false, false, size, size, size, a, 0, size, b, 0, size, c, 0, size, false);
            for (float v : c) {
                assertThat(v).isEqualTo(2f * size);
            }
        }
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCountAndTile() {
        int previous = Threads.count();
        try {
            // big enough to be split by rows, by panels, and to pack B on several threads
            // (m, n, k): rows; panels and packing; rows; rows with many tiles
            int[][] shapes = {{200, 300, 260}, {6, 4000, 600}, {130, 70, 600}, {3000, 40, 60}};
            long seed = 30_000;
            for (int[] s : shapes) {
                for (boolean f32 : BOOLS) {
                    for (boolean ta : BOOLS) {
                        for (boolean tb : BOOLS) {
                            Case c = new Case(f32, ta, tb, s[0], s[1], s[2], seed % 2 == 0, seed++);
                            List<double[]> results = new ArrayList<>();
                            for (int threads : new int[]{1, 2, 3}) {
                                Threads.set(threads);
                                results.add(c.run(Path.PUBLIC));
                                results.add(c.run(Path.BLOCKED4));
                                results.add(c.run(Path.BLOCKED6));
                            }
                            c.check(results.get(0), Path.PUBLIC);
                            for (double[] r : results) {
                                assertThat(r).as("bit-identical: %s", c).isEqualTo(results.get(0));
                            }
                        }
                    }
                }
            }
        } finally {
            Threads.set(previous);
        }
    }

    @Test
    void rejectsOverlapAndOutOfBoundsWithAClearMessage() {
        float[] x = new float[100];
        assertThatThrownBy(() -> Gemm.gemm(false, false, 3, 3, 3, x, 0, 3, new float[9], 0, 3, x, 5, 3, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps A");
        assertThatThrownBy(() -> Gemm.gemm(false, false, 3, 3, 3, new float[9], 0, 3, x, 0, 3, x, 5, 3, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps B");
        // disjoint regions of one array are fine
        float[] y = new float[27];
        Arrays.fill(y, 0, 18, 1);
        Gemm.gemm(false, false, 3, 3, 3, y, 0, 3, y, 9, 3, y, 18, 3, false);
        assertThat(Arrays.copyOfRange(y, 18, 27)).containsOnly(3f);
        assertThatThrownBy(() -> Gemm.gemm(false, false, 3, 3, 3, new float[8], 0, 3, new float[9], 0, 3, new float[9], 0, 3, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A as stored (3x3");
        assertThatThrownBy(() -> Gemm.gemm(false, true, 2, 3, 4, new double[8], 0, 4, new double[12], 0, 3, new double[6], 0, 3, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ldb=3");
    }
}
