package io.dendrite.io;

/** Shows raw bytes in error messages: printable ASCII as is, the rest as \xNN. */
final class Hex {
    private Hex() {
    }

    static String show(byte[] bytes) {
        StringBuilder sb = new StringBuilder("'");
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('\'').toString();
    }
}
