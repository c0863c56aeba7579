package io.dendrite.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, so that writers can be passed as lambdas to
 * {@link AtomicFiles#write(java.nio.file.Path, IoConsumer)}.
 *
 * @param <T> what is consumed, typically an {@link java.io.OutputStream}
 */
@FunctionalInterface
public interface IoConsumer<T> {
    /** Consumes {@code value}, possibly failing with an I/O error. */
    void accept(T value) throws IOException;
}
