package io.dendrite.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of file Dendrite reads, told by their first bytes and, when those say nothing, by the name's extension:
 * a file's content wins over its name, so a renamed file is still read as what it is, and a damaged file of a known
 * extension still reaches its reader, whose error then says what is wrong.
 *
 * <table>
 *   <caption>How each kind is recognized</caption>
 *   <tr><th>kind</th><th>first bytes</th><th>extension</th></tr>
 *   <tr><td>{@link #MODEL}</td><td>{@code DNDR}</td><td>{@code .dnd}</td></tr>
 *   <tr><td>{@link #NPZ}</td><td>{@code PK} (a zip archive)</td><td>{@code .npz}</td></tr>
 *   <tr><td>{@link #NPY}</td><td>{@code \x93NUMPY}</td><td>{@code .npy}</td></tr>
 *   <tr><td>{@link #SAFETENSORS}</td><td>a little-endian u64 of at most 100 MB, then <code>&#123;</code></td><td>{@code .safetensors}</td></tr>
 *   <tr><td>{@link #ONNX}</td><td>(protobuf has no magic)</td><td>{@code .onnx}</td></tr>
 * </table>
 */
public enum FileKind {
    /** A Dendrite model or checkpoint file ({@link ModelFile}). */
    MODEL(".dnd"),
    /** A numpy archive of named arrays ({@link Npz}). */
    NPZ(".npz"),
    /** A single numpy array ({@link Npy}). */
    NPY(".npy"),
    /** Hugging Face's safetensors ({@link Safetensors}). */
    SAFETENSORS(".safetensors"),
    /** An ONNX model, known by its extension only. */
    ONNX(".onnx"),
    /** None of the above. */
    UNKNOWN("");

    /** Named in "unknown file" errors: the formats Dendrite understands. */
    public static final String UNDERSTOOD = "Dendrite models and checkpoints (.dnd), numpy arrays (.npy, .npz),"
            + " safetensors (.safetensors), ONNX models (.onnx)";

    private final String extension;

    FileKind(String extension) {
        this.extension = extension;
    }

    /** The usual file-name extension, dot included; empty for {@link #UNKNOWN}. */
    public String extension() {
        return extension;
    }

    /** The kind of {@code file}, by its first bytes, else by its extension; {@link #UNKNOWN} when neither tells. */
    public static FileKind of(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        }
        FileKind byContent = ofBytes(head);
        return byContent != UNKNOWN ? byContent : byExtension(file);
    }

    /** The kind told by the first bytes of a file (at least 9 of them for safetensors), or {@link #UNKNOWN}. */
    static FileKind ofBytes(byte[] head) {
        if (starts(head, ModelFile.MAGIC)) {
            return MODEL;
        }
        if (starts(head, Npy.MAGIC)) {
            return NPY;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return NPZ;
        }
        if (head.length >= 9 && head[8] == '{') {
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n >= 2 && n <= Safetensors.MAX_HEADER_BYTES) {
                return SAFETENSORS;
            }
        }
        return UNKNOWN;
    }

    /** The kind whose extension {@code file}'s name ends with (case-insensitive), or {@link #UNKNOWN}. */
    public static FileKind byExtension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (FileKind k : values()) {
            if (k != UNKNOWN && name.endsWith(k.extension)) {
                return k;
            }
        }
        return UNKNOWN;
    }

    private static boolean starts(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** " (this is a …)" when the first bytes show another format, else "" — for "not a … file" errors. */
    static String hint(byte[] head) {
        return switch (ofBytes(head)) {
            case MODEL -> " (this is a Dendrite model file: read it with ModelFile.read)";
            case NPZ -> " (this is a zip archive, perhaps an .npz: read it with Npz.read)";
            case NPY -> " (this is an .npy array: read it with Npy.read)";
            default -> "";
        };
    }
}
