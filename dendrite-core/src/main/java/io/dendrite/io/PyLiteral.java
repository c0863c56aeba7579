package io.dendrite.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax that {@code .npy} headers use: dicts, tuples,
 * lists, quoted strings, integers, {@code True}, {@code False} and {@code None}. Tuples and lists
 * become {@link List}, integers {@link Long}, booleans {@link Boolean}, {@code None} {@code null}.
 */
final class PyLiteral {
    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** Parses {@code text} as one literal; throws {@link IllegalArgumentException} naming the position. */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.fail("end of header");
        }
        return v;
    }

    private IllegalArgumentException fail(String expected) {
        String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "end of text";
        return new IllegalArgumentException("expected " + expected + " at character " + pos + ", found " + found);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw fail("a value");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '{') {
            return dict();
        }
        if (c == '(') {
            return sequence(')');
        }
        if (c == '[') {
            return sequence(']');
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return integer();
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return null;
                default:
                    pos = start;
                    throw fail("True, False, None, a number, a string, a tuple or a dict");
            }
        }
        throw fail("a value");
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        if (pos >= text.length()) {
            throw fail("closing quote " + quote);
        }
        pos++;
        return sb.toString();
    }

    private Long integer() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw fail("digits");
        }
        String number = text.substring(start, pos);
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++; // Python 2 long suffix, found in old .npy files
        }
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            pos = start;
            throw fail("an integer that fits in 64 bits");
        }
    }

    private List<Object> sequence(char close) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == close) {
                pos++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= text.length() || text.charAt(pos) != close) {
                throw fail("',' or '" + close + "'");
            }
        }
    }

    private Map<String, Object> dict() {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return map;
            }
            Object key = value();
            if (!(key instanceof String)) {
                throw fail("a string key");
            }
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw fail("':'");
            }
            pos++;
            map.put((String) key, value());
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos >= text.length() || text.charAt(pos) != '}') {
                throw fail("',' or '}'");
            }
        }
    }
}
