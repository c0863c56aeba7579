package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void flipOnlyMirrorsRowsOfEveryChannel() {
        int n = 64;
        float[] x = ramp(n * 2 * 2 * 3);
        float[] orig = x.clone();
        new Augmentation(0, true, 5).apply(x, 0, n, 2, 2, 3);
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            float[] img = Arrays.copyOfRange(x, i * 12, i * 12 + 12);
            float[] src = Arrays.copyOfRange(orig, i * 12, i * 12 + 12);
            if (Arrays.equals(img, src)) {
                continue;
            }
            flipped++;
            for (int r = 0; r < 4; r++) { // 2 channels x 2 rows
                for (int c = 0; c < 3; c++) {
                    assertThat(img[r * 3 + c]).isEqualTo(src[r * 3 + 2 - c]);
                }
            }
        }
        assertThat(flipped).isBetween(16, 48);
    }

    @Test
    void cropShiftsAndZeroFillsWithinThePadding() {
        int n = 50;
        int h = 5;
        int w = 5;
        float[] x = ramp(n * h * w);
        float[] orig = x.clone();
        new Augmentation(1, false, 3).apply(x, 0, n, 1, h, w);
        for (int i = 0; i < n; i++) {
            float[] img = Arrays.copyOfRange(x, i * 25, i * 25 + 25);
            float[] src = Arrays.copyOfRange(orig, i * 25, i * 25 + 25);
            boolean matched = false;
            for (int dy = -1; dy <= 1 && !matched; dy++) {
                for (int dx = -1; dx <= 1 && !matched; dx++) {
                    matched = Arrays.equals(img, shift(src, h, w, dy, dx));
                }
            }
            assertThat(matched).as("image %d is a shift of at most 1 pixel", i).isTrue();
        }
    }

    static float[] shift(float[] src, int h, int w, int dy, int dx) {
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sy = y + dy;
                int sx = x + dx;
                out[y * w + x] = sy < 0 || sy >= h || sx < 0 || sx >= w ? 0 : src[sy * w + sx];
            }
        }
        return out;
    }

    @Test
    void sameSeedSameTransforms() {
        float[] a = ramp(20 * 3 * 4 * 4);
        float[] b = a.clone();
        new Augmentation(2, true, 99).apply(a, 0, 20, 3, 4, 4);
        new Augmentation(2, true, 99).apply(b, 0, 20, 3, 4, 4);
        assertThat(a).containsExactly(b);
    }
}
