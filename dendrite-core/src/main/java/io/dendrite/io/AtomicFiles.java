package io.dendrite.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

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
 * <p>Leftovers: a process killed mid-write leaves its hidden temporary file ({@code .NAME.RANDOM.tmp}, see
 * {@link #isTemporary}). Every write removes such files in its folder once they are older than
 * {@link #STALE_AFTER}, so a write still in progress in another process is never touched;
 * {@link #removeTemporaries} removes them regardless of age when a caller knows the folder is its own.
 *
 * <p>Failures: an {@link IOException} from here names the target file and the cause in one line
 * (for example {@code run/model.dnd: No space left on device} or {@code ...: Permission denied}).
 *
 * <p>Model files, checkpoints, run folders (texts, plots, the report), {@code .npy}/{@code .npz}
 * archives and idx files all go through here.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    /** How many random temporary names to try before giving up (a clash is already unlikely). */
    private static final int NAME_ATTEMPTS = 100;
    /** Age after which a temporary file of this class counts as left behind by a dead process. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);
    /** {@code .NAME.RANDOM.tmp}, RANDOM an unsigned long in base 36: exactly what {@link #createTemporary} makes. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-z]{1,13}\\.tmp");

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
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw describe(target, e);
        }
        removeTemporaries(dir, STALE_AFTER);
        Path temp;
        try {
            temp = createTemporary(dir, absolute);
        } catch (IOException e) {
            throw describe(target, e);
        }
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
        } catch (IOException e) {
            throw describe(target, e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write's own failure is what gets reported; the next write removes the file once stale
                }
            }
        }
    }

    /** Whether {@code file}'s name is that of a temporary file this class makes ({@code .NAME.RANDOM.tmp}). */
    public static boolean isTemporary(Path file) {
        Path name = file.getFileName();
        return name != null && TEMPORARY.matcher(name.toString()).matches();
    }

    /**
     * Deletes the temporary files of this class in {@code dir} (not in sub-folders) last modified at least
     * {@code olderThan} ago ({@link Duration#ZERO}: all of them), and returns how many. Best effort: a file that
     * cannot be read or deleted is skipped, and a missing folder holds none.
     */
    public static int removeTemporaries(Path dir, Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, AtomicFiles::isTemporary)) {
            for (Path f : files) {
                try {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                            && !Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)
                            && Files.deleteIfExists(f)) {
                        removed++;
                    }
                } catch (IOException ignored) {
                    // not ours to delete after all, or gone meanwhile
                }
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // no such folder, or not readable: nothing to clean
        }
        return removed;
    }

    /**
     * The failure as one line naming {@code target} and the cause: the JDK's file exceptions carry only the path
     * of the temporary file, and a failed {@code write} carries only the cause ("No space left on device").
     */
    private static IOException describe(Path target, IOException e) {
        String cause;
        if (e instanceof AccessDeniedException) {
            cause = "Permission denied";
        } else if (e instanceof NoSuchFileException) {
            cause = "No such file or directory";
        } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
            cause = fs.getReason();
        } else if (e instanceof FileSystemException) {
            cause = e.getClass().getSimpleName();
        } else {
            cause = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        IOException described = new IOException(target + ": " + cause, e);
        return described;
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
