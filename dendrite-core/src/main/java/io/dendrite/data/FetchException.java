package io.dendrite.data;

import java.io.IOException;

/**
 * A dataset could not be fetched into the cache. The message says what was tried (which command,
 * in which folder, what it printed) and how to supply the files by hand instead.
 */
public class FetchException extends IOException {
    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
