package io.dendrite.viz;

import io.dendrite.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training report as one self-contained HTML file: a title, a summary of key/value rows
 * (hyperparameters, results), tables, and images embedded as base64 {@code data:} URIs, with
 * inline CSS and no external resources, so the file can be mailed or archived alone.
 *
 * <pre>{@code
 * HtmlReport.builder("MNIST convnet")
 *     .row("learning rate", 1e-3).row("test accuracy", "98.9 %")
 *     .table("Per-class accuracy", List.of("class", "recall"), rows)
 *     .image("Training loss", dir.resolve("loss.png"))
 *     .build()
 *     .write(dir.resolve("report.html"));
 * }</pre>
 * Every text (title, keys, values, headers, cells, captions) is HTML-escaped. Images are read
 * when {@link Builder#build()} runs; PNG, SVG, JPEG and GIF files are accepted.
 */
public final class HtmlReport {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:1000px;"
                    + "color:#222;padding:0 1em}",
            "h1{font-size:1.6em;border-bottom:2px solid #1f77b4;padding-bottom:.3em}",
            "table{border-collapse:collapse;margin:1em 0 2em}",
            "caption{text-align:left;font-weight:bold;font-size:1.1em;padding:.4em 0}",
            "th,td{border:1px solid #ddd;padding:.35em .8em;text-align:left;vertical-align:top}",
            "th{background:#f3f6fa}",
            "tr:nth-child(even) td{background:#fafafa}",
            "table.summary th{width:14em}",
            "figure{margin:1em 0 2em}",
            "figure img{max-width:100%;height:auto;border:1px solid #eee}",
            "figcaption{font-weight:bold;margin-bottom:.4em}",
            "pre{background:#fafafa;border:1px solid #eee;padding:.6em;white-space:pre-wrap;word-break:break-word}");
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String title;
    private final List<String[]> rows;
    private final List<Table> tables;
    private final List<Image> images;
    private final List<Text> texts;

    private record Text(String caption, String body) {
    }

    private record Table(String caption, List<String> headers, List<List<String>> rows) {
    }

    private record Image(String caption, String dataUri) {
    }

    private HtmlReport(String title, List<String[]> rows, List<Table> tables, List<Image> images, List<Text> texts) {
        this.title = title;
        this.rows = List.copyOf(rows);
        this.tables = List.copyOf(tables);
        this.images = List.copyOf(images);
        this.texts = List.copyOf(texts);
    }

    /** Starts a report with the given title (shown as the page title and the top heading). */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() {
        return title;
    }

    /** The whole page. */
    public String toHtml() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        if (!rows.isEmpty()) {
            sb.append("<table class=\"summary\">\n<caption>Summary</caption>\n");
            for (String[] row : rows) {
                sb.append("<tr><th scope=\"row\">").append(escape(row[0])).append("</th><td>")
                        .append(escape(row[1])).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        for (Table t : tables) {
            sb.append("<table>\n<caption>").append(escape(t.caption())).append("</caption>\n<thead><tr>");
            for (String h : t.headers()) {
                sb.append("<th scope=\"col\">").append(escape(h)).append("</th>");
            }
            sb.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : t.rows()) {
                sb.append("<tr>");
                for (String cell : row) {
                    sb.append("<td>").append(escape(cell)).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }
        for (Text t : texts) {
            sb.append("<figure>\n<figcaption>").append(escape(t.caption())).append("</figcaption>\n<pre>")
                    .append(escape(t.body())).append("</pre>\n</figure>\n");
        }
        for (Image im : images) {
            sb.append("<figure>\n<figcaption>").append(escape(im.caption())).append("</figcaption>\n")
                    .append("<img src=\"").append(im.dataUri()).append("\" alt=\"").append(escape(im.caption()))
                    .append("\">\n</figure>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Writes the page as UTF-8, creating missing parent folders; returns {@code out}. */
    public Path write(Path out) {
        Checks.notNull(out, "out");
        try {
            byte[] html = toHtml().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(out, os -> os.write(html));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write HTML report '" + title + "' to " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String text(Object value) {
        if (value instanceof Double d) {
            return formatNumber(d);
        }
        if (value instanceof Float f) {
            return formatNumber(f);
        }
        return String.valueOf(value);
    }

    /** Doubles without float noise: 0.1 + 0.2 shows as 0.3, 1e-3 as 0.001, 1e-5 as 1.000e-05. */
    private static String formatNumber(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        if (a < 1e-4 || a >= 1e6) {
            return String.format(Locale.ROOT, "%.4g", d);
        }
        // six significant digits, then trailing zeros dropped: "0.300000" -> "0.3"
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** Collects the report's parts; {@link #build()} reads the images. */
    public static final class Builder {
        private final String title;
        private final List<String[]> rows = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<String> imageCaptions = new ArrayList<>();
        private final List<Path> imagePaths = new ArrayList<>();
        private final List<Text> texts = new ArrayList<>();

        private Builder(String title) {
            Checks.notNull(title, "title");
            this.title = title;
        }

        /** One summary row; {@code value} is shown with {@code toString()} (doubles without float noise). */
        public Builder row(String key, Object value) {
            Checks.notNull(key, "key");
            rows.add(new String[] {key, text(value)});
            return this;
        }

        /** Summary rows in the map's order. */
        public Builder rows(Map<String, ?> keyValues) {
            Checks.notNull(keyValues, "keyValues");
            keyValues.forEach(this::row);
            return this;
        }

        /**
         * A table under its caption.
         *
         * @throws IllegalArgumentException if there are no headers or a row's length differs from them
         */
        public Builder table(String caption, List<String> headers, List<? extends List<?>> tableRows) {
            Checks.notNull(caption, "caption");
            Checks.notNull(headers, "headers");
            Checks.notNull(tableRows, "rows of table '" + caption + "'");
            if (headers.isEmpty()) {
                throw new IllegalArgumentException("table '" + caption + "' has no headers: give one per column");
            }
            List<List<String>> cells = new ArrayList<>();
            for (int r = 0; r < tableRows.size(); r++) {
                List<?> row = tableRows.get(r);
                if (row == null || row.size() != headers.size()) {
                    throw new IllegalArgumentException("table '" + caption + "': row " + r + " has "
                            + (row == null ? "no" : row.size()) + " cells but there are " + headers.size()
                            + " headers " + headers);
                }
                List<String> strings = new ArrayList<>(row.size());
                for (Object cell : row) {
                    strings.add(text(cell));
                }
                cells.add(List.copyOf(strings));
            }
            List<String> hs = new ArrayList<>();
            for (String h : headers) {
                hs.add(String.valueOf(h));
            }
            tables.add(new Table(caption, List.copyOf(hs), List.copyOf(cells)));
            return this;
        }

        /**
         * A block of preformatted text under its caption (generated text, logs), shown after the tables with its
         * line breaks and spaces kept and long lines wrapped.
         */
        public Builder preformatted(String caption, String body) {
            Checks.notNull(caption, "caption");
            Checks.notNull(body, "text of '" + caption + "'");
            texts.add(new Text(caption, body));
            return this;
        }

        /**
         * An image under its caption, embedded in the page.
         *
         * @param image a {@code .png}, {@code .svg}, {@code .jpg}/{@code .jpeg} or {@code .gif} file that exists now
         */
        public Builder image(String caption, Path image) {
            Checks.notNull(caption, "caption");
            Checks.notNull(image, "image");
            mimeType(image);
            if (!Files.isRegularFile(image)) {
                throw new IllegalArgumentException("image '" + caption + "': file " + image.toAbsolutePath()
                        + " does not exist; write the plot before adding it to the report");
            }
            imageCaptions.add(caption);
            imagePaths.add(image);
            return this;
        }

        /** Reads and embeds the images; the report no longer depends on any file. */
        public HtmlReport build() {
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < imagePaths.size(); i++) {
                Path p = imagePaths.get(i);
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read image " + p + " for the report: " + e.getMessage(), e);
                }
                String mime = mimeType(p);
                if (mime.equals("image/png") && !startsWith(bytes, PNG_MAGIC)) {
                    throw new IllegalArgumentException("image '" + imageCaptions.get(i) + "': " + p
                            + " ends in .png but is not a PNG file (" + bytes.length + " bytes, wrong signature)");
                }
                images.add(new Image(imageCaptions.get(i),
                        "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes)));
            }
            return new HtmlReport(title, rows, tables, images, texts);
        }

        private static boolean startsWith(byte[] bytes, byte[] prefix) {
            if (bytes.length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (bytes[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static String mimeType(Path p) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return "image/png";
            }
            if (name.endsWith(".svg")) {
                return "image/svg+xml";
            }
            if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                return "image/jpeg";
            }
            if (name.endsWith(".gif")) {
                return "image/gif";
            }
            throw new IllegalArgumentException("cannot embed '" + p + "': expected a .png, .svg, .jpg or .gif file");
        }
    }
}
