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
import java.util.List;
import java.util.TreeMap;

/**
 * Tabular data from a CSV file: numeric feature columns and one label column.
 *
 * <p>Fields are separated by commas (or by semicolons or tabs, when the first data line has no
 * comma); surrounding spaces and double quotes are stripped; blank lines are skipped. Labels that
 * are all integers become classes by value when non-negative (numClasses = max + 1) or, otherwise,
 * by their sorted order; any other labels ("setosa", "virginica") are mapped to indices in sorted
 * order and kept as class names. Samples have shape (D,).
 */
public final class CsvDataset {
    private CsvDataset() {}

    /**
     * @param labelColumn the column of the label, 0-based; negative counts from the end (-1: last)
     * @param hasHeader   the first non-blank line names the columns and is skipped
     */
    public static Dataset load(Path file, int labelColumn, boolean hasHeader) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        char sep = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean headerSkipped = !hasHeader;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (sep == 0) {
                    sep = line.indexOf(',') >= 0 ? ','
                            : line.indexOf(';') >= 0 ? ';'
                            : line.indexOf('\t') >= 0 ? '\t' : ',';
                }
                if (!headerSkipped) {
                    headerSkipped = true;
                    continue;
                }
                rows.add(split(line, sep));
                lineNumbers.add(lineNo);
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file not found (expected a CSV file)", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "cannot read the file: permission denied", e);
        } catch (MalformedInputException e) {
            throw new DataFileException(file, "is not UTF-8 text — not a CSV file?", e);
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file, "holds no data rows" + (hasHeader ? " after the header" : ""));
        }
        int cols = rows.get(0).length;
        if (cols < 2) {
            throw new DataFileException(file, "line " + lineNumbers.get(0) + " has " + cols
                    + " column; expected at least one feature and a label, separated by '" + sep + "'");
        }
        int lc = labelColumn < 0 ? cols + labelColumn : labelColumn;
        if (lc < 0 || lc >= cols) {
            throw new DataFileException(file, "label column " + labelColumn + " does not exist; the rows have "
                    + cols + " columns");
        }
        int d = cols - 1;
        float[] x = new float[rows.size() * d];
        String[] labelText = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            if (row.length != cols) {
                throw new DataFileException(file, "line " + lineNumbers.get(i) + " has " + row.length
                        + " columns, expected " + cols + " like line " + lineNumbers.get(0));
            }
            int k = 0;
            for (int c = 0; c < cols; c++) {
                if (c == lc) {
                    labelText[i] = row[c];
                    continue;
                }
                try {
                    x[i * d + k++] = Float.parseFloat(row[c]);
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, "line " + lineNumbers.get(i) + ", column " + (c + 1) + ": '"
                            + row[c] + "' is not a number (features must be numeric)");
                }
            }
        }
        return withLabels(x, d, labelText);
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

    private static String[] split(String line, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == sep) {
                String f = line.substring(start, i).strip();
                if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                    f = f.substring(1, f.length() - 1).strip();
                }
                out.add(f);
                start = i + 1;
            }
        }
        return out.toArray(new String[0]);
    }
}
