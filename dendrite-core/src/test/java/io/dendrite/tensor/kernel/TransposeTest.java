package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransposeTest {
    @Test
    void addsTheTransposeAroundTileEdges() {
        for (int rows : new int[]{1, 5, 32, 33, 70}) {
            for (int cols : new int[]{1, 31, 32, 65}) {
                float[] src = new float[2 + rows * cols];
                double[] srcD = new double[src.length];
                for (int i = 0; i < src.length; i++) {
                    src[i] = i * 0.5f;
                    srcD[i] = i * 0.25;
                }
                float[] dst = new float[3 + rows * cols];
                double[] dstD = new double[dst.length];
                java.util.Arrays.fill(dst, 1f);
                java.util.Arrays.fill(dstD, 2.0);
                Transpose.addTransposed(src, 2, rows, cols, dst, 3);
                Transpose.addTransposed(srcD, 2, rows, cols, dstD, 3);
                assertThat(dst[0]).isEqualTo(1f);
                assertThat(dstD[2]).isEqualTo(2.0);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        assertThat(dst[3 + c * rows + r]).as("%dx%d at (%d, %d)", rows, cols, r, c)
                                .isEqualTo(1f + src[2 + r * cols + c]);
                        assertThat(dstD[3 + c * rows + r]).isEqualTo(2.0 + srcD[2 + r * cols + c]);
                    }
                }
            }
        }
    }
}
