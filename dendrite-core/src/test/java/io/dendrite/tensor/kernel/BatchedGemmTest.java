package io.dendrite.tensor.kernel;

import io.dendrite.tensor.kernel.BatchedGemm.Layout;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The batched products against a plain loop of {@link GemmReference} products over the same layouts: every small
 * shape 1..4 with both transposes, plain and head-grouped layouts, accumulation, zero-size batches and products,
 * F32 and F64, and the same bits on one and two threads.
 */
class BatchedGemmTest {
    /** The operands of one batched product in head layout: matrix (b, g) of A at b·outer + g·inner, rows ld apart. */
    private record Case(int count, int group, boolean ta, boolean tb, int m, int n, int k, boolean accumulate,
                        Layout la, Layout lb, Layout lc, double[] a, double[] b, double[] c0) {
        static Case random(int batches, int group, boolean ta, boolean tb, int m, int n, int k, boolean accumulate,
                           long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int count = batches * group;
            Layout la = headLayout(r, group, ta ? k : m, ta ? m : k);
            Layout lb = headLayout(r, group, tb ? n : k, tb ? k : n);
            Layout lc = headLayout(r, group, m, n);
            return new Case(count, group, ta, tb, m, n, k, accumulate, la, lb, lc,
                    values(r, size(la, batches, ta ? k : m)), values(r, size(lb, batches, tb ? n : k)),
                    values(r, size(lc, batches, m)));
        }

        /** Heads side by side within a row of width group·cols (+ padding), batches of such rows one after another. */
        private static Layout headLayout(SplittableRandom r, int group, int rows, int cols) {
            int ld = group * cols + r.nextInt(3);
            return new Layout(r.nextInt(3), group, rows * ld + r.nextInt(3), cols, ld);
        }

        private static int size(Layout l, int batches, int rows) {
            return l.offset() + batches * l.outerStride() + rows * l.ld() + 3;
        }

        private static double[] values(SplittableRandom r, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextDouble() * 2 - 1);   // representable in float, so F32 and F64 see the same
            }
            return v;
        }

        double[] reference() {
            double[] c = c0.clone();
            for (int i = 0; i < count; i++) {
                GemmReference.gemm(ta, tb, m, n, k, a, la.start(i), la.ld(), b, lb.start(i), lb.ld(), c, lc.start(i),
                        lc.ld(), accumulate);
            }
            return c;
        }

        double[] run64() {
            double[] c = c0.clone();
            BatchedGemm.gemm(count, ta, tb, m, n, k, a.clone(), la, b.clone(), lb, c, lc, accumulate);
            return c;
        }

        float[] run32() {
            float[] c = toFloat(c0);
            BatchedGemm.gemm(count, ta, tb, m, n, k, toFloat(a), la, toFloat(b), lb, c, lc, accumulate);
            return c;
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void everySmallShapeMatchesTheReference() {
        long seed = 0;
        for (int group : new int[]{1, 3}) {
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    for (int m = 1; m <= 4; m++) {
                        for (int n = 1; n <= 4; n++) {
                            for (int k = 1; k <= 4; k++) {
                                Case c = Case.random(2, group, ta, tb, m, n, k, (m + n + k) % 2 == 0, seed++);
                                double[] expected = c.reference();
                                double[] got = c.run64();
                                for (int i = 0; i < expected.length; i++) {
                                    assertThat(got[i]).as("F64 element %d of %s", i, c).isCloseTo(expected[i], within(1e-12));
                                }
                                float[] got32 = c.run32();
                                for (int i = 0; i < expected.length; i++) {
                                    assertThat((double) got32[i]).as("F32 element %d", i).isCloseTo(expected[i], within(1e-5));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Outside the C matrices nothing is written: the padding between heads and rows keeps its values. */
    @Test
    void writesOnlyTheOutputMatrices() {
        Case c = Case.random(3, 2, false, true, 3, 4, 5, false, 7);
        double[] got = c.run64();
        boolean[] inside = new boolean[got.length];
        for (int i = 0; i < c.count(); i++) {
            for (int row = 0; row < c.m(); row++) {
                for (int col = 0; col < c.n(); col++) {
                    inside[c.lc().start(i) + row * c.lc().ld() + col] = true;
                }
            }
        }
        for (int i = 0; i < got.length; i++) {
            if (!inside[i]) {
                assertThat(got[i]).as("element %d outside every C", i).isEqualTo(c.c0()[i]);
            }
        }
    }

    @Test
    void largeBatchesAreBitIdenticalOnOneAndTwoThreads() {
        int saved = Threads.count();
        try {
            for (int[] shape : new int[][]{{64, 4, 7, 7, 16}, {2, 2, 300, 200, 100}}) {
                Case c = Case.random(shape[0], shape[1], false, true, shape[2], shape[3], shape[4], false, 11);
                Threads.set(1);
                float[] one = c.run32();
                double[] one64 = c.run64();
                Threads.set(2);
                assertThat(c.run32()).containsExactly(one);
                assertThat(c.run64()).containsExactly(one64);
            }
        } finally {
            Threads.set(saved);
        }
    }

    @Test
    void emptyBatchesAndEmptyProducts() {
        double[] c = {5, 5};
        BatchedGemm.gemm(0, false, false, 1, 1, 1, new double[0], Layout.of(0, 1, 1), new double[0], Layout.of(0, 1, 1),
                c, Layout.of(0, 1, 1), false);
        assertThat(c).containsExactly(5, 5);
        BatchedGemm.gemm(2, false, false, 1, 1, 0, new double[0], Layout.of(0, 0, 0), new double[0], Layout.of(0, 0, 1),
                c, Layout.of(0, 1, 1), false);
        assertThat(c).containsExactly(0, 0);   // k = 0: C = 0, as Gemm
    }

    @Test
    void badLayoutsAreRefused() {
        assertThatThrownBy(() -> new Layout(0, 0, 1, 1, 1)).hasMessageContaining("group 0");
        assertThatThrownBy(() -> BatchedGemm.gemm(2, false, false, 2, 2, 2, new double[8], Layout.of(0, 4, 2),
                new double[4], Layout.of(0, 4, 2), new double[8], Layout.of(0, 4, 2), false))
                .hasMessageContaining("needs 8 elements but its array has 4");
        assertThatThrownBy(() -> BatchedGemm.gemm(-1, false, false, 1, 1, 1, new double[1], Layout.of(0, 1, 1),
                new double[1], Layout.of(0, 1, 1), new double[1], Layout.of(0, 1, 1), false)).hasMessageContaining("-1");
    }
}
