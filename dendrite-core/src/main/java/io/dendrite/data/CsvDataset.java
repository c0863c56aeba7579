package io.dendrite.data;

import io.dendrite.tensor.MemoryBudget;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Tabular data from a CSV file: numeric feature columns and one label column.
 *
 * <p>The file is read as RFC 4180 describes ({@link CsvRecords}): fields separated by commas (or by
 * semicolons or tabs, when the first line has none outside quotes); fields in double quotes may hold the
 * separator, quotes written twice and line breaks; CRLF or LF line ends; surrounding spaces of unquoted
 * fields are stripped; blank lines are skipped. Samples have shape (D,).
 *
 * <p>Every row must have as many fields as the header (or, without one, the first row). A missing value —
 * an empty field or a row cut short —, a feature that is not a number, a non-finite feature ({@code NaN},
 * {@code Infinity}) and one beyond the float range ({@code 1e39}, which would become infinite) are refused
 * with the file, the line the record starts on (counting physical lines from 1) and the column (from 1,
 * with its header name).
 *
 * <p><b>Labels.</b> When the first row's label is a number, the label column is numeric and every label must
 * be an exactly integral number: {@code 1}, {@code 1.0} and {@code 1e2} are the integers 1, 1 and 100;
 * {@code 1.5}, {@code NaN}, a word, and a number outside the int range (a 20-digit label) are refused with
 * file, line and column. Numeric labels are class indices: they must be non-negative and the distinct labels
 * must be exactly 0..C−1 — a set like {1, 2, 3}, or one stray label 999999 that would make a million classes,
 * is refused with the count of distinct labels, their minimum and maximum. With {@code mapLabels} the sorted
 * distinct labels (negative ones too) are mapped to 0..C−1 instead, and the original labels, in that order,
 * become the dataset's class names (so a saved model reports them). When the first row's label is not a
 * number ("setosa", "virginica"), the labels are names: mapped to indices in sorted order and kept as class
 * names.
 */
public final class CsvDataset {
    private CsvDataset() {}

    /**
     * @param labelColumn the column of the label, 0-based; negative counts from the end (-1: last)
     * @param hasHeader   the first non-blank record names the columns and is skipped
     */
    public static Dataset load(Path file, int labelColumn, boolean hasHeader) throws IOException {
        return load(file, labelColumn, hasHeader, false);
    }

    /**
     * @param labelColumn the column of the label, 0-based; negative counts from the end (-1: last)
     * @param hasHeader   the first non-blank record names the columns and is skipped
     * @param mapLabels   numeric labels that are not 0..C−1 are mapped, in sorted order, to 0..C−1 and kept as
     *                    class names, instead of being refused
     */
    public static Dataset load(Path file, int labelColumn, boolean hasHeader, boolean mapLabels) throws IOException {
        return load(file, labelColumn, hasHeader, mapLabels, 0);
    }

    /**
     * As {@link #load(Path, int, boolean, boolean)}, reading only the first {@code limit} data rows (all for a
     * limit &lt;= 0); the rest of the file is not read.
     */
    public static Dataset load(Path file, int labelColumn, boolean hasHeader, boolean mapLabels, int limit)
            throws IOException {
        return load(file, labelColumn, hasHeader, mapLabels, limit, MemoryBudget.MAX_ARRAY);
    }

    /** As above; {@code maxValues} is the most feature values one array may hold (a test sets it low). */
    static Dataset load(Path file, int labelColumn, boolean hasHeader, boolean mapLabels, int limit, int maxValues)
            throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataFileException(file, "is a directory; expected a CSV file");
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(file, CsvRecords.open(r, file), Files.size(file), labelColumn, hasHeader, mapLabels, limit,
                    maxValues);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found (expected a CSV file)", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot read the file: permission denied", e);
        } catch (MalformedInputException e) {
            throw new DataFileException(file, "is not UTF-8 text — not a CSV file?", e);
        }
    }

    private static Dataset load(Path file, CsvRecords records, long fileBytes, int labelColumn, boolean hasHeader,
            boolean mapLabels, int limit, int maxValues) throws IOException {
        String[] header = null;
        if (hasHeader) {
            CsvRecords.Record h = records.next();
            header = h == null ? null : h.fields();
        }
        CsvRecords.Record first = records.next();
        if (first == null) {
            throw new DataFileException(file, "holds no data rows" + (hasHeader ? " after the header" : ""));
        }
        String[] shape = header != null ? header : first.fields();
        int cols = shape.length;
        String like = header != null ? "the header" : "line " + first.line();
        if (cols < 2) {
            throw new DataFileException(file, like + " has " + cols
                    + " column; expected at least one feature and a label, separated by '"
                    + CsvRecords.printable(records.separator()) + "'");
        }
        int lc = labelColumn < 0 ? cols + labelColumn : labelColumn;
        if (lc < 0 || lc >= cols) {
            throw new DataFileException(file, "label column " + labelColumn + " does not exist; the rows have "
                    + cols + " columns");
        }
        int d = cols - 1;
        // Each row takes at least 2 bytes per column (a character and a separator or line end): arrays are never
        // grown past the rows the file can hold.
        long maxRows = Math.min(limit > 0 ? limit : Long.MAX_VALUE, fileBytes / (2L * cols) + 1);
        float[] x = grow(file, first, new float[0], Math.min(16, maxRows), d, maxValues);
        List<String> labels = new ArrayList<>();
        int[] ints = new int[16];
        Boolean numeric = null; // decided by the first row's label
        for (CsvRecords.Record rec = first; rec != null;
                rec = limit > 0 && labels.size() >= limit ? null : records.next()) {
            String[] row = rec.fields();
            if (row.length > cols) {
                throw new DataFileException(file, "line " + rec.line() + " has " + row.length + " columns, expected "
                        + cols + " like " + like);
            }
            if (row.length < cols) {
                throw new DataFileException(file, where(rec, row.length, header) + ": missing value — the row has "
                        + row.length + " of the " + cols + " columns of " + like);
            }
            int i = labels.size();
            if ((long) (i + 1) * d > x.length) {
                x = grow(file, rec, x, Math.max(i + 1, Math.min(2L * i, maxRows)), d, maxValues);
            }
            int k = 0;
            for (int c = 0; c < cols; c++) {
                if (row[c].isEmpty()) {
                    throw new DataFileException(file, where(rec, c, header) + ": missing value (empty field)");
                }
                if (c == lc) {
                    if (numeric == null) {
                        numeric = isNumber(row[c]);
                    }
                    if (numeric) {
                        if (i == ints.length) {
                            ints = Arrays.copyOf(ints, (int) Math.min(Integer.MAX_VALUE - 8, 2L * ints.length));
                        }
                        ints[i] = integerLabel(file, rec, c, header, row[c], mapLabels);
                    }
                    labels.add(row[c]);
                    continue;
                }
                float v;
                try {
                    v = Float.parseFloat(row[c]);
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, where(rec, c, header) + ": '" + row[c]
                            + "' is not a number (features must be numeric)");
                }
                if (!Float.isFinite(v)) {
                    throw new DataFileException(file, where(rec, c, header) + ": '" + row[c] + "' "
                            + (Double.isFinite(Double.parseDouble(row[c]))
                                    ? "is beyond the float range (±3.4e38) and would become infinite"
                                    : "is not a finite number")
                            + " — features must be finite; fix or remove the row");
                }
                x[(int) ((long) i * d + k++)] = v;
            }
        }
        float[] features = Arrays.copyOf(x, labels.size() * d);
        if (Boolean.TRUE.equals(numeric)) {
            return withIntegerLabels(file, features, d, Arrays.copyOf(ints, labels.size()), mapLabels,
                    header != null && !header[lc].isEmpty() ? "label column " + (lc + 1) + " ('" + header[lc] + "')"
                            : "label column " + (lc + 1));
        }
        return withLabels(features, d, labels.toArray(new String[0]));
    }

    /**
     * {@code x} copied into an array for {@code rows} rows of {@code d} features — fewer when that would pass
     * {@code maxValues}, but at least one more row than {@code x} holds — once the memory budget agrees; refused,
     * naming the line, when not even that row fits in one array.
     */
    private static float[] grow(Path file, CsvRecords.Record rec, float[] x, long rows, int d, int maxValues)
            throws DataFileException {
        long held = x.length / d;
        if ((held + 1) * d > maxValues) {
            throw new DataFileException(file, "line " + rec.line() + ": " + (held + 1) + " rows of " + d + " feature columns"
                    + " make " + (held + 1) * d + " values, more than one Java array holds (" + maxValues + ") — read"
                    + " fewer rows" + (held > 0 ? " (--limit " + held + ")" : "") + " or use fewer columns");
        }
        long values = Math.min(rows * d, (long) maxValues / d * d);
        MemoryBudget.requireArray(values, Float.BYTES, file + ": line " + rec.line() + ": " + values / d + " rows of "
                + d + " features", "read fewer rows (--limit N)");
        return Arrays.copyOf(x, (int) values);
    }

    /** A decimal number, or a spelling of NaN or infinity (which a numeric label column must not hold). */
    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("infinity") || t.equalsIgnoreCase("inf");
        }
    }

    /** The label as an int: it must be an exactly integral number in the int range, non-negative unless mapped. */
    private static int integerLabel(Path file, CsvRecords.Record rec, int c, String[] header, String text,
            boolean mapLabels) throws DataFileException {
        String at = where(rec, c, header) + ": label '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                + "' ";
        BigDecimal v;
        try {
            v = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, at + "is not an integer (the first row's label is a number, so every"
                    + " label must be an integer class index)");
        }
        if ((long) v.precision() - v.scale() > 11) { // more integer digits than any int has: no huge expansion
            throw new DataFileException(file, at + "is out of range: labels are class indices 0..C−1 (at most "
                    + Integer.MAX_VALUE + ")");
        }
        int label;
        try {
            label = v.intValueExact();
        } catch (ArithmeticException e) {
            throw new DataFileException(file, at + (v.stripTrailingZeros().scale() > 0
                    ? "is not an integer: labels are class indices 0..C−1 (1.0 is accepted as 1, 1.5 is not)"
                    : "is out of range: labels are class indices 0..C−1 (at most " + Integer.MAX_VALUE + ")"));
        }
        if (label < 0 && !mapLabels) {
            throw new DataFileException(file, at + "is negative: labels are class indices 0..C−1 — renumber them,"
                    + " or ask for mapping (--map-labels) to map the sorted labels to 0..C−1");
        }
        return label;
    }

    /** Integer labels that must be 0..C−1 — or, with {@code mapLabels}, are mapped there in sorted order. */
    private static Dataset withIntegerLabels(Path file, float[] x, int d, int[] labels, boolean mapLabels,
            String column) throws DataFileException {
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        int c = distinct.length;
        boolean dense = distinct[0] == 0 && distinct[c - 1] == c - 1;
        if (dense) {
            return new Dataset(x, new int[] {d}, labels, c);
        }
        if (!mapLabels) {
            throw new DataFileException(file, column + ": found " + c + " distinct label" + (c == 1 ? "" : "s")
                    + " from " + distinct[0] + " to " + distinct[c - 1] + ", but labels must be the class indices 0.."
                    + (c - 1) + (c == 1 ? "" : ", each used at least once")
                    + " — renumber them, or ask for mapping (--map-labels) to map the sorted labels to 0.."
                    + (c - 1) + " and save the originals with the model");
        }
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Arrays.binarySearch(distinct, labels[i]);
        }
        List<String> names = new ArrayList<>(c);
        for (int v : distinct) {
            names.add(Integer.toString(v));
        }
        return new Dataset(x, new int[] {d}, y, c, names);
    }

    /** "line 7, column 3 ('petal width')": the record's first line and a 0-based column, shown from 1. */
    private static String where(CsvRecords.Record rec, int column, String[] header) {
        return "line " + rec.line() + ", column " + (column + 1)
                + (header != null && !header[column].isEmpty() ? " ('" + header[column] + "')" : "");
    }

    /** Labels that are names: indices in sorted order, the names kept as class names. */
    private static Dataset withLabels(float[] x, int d, String[] text) {
        TreeMap<String, Integer> classes = new TreeMap<>();
        for (String t : text) {
            classes.put(t, 0);
        }
        List<String> names = new ArrayList<>();
        int idx = 0;
        for (var e : classes.entrySet()) {
            e.setValue(idx++);
            names.add(e.getKey());
        }
        int[] y = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            y[i] = classes.get(text[i]);
        }
        return new Dataset(x, new int[] {d}, y, names.size(), names);
    }
}
