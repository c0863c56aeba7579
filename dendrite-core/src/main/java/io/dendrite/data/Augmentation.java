package io.dendrite.data;

import io.dendrite.tensor.Rng;

/**
 * Random data augmentation for images (C, H, W), applied to a batch in place: a random crop of
 * the image zero-padded by {@code pad} pixels on each side (i.e. a shift by up to {@code pad}
 * pixels in each direction, the vacated border filled with zeros), then a horizontal flip with
 * probability 1/2 when enabled. Seeded: the same seed gives the same sequence of transforms.
 *
 * <p>Use it through {@link Batches.Builder#augmentation(Augmentation)}; only training batches
 * should be augmented. Not thread-safe (it keeps a scratch image and a random stream).
 */
public final class Augmentation {
    private final int pad;
    private final boolean flip;
    private final Rng rng;
    private float[] scratch = new float[0];

    /**
     * @param pad            zero padding for the random crop, 0 for none
     * @param horizontalFlip flip half of the images left-to-right
     * @param seed           seed of the random transforms
     */
    public Augmentation(int pad, boolean horizontalFlip, long seed) {
        if (pad < 0) {
            throw new IllegalArgumentException("Augmentation: pad must be >= 0, got " + pad);
        }
        this.pad = pad;
        this.flip = horizontalFlip;
        this.rng = new Rng(seed);
    }

    public int pad() {
        return pad;
    }

    public boolean horizontalFlip() {
        return flip;
    }

    /**
     * Transforms {@code n} images of shape (c, h, w) stored consecutively in {@code x} from
     * {@code offset}, in place.
     */
    public void apply(float[] x, int offset, int n, int c, int h, int w) {
        int size = c * h * w;
        if (scratch.length < size) {
            scratch = new float[size];
        }
        for (int i = 0; i < n; i++) {
            int dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            int dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            boolean mirror = flip && rng.nextInt(2) == 1;
            if (dy == 0 && dx == 0 && !mirror) {
                continue;
            }
            int base = offset + i * size;
            // out[y][x] = in[y + dy][x' + dx] with x' the (possibly mirrored) column; outside -> 0.
            for (int ch = 0; ch < c; ch++) {
                int plane = ch * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    int row = plane + y * w;
                    if (sy < 0 || sy >= h) {
                        java.util.Arrays.fill(scratch, row, row + w, 0f);
                        continue;
                    }
                    int srcRow = base + plane + sy * w;
                    for (int xo = 0; xo < w; xo++) {
                        int sx = (mirror ? w - 1 - xo : xo) + dx;
                        scratch[row + xo] = sx < 0 || sx >= w ? 0f : x[srcRow + sx];
                    }
                }
            }
            System.arraycopy(scratch, 0, x, base, size);
        }
    }

    @Override
    public String toString() {
        return "Augmentation(pad=" + pad + ", flip=" + flip + ")";
    }
}
