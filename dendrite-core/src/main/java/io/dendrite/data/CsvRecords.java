package io.dendrite.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records as RFC 4180 describes, one record at a time, each with the physical line it
 * starts on.
 *
 * <ul>
 *   <li>Records end at CRLF, LF or a lone CR; blank lines are skipped; a UTF-8 byte-order mark is ignored.
 *   <li>A field in double quotes may hold the separator, line breaks (kept as written) and quotes written
 *       twice ({@code "say ""hi"""} is {@code say "hi"}); spaces around the quotes are ignored, but nothing
 *       else may stand between the closing quote and the next separator.
 *   <li>Unquoted fields lose surrounding spaces; quoted fields keep their content exactly.
 *   <li>The separator is a comma, or — when the first line has no comma outside quotes — a semicolon,
 *       then a tab.
 * </ul>
 * Line numbers count physical lines from 1, so a record after a quoted field spanning two lines starts two
 * lines further on.
 */
final class CsvRecords {
    /** How far ahead the separator is looked for: the first line must fit. */
    private static final int DETECT_LIMIT = 1 << 20;

    /** One record: the physical line it starts on and its fields. */
    record Record(long line, String[] fields) {
    }

    private final BufferedReader in;
    private final Path file;
    private final char separator;
    private long line = 1;   // long: a file may hold more than 2^31 (blank) lines
    private int lookahead = -2; // -2: nothing read ahead yet

    private CsvRecords(BufferedReader in, Path file, char separator) {
        this.in = in;
        this.file = file;
        this.separator = separator;
    }

    /** Starts reading {@code in}, the text of {@code file} (named in errors), detecting the separator first. */
    static CsvRecords open(BufferedReader in, Path file) throws IOException {
        in.mark(DETECT_LIMIT);
        char sep = detectSeparator(in);
        in.reset();
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
        return new CsvRecords(in, file, sep);
    }

    /** The field separator in use. */
    char separator() {
        return separator;
    }

    /** The next non-blank record, or null at the end of the text. */
    Record next() throws IOException {
        while (peek() >= 0) {
            long start = line;
            List<String> fields = new ArrayList<>();
            boolean quoted = false;
            boolean more = true;
            while (more) {
                skipSpaces();
                if (peek() == '"') {
                    quoted = true;
                    fields.add(quotedField(fields.size() + 1));
                } else {
                    fields.add(unquotedField());
                }
                more = peek() == separator;
                if (more) {
                    read();
                }
            }
            endOfLine();
            if (quoted || fields.size() > 1 || !fields.get(0).isEmpty()) {
                return new Record(start, fields.toArray(new String[0]));
            }
        }
        return null;
    }

    private String unquotedField() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = peek(); c >= 0 && c != separator && c != '\n' && c != '\r'; c = peek()) {
            sb.append((char) read());
        }
        return sb.toString().strip();
    }

    private String quotedField(int column) throws IOException {
        long start = line;
        read(); // the opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0) {
                throw new DataFileException(file, "line " + start + ", column " + column + ": the quoted field"
                        + " opened there is never closed (a '\"' inside a quoted field is written twice: \"\")");
            }
            if (c == '"') {
                if (peek() != '"') {
                    break;
                }
                read();
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            sb.append((char) c);
        }
        skipSpaces();
        int c = peek();
        if (c >= 0 && c != separator && c != '\n' && c != '\r') {
            throw new DataFileException(file, "line " + line + ", column " + column + ": '" + (char) c
                    + "' after the closing quote of a quoted field; expected '" + printable(separator)
                    + "' or the end of the line (a '\"' inside a quoted field is written twice: \"\")");
        }
        return sb.toString();
    }

    /** Consumes one line break (CRLF, LF or CR) if there is one. */
    private void endOfLine() throws IOException {
        int c = peek();
        if (c == '\r') {
            read();
            if (peek() == '\n') {
                read();
            }
            line++;
        } else if (c == '\n') {
            read();
            line++;
        }
    }

    private void skipSpaces() throws IOException {
        while (peek() == ' ' || (peek() == '\t' && separator != '\t')) {
            read();
        }
    }

    private int peek() throws IOException {
        if (lookahead == -2) {
            lookahead = in.read();
        }
        return lookahead;
    }

    private int read() throws IOException {
        int c = peek();
        lookahead = -2;
        return c;
    }

    /** Comma, else semicolon, else tab — as found outside quotes on the first non-blank line. */
    private static char detectSeparator(BufferedReader in) throws IOException {
        boolean inQuotes = false;
        boolean content = false;
        boolean semicolon = false;
        boolean tab = false;
        for (int read = 0, c = in.read(); c >= 0 && read < DETECT_LIMIT - 1; read++, c = in.read()) {
            if (c == '"') {
                inQuotes = !inQuotes;
                content = true;
            } else if (!inQuotes) {
                if (c == '\n' || c == '\r') {
                    if (content) {
                        break;
                    }
                } else if (c == ',') {
                    return ',';
                } else {
                    semicolon |= c == ';';
                    tab |= c == '\t';
                    content |= !Character.isWhitespace(c) || c == '\t';
                }
            }
        }
        return semicolon ? ';' : tab ? '\t' : ',';
    }

    static String printable(char separator) {
        return separator == '\t' ? "\\t" : String.valueOf(separator);
    }
}
