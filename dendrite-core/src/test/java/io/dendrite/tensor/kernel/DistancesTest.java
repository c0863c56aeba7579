package io.dendrite.tensor.kernel;

import io.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The distance kernels against plain loops: sizes around the tile and vector widths, offsets, 1 and 2 threads. */
class DistancesTest {
    private static double[] random(Rng rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double naive(double[] x, int xOff, double[] y, int yOff, int d, boolean l1) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double diff = x[xOff + t] - y[yOff + t];
            s += l1 ? Math.abs(diff) : diff * diff;
        }
        return s;
    }

    @Test
    void bothMetricsMatchPlainLoopsInBothDtypes() {
        Rng rng = new Rng(1);
        int[] threads = {1, 2};
        for (int th : threads) {
            Threads.set(th);
            try {
                for (int m : new int[]{1, 3, 9}) {
                    for (int n : new int[]{1, 5, Distances.TILE - 1, Distances.TILE, Distances.TILE + 1, 2 * Distances.TILE + 3}) {
                        for (int d : new int[]{1, 2, 7, 8, 9, 17, 33}) {
                            check(rng, m, n, d);
                        }
                    }
                }
            } finally {
                Threads.set(0);
            }
        }
    }

    private static void check(Rng rng, int m, int n, int d) {
        int xOff = 3, yOff = 5, outOff = 2;
        double[] x = random(rng, xOff + m * d), y = random(rng, yOff + n * d);
        float[] xf = floats(x), yf = floats(y);
        double[] xn = new double[m], yn = new double[n];
        Distances.squaredNorms(x, xOff, m, d, xn);
        Distances.squaredNorms(y, yOff, n, d, yn);
        double[] l2 = new double[outOff + m * n], l1 = new double[outOff + m * n];
        float[] l2f = new float[outOff + m * n], l1f = new float[outOff + m * n];
        Distances.squaredL2(x, xOff, m, y, yOff, n, d, xn, yn, l2, outOff);
        Distances.l1(x, xOff, m, y, yOff, n, d, l1, outOff);
        double[] xnf = new double[m], ynf = new double[n];
        Distances.squaredNorms(xf, xOff, m, d, xnf);
        Distances.squaredNorms(yf, yOff, n, d, ynf);
        Distances.squaredL2(xf, xOff, m, yf, yOff, n, d, xnf, ynf, l2f, outOff);
        Distances.l1(xf, xOff, m, yf, yOff, n, d, l1f, outOff);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                String at = String.format("m=%d n=%d d=%d (%d, %d)", m, n, d, i, j);
                double e2 = naive(x, xOff + i * d, y, yOff + j * d, d, false);
                double e1 = naive(x, xOff + i * d, y, yOff + j * d, d, true);
                int o = outOff + i * n + j;
                assertThat(l2[o]).as(at).isCloseTo(e2, within(1e-12 * (1 + xn[i] + yn[j])));
                assertThat(l1[o]).as(at).isCloseTo(e1, within(1e-12 * (1 + e1)));
                assertThat((double) l2f[o]).as(at).isCloseTo(e2, within(1e-5 * (1 + xn[i] + yn[j])));
                assertThat((double) l1f[o]).as(at).isCloseTo(e1, within(1e-5 * (1 + e1)));
            }
        }
        assertThat(l2[0]).isZero();  // nothing written before the output offset
        assertThat(l1f[1]).isZero();
    }

    @Test
    void squaredDistanceIsClampedAtZero() {
        float[] x = {1e4f, 3e4f, -2e4f};
        double[] n = new double[1];
        Distances.squaredNorms(x, 0, 1, 3, n);
        float[] out = new float[1];
        for (double bump : new double[]{0, 1e-3, -1e-3}) {
            Distances.squaredL2(x, 0, 1, x, 0, 1, 3, new double[]{n[0] - Math.abs(bump) * n[0]}, n, out, 0);
            assertThat(out[0]).isGreaterThanOrEqualTo(0f);
        }
        float[] root = {4f, 0f};
        Distances.sqrt(root, 0, 2);
        assertThat(root).containsExactly(2f, 0f);
    }
}
