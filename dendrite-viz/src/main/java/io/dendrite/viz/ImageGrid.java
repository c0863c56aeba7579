package io.dendrite.viz;

import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pictures in a table under one title: a header per column, a label per row, a caption under any picture — how
 * cs231n lays out images beside their saliency maps, fooling images beside the originals, a content and a style image
 * beside the transfer. Each {@link Tile} says how its values become pixels; pictures are enlarged by nearest
 * neighbour so that their longer side is about {@value #DEFAULT_SIDE} pixels (a whole number of pixels per value).
 *
 * <pre>{@code
 * ImageGrid.builder("Fooling image")
 *     .columns("original", "fooling image", "difference")
 *     .row("7 → 3", Tile.image(x), Tile.image(fooled), Tile.signed(fooled.sub(x)).caption("×12"))
 *     .build().write(dir.resolve("fooling.png"));
 * }</pre>
 * Images are (C, H, W) or (1, C, H, W) with C = 1 (grey) or 3 (RGB); maps for {@link Tile#heat} are (H, W) or
 * (1, H, W). {@link #writeImage} writes one picture pixel for pixel.
 */
public final class ImageGrid implements Figure {
    /** The longer side, in pixels, pictures are enlarged to (approximately). */
    public static final int DEFAULT_SIDE = 112;
    private static final int TITLE_HEIGHT = 36, HEADER_HEIGHT = 20, CAPTION_HEIGHT = 18, PADDING = 10;
    /** Largest image side this will produce. */
    private static final int MAX_SIDE = 16_384;

    /** How one picture's values become pixels. */
    public static final class Tile {
        private enum Kind { IMAGE, SCALED, SIGNED, HEAT }

        private final Kind kind;
        private final double[] values;
        private final int c, h, w;
        private final String caption;

        private Tile(Kind kind, double[] values, int c, int h, int w, String caption) {
            this.kind = kind;
            this.values = values;
            this.c = c;
            this.h = h;
            this.w = w;
            this.caption = caption;
        }

        /** A picture whose values are pixels in [0, 1] (values outside are clipped). */
        public static Tile image(Tensor image) {
            return picture(Kind.IMAGE, image);
        }

        /** A picture stretched from its own minimum (black) to its maximum (white), as class visualizations are shown. */
        public static Tile scaled(Tensor image) {
            return picture(Kind.SCALED, image);
        }

        /**
         * Signed values, such as the change a fooling image made: 0 is mid-grey, and ±max|v| black and white — the
         * difference magnified to full contrast.
         */
        public static Tile signed(Tensor image) {
            return picture(Kind.SIGNED, image);
        }

        /** A map (H, W) of non-negative values, such as a saliency map, from 0 (black) to its maximum (white), "hot". */
        public static Tile heat(Tensor map) {
            Checks.notNull(map, "map");
            int[] s = map.shape();
            if (!(s.length == 2 || s.length == 3 && s[0] == 1)) {
                throw new IllegalArgumentException("a heat map must be (H, W) or (1, H, W), got " + Shapes.format(s));
            }
            double[] v = values(map);
            return new Tile(Kind.HEAT, v, 1, s[s.length - 2], s[s.length - 1], null);
        }

        /** The same tile with a line of text under it. */
        public Tile caption(String text) {
            return new Tile(kind, values, c, h, w, Checks.notNull(text, "caption"));
        }

        private static Tile picture(Kind kind, Tensor image) {
            Checks.notNull(image, "image");
            int[] s = image.shape();
            int[] chw = s.length == 4 && s[0] == 1 ? Arrays.copyOfRange(s, 1, 4) : s;
            if (chw.length != 3 || (chw[0] != 1 && chw[0] != 3)) {
                throw new IllegalArgumentException("a picture must be (C, H, W) or (1, C, H, W) with C = 1 or 3, got "
                        + Shapes.format(s));
            }
            return new Tile(kind, values(image), chw[0], chw[1], chw[2], null);
        }

        private static double[] values(Tensor t) {
            double[] v = t.toDoubleArray();
            Checks.finite(v, "image values");
            return v;
        }

        /** The tile drawn {@code scale} times enlarged. */
        BufferedImage render(int scale) {
            double[] lohi = Pixels.range(values, 0, values.length);
            return switch (kind) {
                case IMAGE -> Pixels.render(values, 0, c, h, w, 0, 1, scale);
                case SCALED -> Pixels.render(values, 0, c, h, w, lohi[0], lohi[1], scale);
                case SIGNED -> {
                    double m = Math.max(Math.abs(lohi[0]), Math.abs(lohi[1]));
                    yield Pixels.render(values, 0, c, h, w, m > 0 ? -m : -1, m > 0 ? m : 1, scale);
                }
                case HEAT -> Pixels.heat(values, 0, h, w, 0, lohi[1], scale);
            };
        }
    }

    private final String title;
    private final List<String> headers;
    private final List<String> labels;
    private final List<BufferedImage[]> cells;
    private final List<String[]> captions;
    private final int cellW, cellH, labelW, columns;
    private final boolean anyCaption;

    private ImageGrid(Builder b) {
        this.title = b.title;
        this.headers = List.copyOf(b.headers);
        this.labels = List.copyOf(b.labels);
        this.columns = b.rows.stream().mapToInt(r -> r.length).max().orElse(0);
        this.cells = new ArrayList<>();
        this.captions = new ArrayList<>();
        int cw = 0, ch = 0;
        boolean captioned = false;
        for (Tile[] row : b.rows) {
            BufferedImage[] images = new BufferedImage[row.length];
            String[] texts = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    continue;
                }
                images[i] = row[i].render(Math.max(1, Math.round((float) b.side / Math.max(row[i].h, row[i].w))));
                texts[i] = row[i].caption;
                captioned |= texts[i] != null;
                cw = Math.max(cw, images[i].getWidth());
                ch = Math.max(ch, images[i].getHeight());
            }
            cells.add(images);
            captions.add(texts);
        }
        this.anyCaption = captioned;
        this.cellW = Math.max(cw, widest(headers, ChartStyle.LABEL_FONT)) + PADDING;
        this.cellH = ch + (captioned ? CAPTION_HEIGHT : 0) + PADDING;
        int lw = widest(labels, ChartStyle.LABEL_FONT);
        this.labelW = lw > 0 ? lw + PADDING : 0;
        if ((long) width() > MAX_SIDE || (long) height() > MAX_SIDE) {
            throw new IllegalArgumentException("an image grid of " + cells.size() + " rows and " + columns + " columns would"
                    + " be " + width() + "x" + height() + " pixels, over the " + MAX_SIDE + " limit: fewer pictures or a"
                    + " smaller side");
        }
    }

    /** Starts a grid under {@code title}. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Collects headers, rows and the picture size. */
    public static final class Builder {
        private final String title;
        private final List<String> headers = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<Tile[]> rows = new ArrayList<>();
        private int side = DEFAULT_SIDE;

        private Builder(String title) {
            this.title = Checks.notNull(title, "title");
        }

        /** The header of each column, in order (none by default). */
        public Builder columns(String... titles) {
            headers.clear();
            for (String t : titles) {
                headers.add(Checks.notNull(t, "column title"));
            }
            return this;
        }

        /** One row: a label on its left (empty for none) and its pictures; a null tile leaves its cell empty. */
        public Builder row(String label, Tile... tiles) {
            Checks.notNull(label, "label");
            if (tiles.length == 0) {
                throw new IllegalArgumentException("row '" + label + "' has no pictures");
            }
            labels.add(label);
            rows.add(tiles.clone());
            return this;
        }

        /** One row of pictures. */
        public Builder row(String label, List<Tile> tiles) {
            return row(label, tiles.toArray(new Tile[0]));
        }

        /** The longer side pictures are enlarged to, in pixels, in [8, 1024]; pictures larger than it stay as they are. */
        public Builder side(int pixels) {
            if (pixels < 8 || pixels > 1024) {
                throw new IllegalArgumentException("side must be in [8, 1024] pixels, got " + pixels);
            }
            this.side = pixels;
            return this;
        }

        public ImageGrid build() {
            Headless.ensure();
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("image grid '" + title + "' has no rows: add pictures with row(…)");
            }
            return new ImageGrid(this);
        }
    }

    /** Writes the grid as PNG or SVG (by the extension) and returns {@code out}. */
    public Path write(Path out) {
        Checks.notNull(out, "out");
        Format.of(out);
        return FigureWriter.write(this, out);
    }

    /**
     * Writes one picture pixel for pixel as PNG — values in [0, 1] (clipped), (C, H, W) or (1, C, H, W) with C = 1 or 3
     * — so that what was computed can be read back, e.g. by {@code dendrite predict}. Returns {@code out}.
     */
    public static Path writeImage(Tensor image, Path out) {
        Headless.ensure();
        Checks.notNull(out, "out");
        return FigureWriter.writePng(Tile.image(image).render(1), out);
    }

    @Override
    public int width() {
        return Math.max(labelW + columns * cellW + PADDING, widest(List.of(title), ChartStyle.TITLE_FONT) + 2 * PADDING);
    }

    @Override
    public int height() {
        return TITLE_HEIGHT + (headers.isEmpty() ? 0 : HEADER_HEIGHT) + cells.size() * cellH + PADDING;
    }

    @Override
    public void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setColor(Color.BLACK);
        g.setFont(ChartStyle.TITLE_FONT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (width() - fm.stringWidth(title)) / 2, (TITLE_HEIGHT + fm.getAscent()) / 2);
        g.setFont(ChartStyle.LABEL_FONT);
        fm = g.getFontMetrics();
        int left = (width() - labelW - columns * cellW + PADDING) / 2 + labelW;
        int top = TITLE_HEIGHT;
        if (!headers.isEmpty()) {
            for (int i = 0; i < Math.min(columns, headers.size()); i++) {
                String hd = headers.get(i);
                g.drawString(hd, left + i * cellW + (cellW - PADDING - fm.stringWidth(hd)) / 2, top + fm.getAscent());
            }
            top += HEADER_HEIGHT;
        }
        for (int r = 0; r < cells.size(); r++) {
            int y = top + r * cellH;
            int imageH = cellH - PADDING - (anyCaption ? CAPTION_HEIGHT : 0);
            g.drawString(labels.get(r), left - labelW, y + (imageH + fm.getAscent()) / 2);
            BufferedImage[] row = cells.get(r);
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    continue;
                }
                int x = left + i * cellW + (cellW - PADDING - row[i].getWidth()) / 2;
                g.drawImage(row[i], x, y + (imageH - row[i].getHeight()) / 2, null);
                String caption = captions.get(r)[i];
                if (caption != null) {
                    g.drawString(caption, left + i * cellW + (cellW - PADDING - fm.stringWidth(caption)) / 2,
                            y + imageH + fm.getAscent() + 2);
                }
            }
        }
    }

    /** The width of the widest text in {@code font}, 0 for none. */
    private static int widest(List<String> texts, java.awt.Font font) {
        if (texts.isEmpty()) {
            return 0;
        }
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font);
            return texts.stream().mapToInt(fm::stringWidth).max().orElse(0);
        } finally {
            g.dispose();
        }
    }
}
