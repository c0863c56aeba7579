package io.dendrite.viz;

/**
 * Width and height of a plot in pixels (SVG: user units).
 *
 * @param width  at least {@link #MIN} pixels
 * @param height at least {@link #MIN} pixels
 */
public record PlotSize(int width, int height) {
    /** Smallest side that still leaves room for a title, axes and a legend. */
    public static final int MIN = 100;
    /** Largest side; guards against a typo allocating gigabytes for one image. */
    public static final int MAX = 10_000;
    /** The size every plot uses unless told otherwise: 800 × 600. */
    public static final PlotSize DEFAULT = new PlotSize(800, 600);

    public PlotSize {
        if (width < MIN || height < MIN || width > MAX || height > MAX) {
            throw new IllegalArgumentException("plot size " + width + "x" + height
                    + " is out of range: each side must be in [" + MIN + ", " + MAX + "] pixels");
        }
    }
}
