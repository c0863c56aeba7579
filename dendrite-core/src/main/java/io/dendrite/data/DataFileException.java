package io.dendrite.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file or folder that cannot be used: missing, unreadable, truncated, a wrong magic number,
 * counts that disagree, a label outside the class range.
 *
 * <p>The message always names the file, what was expected and what was found, so that a user can
 * tell a bad download from a wrong folder without a debugger.
 */
public class DataFileException extends IOException {
    private final Path file;

    public DataFileException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public DataFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file or folder at fault. */
    public Path file() {
        return file;
    }
}
