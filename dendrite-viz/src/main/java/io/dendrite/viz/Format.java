package io.dendrite.viz;

import java.nio.file.Path;
import java.util.Locale;

/** The image formats this package writes, chosen from the output file's extension. */
public enum Format {
    /** Raster image, written with {@code javax.imageio}. */
    PNG,
    /** Vector image, written through XChart's VectorGraphics2D backend. */
    SVG;

    /**
     * The format named by a path's extension ({@code .png} or {@code .svg}, any case).
     *
     * @throws IllegalArgumentException for any other extension, naming the file
     */
    public static Format of(Path out) {
        Checks.notNull(out, "out");
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return PNG;
        }
        if (lower.endsWith(".svg")) {
            return SVG;
        }
        throw new IllegalArgumentException("cannot tell the image format of '" + out
                + "': expected a file name ending in .png or .svg");
    }
}
