package io.dendrite.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and the string quoting a writer needs — enough for the header of a
 * safetensors file, with no dependency.
 *
 * <p>Objects become {@link LinkedHashMap} (members in file order), arrays {@link List}, strings {@link String},
 * {@code true}/{@code false} {@link Boolean}, {@code null} {@link #NULL}, integers that fit {@link Long}, and
 * every other number {@link BigDecimal}. Strict: a duplicate key in an object, a trailing comma, a control
 * character inside a string, an unpaired surrogate escape, nesting deeper than {@link #MAX_DEPTH}, or anything
 * after the value but white space is an error. Errors are {@link Syntax} exceptions that carry the character
 * position, so that the caller can turn it into a byte offset in its file.
 */
final class Json {
    /** The JSON value {@code null} (Java's null means "absent" in maps). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    /** Far deeper than any header needs; bounds the recursion on hostile input. */
    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** A JSON syntax error at character {@link #position()} of the parsed text. */
    static final class Syntax extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int position;

        Syntax(String message, int position) {
            super(message);
            this.position = position;
        }

        int position() {
            return position;
        }
    }

    /** Parses {@code text} as one JSON value, surrounded by optional white space. */
    static Object parse(String text) {
        Json p = new Json(text);
        p.space();
        Object v = p.value(0);
        p.space();
        if (p.pos != text.length()) {
            throw p.fail("the end of the JSON text");
        }
        return v;
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private Syntax fail(String expected) {
        String found = pos < text.length() ? "'" + printable(text.charAt(pos)) + "'" : "the end of the header";
        return new Syntax("expected " + expected + ", found " + found, pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private void space() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Syntax("nesting deeper than " + MAX_DEPTH + " levels", pos);
        }
        if (pos >= text.length()) {
            throw fail("a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw fail("a value");
            }
        };
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw fail("'" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        pos++;
        space();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return members;
        }
        while (true) {
            space();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw fail("a string key");
            }
            int keyAt = pos;
            String key = string();
            space();
            expect(':');
            space();
            Object v = value(depth + 1);
            if (members.put(key, v) != null) {
                throw new Syntax("duplicate key " + quote(key), keyAt);
            }
            space();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            expect('}');
            return members;
        }
    }

    private List<Object> array(int depth) {
        List<Object> items = new ArrayList<>();
        pos++;
        space();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return items;
        }
        while (true) {
            space();
            items.add(value(depth + 1));
            space();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                continue;
            }
            expect(']');
            return items;
        }
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw fail("'" + c + "'");
        }
        pos++;
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new Syntax("unterminated string that starts here", start);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw fail("no control character inside a string (escape it)");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= text.length()) {
                throw fail("an escape character");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(unicodeEscape());
                default -> {
                    pos--;
                    throw fail("one of \" \\ / b f n r t u after a backslash");
                }
            }
        }
    }

    /** The code unit(s) of a {@code \}{@code uXXXX} escape; a surrogate must come in a proper pair. */
    private String unicodeEscape() {
        char first = hex4();
        if (Character.isHighSurrogate(first)) {
            if (text.startsWith("\\u", pos)) {
                pos += 2;
                char second = hex4();
                if (Character.isLowSurrogate(second)) {
                    return new String(new char[] {first, second});
                }
            }
            throw new Syntax("unpaired surrogate escape", pos);
        }
        if (Character.isLowSurrogate(first)) {
            throw new Syntax("unpaired surrogate escape", pos);
        }
        return String.valueOf(first);
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw fail("four hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos), 16);
            if (d < 0) {
                throw fail("a hex digit");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
        } else if (!digits()) {
            throw fail("a digit");
        }
        boolean integer = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            integer = false;
            if (!digits()) {
                throw fail("a digit after the decimal point");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            integer = false;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw fail("a digit in the exponent");
            }
        }
        String literal = text.substring(start, pos);
        if (integer && literal.length() <= 18) {
            return Long.parseLong(literal);
        }
        return new BigDecimal(literal);
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }
}
