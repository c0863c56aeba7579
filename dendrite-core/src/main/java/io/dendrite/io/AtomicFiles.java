package io.dendrite.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file — even if the process dies or the machine loses power mid-write.
 *
 * <p>How: the content goes to a temporary file in the target's own directory (a rename is only
 * atomic within one file system), which is flushed to disk ({@code fsync}) and then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}; finally the directory itself is synced so the
 * rename survives a crash. If anything fails, the temporary file is deleted and the target is left
 * untouched. Missing parent directories are created.
 *
 * <p>Permissions: the new file gets what a plain {@link Files#newOutputStream} would give it — the
 * process's umask applied to {@code rw-rw-rw-} for a new file (usually {@code rw-r--r--}), the old file's
 * permissions when it replaces one. (A temporary file made by {@link Files#createTempFile} would be
 * {@code rw-------} whatever the umask, and the rename would carry that over to the target.)
 *
 * <p>Model files, checkpoints, run folders (texts, plots, the report), {@code .npy}/{@code .npz}
 * archives and idx files all go through here.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    /** How many random temporary names to try before giving up (a clash is already unlikely). */
    private static final int NAME_ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically with whatever {@code body} writes to the stream it is given.
     * The stream is buffered; {@code body} may close it or not.
     *
     * @throws IOException from {@code body}, or if the file cannot be written or renamed; the target
     *     then keeps its previous content (or stays absent)
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) {
            throw new IOException(target + ": cannot write a file at the file-system root");
        }
        Files.createDirectories(dir);
        Path temp = createTemporary(dir, absolute);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new UnclosableStream(Channels.newOutputStream(channel)), BUFFER_BYTES);
                body.accept(out);
                out.flush();
                channel.force(true);
            }
            keepPermissions(absolute, temp);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Creates an empty, hidden temporary file beside {@code target}. No file attributes are given, so the
     * file system applies the umask exactly as for {@link Files#newOutputStream}.
     */
    private static Path createTemporary(Path dir, Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) {
                    throw new IOException(target + ": found no free name for a temporary file beside it", e);
                }
            }
        }
    }

    /**
     * When {@code target} already exists, gives {@code temp} its POSIX permissions, so that replacing a file
     * keeps them as overwriting it in place would. Best effort: elsewhere the umask's choice stays.
     */
    private static void keepPermissions(Path target, Path temp) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (view != null && Files.isRegularFile(target)) {
                Files.setPosixFilePermissions(temp, view.readAttributes().permissions());
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // The target vanished meanwhile or is not ours: the new file keeps the umask's permissions.
        }
    }

    /** Makes the rename durable; some platforms (Windows) cannot open a directory, which is harmless there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Durability of the rename is best effort; the content itself is already on disk.
        }
    }

    /** Lets {@code body} close its stream without closing the channel we still need to force. */
    private static final class UnclosableStream extends FilterOutputStream {
        UnclosableStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
