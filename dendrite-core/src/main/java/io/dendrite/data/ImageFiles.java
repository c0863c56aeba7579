package io.dendrite.data;

import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.Shapes;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Reads an image file of any size (whatever {@link ImageIO} reads: PNG, JPEG, GIF, BMP) into one sample of
 * shape (C, H, W) as a network trained on MNIST- or CIFAR-like data expects it.
 *
 * <pre>{@code
 * float[] x = ImageFiles.load(Path.of("digit.png"), new int[]{1, 28, 28}, 1 / 255.0, true);
 * Tensor batch = Tensor.of(x, 1, 1, 28, 28);
 * }</pre>
 *
 * <p>Steps: transparent pixels are composited over white (how a viewer shows a drawing); C = 1 converts to
 * luminance {@code 0.299 R + 0.587 G + 0.114 B}, C = 3 keeps RGB; the image is resized to H × W by area
 * averaging when it shrinks (each output pixel is the mean of the source area it covers, so thin strokes
 * survive) and bilinear interpolation when it grows; {@code invert} maps v to 255 − v (MNIST digits are
 * white on black, a drawing is usually black on white); finally every value is multiplied by {@code scale}
 * (1/255 for data loaded in [0, 1], 1 for raw 0..255 data).
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * @param shape  (C, H, W) with C = 1 or 3
     * @param scale  factor applied to the 0..255 values after resizing and inversion
     * @param invert whether to map v to 255 − v
     * @return C·H·W values in row-major (C, H, W) order
     * @throws IOException naming the file when it is missing or not an image ImageIO can read
     */
    public static float[] load(Path file, int[] shape, double scale, boolean invert) throws IOException {
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3) || shape[1] < 1 || shape[2] < 1) {
            throw new IllegalArgumentException("image shape must be (C, H, W) with C = 1 or 3, got " + Shapes.format(shape));
        }
        double[][] channels = toChannels(read(file, PLANE_BYTES * shape[0]), shape[0]);
        int c = shape[0], h = shape[1], w = shape[2];
        float[] out = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            double[] resized = resize(channels[ch], channels[c], h, w);
            for (int i = 0; i < h * w; i++) {
                double v = invert ? 255 - resized[i] : resized[i];
                out[ch * h * w + i] = (float) (v * scale);
            }
        }
        return out;
    }

    /**
     * The factor a model's {@code pixelScale} metadata stands for: "1/255" (data in [0, 1]), "none" or absent
     * (raw 0..255 values), or a plain number.
     */
    public static double parseScale(String pixelScale) {
        if (pixelScale == null || pixelScale.isBlank() || pixelScale.equalsIgnoreCase("none")) {
            return 1;
        }
        String s = pixelScale.trim();
        try {
            int slash = s.indexOf('/');
            return slash < 0 ? Double.parseDouble(s)
                    : Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid pixel scale '" + pixelScale + "' (expected 1/255, none or a number)");
        }
    }

    /** The most a decoded pixel takes: four 16-bit channels (a 16-bit RGBA PNG). */
    static final int DECODED_PIXEL_BYTES = 8;
    /** Bytes per pixel of each plane {@link #load} makes of an image (a double per pixel). */
    static final int PLANE_BYTES = Double.BYTES;

    /**
     * Reads the file with ImageIO, refusing a missing file or one that is not an image with a message naming it,
     * and — from the size its header declares, before decoding — an image too large for the heap.
     */
    public static BufferedImage read(Path file) throws IOException {
        return read(file, 0);
    }

    /** As {@link #read(Path)}; {@code bytesPerPixelAfter}: what the caller allocates per pixel besides the image. */
    private static BufferedImage read(Path file, int bytesPerPixelAfter) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": not an image ImageIO can read (expected PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0), perPixel = DECODED_PIXEL_BYTES + bytesPerPixelAfter;
                long pixels = w * h;   // each below 2^31: no overflow
                MemoryBudget.require(pixels > Long.MAX_VALUE / perPixel ? -1 : pixels * perPixel, file + ": an image of "
                        + w + "x" + h + " pixels (as its header declares)", "use a smaller image");
                BufferedImage img = reader.read(0);
                if (img == null) {
                    throw new IOException(file + ": not an image ImageIO can read (expected PNG, JPEG, GIF or BMP)");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (MemoryBudget.Exceeded e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file + ": ")) {
                throw e;
            }
            throw new IOException(file + ": cannot decode the image (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The image as {@code c} planes of 0..255 values (alpha composited over white), plus, at index {@code c},
     * a plane holding the image's width and height as {@code {width, height}} for {@link #resize}.
     */
    private static double[][] toChannels(BufferedImage img, int c) {
        int w = img.getWidth(), h = img.getHeight();
        double[][] planes = new double[c + 1][];
        for (int ch = 0; ch < c; ch++) {
            planes[ch] = new double[Math.multiplyExact(w, h)];
        }
        planes[c] = new double[]{w, h};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                double a = ((argb >>> 24) & 0xff) / 255.0;
                double r = over(((argb >> 16) & 0xff), a);
                double g = over(((argb >> 8) & 0xff), a);
                double b = over((argb & 0xff), a);
                if (c == 1) {
                    planes[0][y * w + x] = 0.299 * r + 0.587 * g + 0.114 * b;
                } else {
                    planes[0][y * w + x] = r;
                    planes[1][y * w + x] = g;
                    planes[2][y * w + x] = b;
                }
            }
        }
        return planes;
    }

    private static double over(int v, double alpha) {
        return v * alpha + 255 * (1 - alpha);
    }

    /** Resizes a plane of {@code size = {w, h}} to {@code h2 × w2}, one axis at a time. */
    static double[] resize(double[] plane, double[] size, int h2, int w2) {
        int w = (int) size[0], h = (int) size[1];
        double[] rows = new double[h * w2]; // horizontal pass: h rows of w2
        for (int y = 0; y < h; y++) {
            resample(plane, y * w, 1, w, rows, y * w2, 1, w2);
        }
        double[] out = new double[h2 * w2]; // vertical pass: w2 columns of h2
        for (int x = 0; x < w2; x++) {
            resample(rows, x, w2, h, out, x, w2, h2);
        }
        return out;
    }

    /**
     * Resamples {@code n} values (start {@code src}, stride {@code ss}) to {@code m} values: area average when
     * shrinking (m ≤ n), bilinear with pixel centres aligned when growing.
     */
    private static void resample(double[] in, int src, int ss, int n, double[] out, int dst, int ds, int m) {
        double ratio = (double) n / m;
        for (int i = 0; i < m; i++) {
            double v;
            if (m <= n) {
                double lo = i * ratio, hi = (i + 1) * ratio, sum = 0;
                for (int j = (int) Math.floor(lo); j < Math.min(n, (int) Math.ceil(hi)); j++) {
                    double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                    sum += overlap * in[src + j * ss];
                }
                v = sum / ratio;
            } else {
                double pos = Math.max(0, Math.min(n - 1, (i + 0.5) * ratio - 0.5));
                int j = Math.min((int) pos, n - 1);
                double t = pos - j;
                v = j + 1 < n ? (1 - t) * in[src + j * ss] + t * in[src + (j + 1) * ss] : in[src + j * ss];
            }
            out[dst + i * ds] = v;
        }
    }
}
