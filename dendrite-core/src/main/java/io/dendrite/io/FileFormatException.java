package io.dendrite.io;

import java.io.IOException;

/**
 * A file that Dendrite cannot read because its bytes are not what its format promises: wrong magic,
 * unknown version, unsupported dtype, checksum mismatch, or a file cut short.
 *
 * <p>The message always names the file (or the archive entry) and says what was expected and what
 * was found, so that a user can tell a truncated download from a file of the wrong kind.
 */
public final class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source the file or archive entry, as shown to the user
     * @param detail what was expected and what was found
     */
    public FileFormatException(String source, String detail) {
        super(source + ": " + detail);
        this.source = source;
    }

    /** The file or archive entry that could not be read. */
    public String source() {
        return source;
    }
}
