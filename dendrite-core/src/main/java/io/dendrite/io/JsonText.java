package io.dendrite.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads JSON files and texts with Dendrite's strict JSON reader (the one behind the safetensors header), for
 * other packages: vocabularies, configuration files.
 *
 * <p>Values come back as {@link java.util.LinkedHashMap} (objects, members in file order), {@link java.util.List}
 * (arrays), {@link String}, {@link Boolean}, {@link Long} (integers that fit) or {@link java.math.BigDecimal}
 * (other numbers), and a marker for JSON's {@code null} that {@link #isNull} recognizes. Strict: duplicate keys,
 * trailing commas, control characters in strings and trailing garbage are refused, with the file, line and column.
 */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Reads {@code file} as UTF-8 JSON.
     *
     * @throws FileFormatException when the file is not UTF-8 or not JSON; the message gives line and column
     */
    public static Object read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FileFormatException(file.toString(), "expected UTF-8 JSON text, found bytes that are not UTF-8 ("
                    + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    /**
     * Parses {@code text} as one JSON value.
     *
     * @param source what the text is, for the error message (a file name)
     * @throws FileFormatException on a syntax error, naming {@code source}, line and column
     */
    public static Object parse(String text, String source) throws FileFormatException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte-order mark some editors write
        }
        try {
            return Json.parse(text);
        } catch (Json.Syntax e) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < e.position() && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            throw new FileFormatException(source, "invalid JSON at line " + line + ", column " + column + ": "
                    + e.getMessage());
        }
    }

    /** True when {@code value} is JSON's {@code null} as returned by {@link #read} and {@link #parse}. */
    public static boolean isNull(Object value) {
        return value == Json.NULL;
    }

    /** {@code s} as a JSON string literal, quotes included. */
    public static String quote(String s) {
        return Json.quote(s);
    }
}
