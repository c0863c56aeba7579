package io.dendrite.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy dtype string as {@code .npy} headers hold it ({@code dtype.str}): a byte-order character, a
 * kind character and a size — {@code <f4}, {@code |u1}, {@code <U2}, {@code |S5}, {@code |O},
 * {@code <M8[ns]}.
 *
 * <p>The kind characters are those of numpy's array interface, and their case matters: {@code u} is an
 * unsigned integer but {@code U} a unicode string. Numbers: {@code f} float, {@code i} signed integer,
 * {@code u} unsigned integer, {@code b} and {@code ?} bool. Not numbers: {@code U} unicode strings (the
 * size counts characters, each stored as 4 bytes of UCS-4), {@code S} and its old alias {@code a} byte
 * strings (the size counts bytes), {@code c} complex numbers, {@code O} Python objects, {@code M}
 * datetimes, {@code m} timedeltas, {@code V} raw bytes.
 *
 * @param descr the dtype string as found
 * @param order {@code '<'} little-endian, {@code '>'} big-endian, {@code '|'} not applicable, {@code '='} native
 * @param kind the kind character, case kept
 * @param size the number in the string: bytes per element for numbers, characters for {@code U};
 *     0 where numpy writes none ({@code |O})
 */
record NpyDtype(String descr, char order, char kind, int size) {
    private static final Pattern FORM = Pattern.compile("([<>|=])([A-Za-z?])(\\d{0,9})(\\[\\w+])?");

    /** Parses {@code descr}; null when it is not of the form byte order, kind, size. */
    static NpyDtype parse(String descr) {
        Matcher m = FORM.matcher(descr);
        if (!m.matches()) {
            return null;
        }
        int size = m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
        return new NpyDtype(descr, m.group(1).charAt(0), m.group(2).charAt(0), size);
    }

    /** Whether the elements are numbers (or bools) that a tensor can hold. */
    boolean numeric() {
        return kind == 'f' || kind == 'i' || kind == 'u' || kind == 'b' || kind == '?';
    }

    /** Whether numpy knows the kind but its elements are not numbers: strings, complex, objects, dates, raw bytes. */
    boolean nonNumeric() {
        return !numeric() && meaning() != null;
    }

    /** What the elements are, in words: {@code "unicode strings"}, {@code "32-bit floats"}, …; null for an unknown kind. */
    String meaning() {
        return switch (kind) {
            case 'f' -> size * 8 + "-bit floats";
            case 'i' -> size * 8 + "-bit signed integers";
            case 'u' -> size * 8 + "-bit unsigned integers";
            case 'b', '?' -> "bools";
            case 'U' -> "unicode strings";
            case 'S', 'a' -> "byte strings";
            case 'c' -> "complex numbers";
            case 'O' -> "Python objects";
            case 'M' -> "datetimes";
            case 'm' -> "timedeltas";
            case 'V' -> "raw bytes";
            default -> null;
        };
    }
}
