package io.dendrite.data;

import java.io.BufferedReader;
import java.io.IOException;
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
 * fields are stripped; blank lines are skipped. Labels that are all integers become classes by value when
 * non-negative (numClasses = max + 1) or, otherwise, by their sorted order; any other labels ("setosa",
 * "virginica") are mapped to indices in sorted order and kept as class names. Samples have shape (D,).
 *
 * <p>Every row must have as many fields as the header (or, without one, the first row). A missing value —
 * an empty field or a row cut short — and a feature that is not a number are refused with the file, the
 * line the record starts on (counting physical lines from 1) and the column (from 1, with its header name).
 */
public final class CsvDataset {
    private CsvDataset() {}

    /**
     * @param labelColumn the column of the label, 0-based; negative counts from the end (-1: last)
     * @param hasHeader   the first non-blank record names the columns and is skipped
     */
    public static Dataset load(Path file, int labelColumn, boolean hasHeader) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(file, CsvRecords.open(r, file), labelColumn, hasHeader);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found (expected a CSV file)", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot read the file: permission denied", e);
        } catch (MalformedInputException e) {
            throw new DataFileException(file, "is not UTF-8 text — not a CSV file?", e);
        }
    }

    private static Dataset load(Path file, CsvRecords records, int labelColumn, boolean hasHeader) throws IOException {
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
        float[] x = new float[16 * d];
        List<String> labels = new ArrayList<>();
        for (CsvRecords.Record rec = first; rec != null; rec = records.next()) {
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
                x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, 2L * x.length));
            }
            int k = 0;
            for (int c = 0; c < cols; c++) {
                if (row[c].isEmpty()) {
                    throw new DataFileException(file, where(rec, c, header) + ": missing value (empty field)");
                }
                if (c == lc) {
                    labels.add(row[c]);
                    continue;
                }
                try {
                    x[i * d + k++] = Float.parseFloat(row[c]);
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, where(rec, c, header) + ": '" + row[c]
                            + "' is not a number (features must be numeric)");
                }
            }
        }
        return withLabels(Arrays.copyOf(x, labels.size() * d), d, labels.toArray(new String[0]));
    }

    /** "line 7, column 3 ('petal width')": the record's first line and a 0-based column, shown from 1. */
    private static String where(CsvRecords.Record rec, int column, String[] header) {
        return "line " + rec.line() + ", column " + (column + 1)
                + (header != null && !header[column].isEmpty() ? " ('" + header[column] + "')" : "");
    }

    private static Dataset withLabels(float[] x, int d, String[] text) {
        boolean allInts = true;
        boolean nonNegative = true;
        long[] values = new long[text.length];
        for (int i = 0; i < text.length && allInts; i++) {
            try {
                values[i] = Long.parseLong(text[i]);
                nonNegative &= values[i] >= 0;
            } catch (NumberFormatException e) {
                allInts = false;
            }
        }
        int[] y = new int[text.length];
        if (allInts && nonNegative) {
            long max = 0;
            for (long v : values) {
                max = Math.max(max, v);
            }
            if (max < 1_000_000) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = (int) values[i];
                }
                return new Dataset(x, new int[] {d}, y, (int) max + 1);
            }
        }
        TreeMap<Object, Integer> classes = new TreeMap<>();
        for (int i = 0; i < text.length; i++) {
            classes.put(allInts ? (Object) values[i] : text[i], 0);
        }
        List<String> names = new ArrayList<>();
        int idx = 0;
        for (var e : classes.entrySet()) {
            e.setValue(idx++);
            names.add(String.valueOf(e.getKey()));
        }
        for (int i = 0; i < text.length; i++) {
            y[i] = classes.get(allInts ? (Object) values[i] : text[i]);
        }
        return new Dataset(x, new int[] {d}, y, names.size(), names);
    }
}
