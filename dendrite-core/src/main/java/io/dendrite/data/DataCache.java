package io.dendrite.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The folder where fetched datasets live: {@code $DENDRITE_DATA} when set, else
 * {@code ~/.cache/dendrite/}; one sub-folder per dataset ({@code mnist/}, {@code fashion-mnist/}).
 *
 * <p>A half-written cache is never used. A dataset is fetched into a temporary folder
 * {@code .tmp-NAME-*} inside the cache, every file is checked against its known size and SHA-256,
 * a marker file {@value #MARKER} listing the sums is written last, and only then is the folder
 * renamed into place in one atomic move. A folder is used only when its marker lists exactly the
 * expected sums and every file has its expected size; leftover temporary folders from an
 * interrupted fetch are deleted by the next fetch. Fetches of the same cache are serialized with a
 * file lock, across threads and processes.
 *
 * <p><b>Damage after the download.</b> The marker also records, for every file, the modification time it had
 * when its SHA-256 was last verified (right after the download, or when a hand-copied folder is adopted).
 * Each use ({@link #ensure}) compares the files' modification times with the marker's; a file whose time
 * changed is hashed again — so a file damaged in place, even without a change of size, is caught — and when
 * its SHA-256 still matches, the new time is recorded, so it is not hashed again. Unchanged files cost one
 * {@code stat}, no hashing. A mismatch is refused in one line naming the file, the expected and the actual
 * digest and the fix ({@code dendrite fetch NAME} again, which replaces damaged files, or deleting the
 * folder). A damage that keeps the modification time is not detected without a full check
 * ({@link #verify}).
 */
public final class DataCache {
    /** Environment variable that overrides the cache folder. */
    public static final String ENV = "DENDRITE_DATA";
    /** Name of the marker file that makes a cache folder valid. */
    public static final String MARKER = ".dendrite-verified";
    private static final String TMP_PREFIX = ".tmp-";
    private static final int MAX_NAME_ATTEMPTS = 100;
    private static final Object JVM_LOCK = new Object();

    private final Path root;
    /** How many files {@link #ensure} re-hashed because their modification time changed: a hook for tests. */
    final AtomicInteger rehashes = new AtomicInteger();

    public DataCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    /** The cache at {@code $DENDRITE_DATA}, or {@code ~/.cache/dendrite/} when that is unset or empty. */
    public static DataCache defaultCache() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new DataCache(Path.of(env));
        }
        return new DataCache(Path.of(System.getProperty("user.home"), ".cache", "dendrite"));
    }

    public Path root() {
        return root;
    }

    /** Where dataset {@code name} lives once fetched (whether or not it is there yet). */
    public Path folder(String name) {
        return root.resolve(name);
    }

    /** Fills a fresh temporary folder with a dataset's files. */
    @FunctionalInterface
    public interface Filler {
        void fill(Path tempDir) throws IOException;
    }

    /** True when {@code name} is cached, complete and marked verified for exactly these files. */
    public boolean isReady(String name, List<FileSpec> files) {
        Path dir = folder(name);
        try {
            Map<String, Long> times = readMarker(dir, name, files);
            if (times == null) {
                return false;
            }
            for (FileSpec f : files) {
                Path p = dir.resolve(f.name());
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the folder of dataset {@code name}, filling it first when it is not ready.
     *
     * <p>A folder without a valid marker whose files all match the expected sums (copied there
     * by hand) is adopted; anything else there is removed and fetched again.
     */
    public Path ensure(String name, List<FileSpec> files, Filler filler) throws IOException {
        return ensure(name, files, filler, false);
    }

    /**
     * As {@link #ensure(String, List, Filler)}; with {@code replaceDamaged}, a cached file found damaged (its
     * modification time changed and its SHA-256 no longer matches) makes the folder be fetched anew instead of
     * being refused.
     */
    public Path ensure(String name, List<FileSpec> files, Filler filler, boolean replaceDamaged) throws IOException {
        if (isReady(name, files)) {
            try {
                checkUnchanged(name, files);
                return folder(name);
            } catch (DataFileException e) {
                if (!replaceDamaged) {
                    throw e;
                }
            }
        }
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new DataFileException(root, "cannot create the cache folder (" + e + "); set " + ENV
                        + " to a writable folder", e);
            }
            try (FileChannel lockChannel = FileChannel.open(root.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockChannel.lock()) {
                if (isReady(name, files)) { // another process fetched it while we waited
                    try {
                        checkUnchanged(name, files);
                        return folder(name);
                    } catch (DataFileException e) {
                        if (!replaceDamaged) {
                            throw e;
                        }
                    }
                }
                Path dir = folder(name);
                if (Files.exists(dir)) {
                    if (verifies(dir, files)) {
                        writeMarker(dir, name, files);
                        return dir;
                    }
                    Path stale = Files.createTempDirectory(root, TMP_PREFIX + name + "-stale-");
                    Files.delete(stale);
                    Files.move(dir, stale, StandardCopyOption.ATOMIC_MOVE);
                }
                removeLeftovers(name);
                Path tmp = createFolder(root, TMP_PREFIX + name + "-");
                try {
                    filler.fill(tmp);
                    verify(tmp, files);
                    writeMarker(tmp, name, files);
                    move(tmp, dir);
                } finally {
                    if (Files.exists(tmp)) {
                        deleteRecursively(tmp);
                    }
                }
                return dir;
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically; the cache folder must be"
                    + " on one file system", e);
        }
    }

    /**
     * Creates a new folder {@code prefix} + a random suffix in {@code parent}. Unlike
     * {@link Files#createTempDirectory}, which makes it owner-only, the folder gets the umask's permissions,
     * like any folder the user creates, and so does the cache folder it becomes.
     */
    private static Path createFolder(Path parent, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path dir = parent.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt == MAX_NAME_ATTEMPTS) {
                    throw new IOException(parent + ": found no free name for a temporary folder", e);
                }
            }
        }
    }

    /** Deletes temporary folders left by interrupted fetches of {@code name}. */
    void removeLeftovers(String name) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, TMP_PREFIX + name + "-*")) {
            ds.forEach(old::add);
        }
        for (Path p : old) {
            deleteRecursively(p);
        }
    }

    private static boolean verifies(Path dir, List<FileSpec> files) {
        try {
            verify(dir, files);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Checks every file's presence, size and SHA-256; throws naming the first that differs. */
    public static void verify(Path dir, List<FileSpec> files) throws IOException {
        for (FileSpec f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                throw new DataFileException(p, "missing: expected " + f.name() + " (" + f.size() + " bytes)");
            }
            long size = Files.size(p);
            if (size != f.size()) {
                throw new DataFileException(p, "size mismatch: expected " + f.size() + " bytes, found " + size);
            }
            String sha = sha256(p);
            if (!sha.equals(f.sha256())) {
                throw new DataFileException(p, "SHA-256 mismatch: expected " + f.sha256() + ", found " + sha
                        + " — a corrupt or different file");
            }
        }
    }

    /**
     * Re-hashes every file of a ready folder whose modification time differs from the one its marker records;
     * records the new time of those that still match, refuses the first that does not.
     */
    private void checkUnchanged(String name, List<FileSpec> files) throws IOException {
        Path dir = folder(name);
        Map<String, Long> times = readMarker(dir, name, files);
        if (times == null) {
            return; // replaced meanwhile: isReady decides again on the next use
        }
        Map<String, Long> now = new LinkedHashMap<>();
        boolean changed = false;
        for (FileSpec f : files) {
            Path p = dir.resolve(f.name());
            long t = modified(p);
            now.put(f.name(), t);
            if (t == times.get(f.name())) {
                continue;
            }
            rehashes.incrementAndGet();
            String sha = sha256(p);
            if (!sha.equals(f.sha256())) {
                throw new DataFileException(p, "damaged cached file: SHA-256 expected " + f.sha256() + ", found "
                        + sha + " (it changed after it was verified) — run `dendrite fetch " + name
                        + "` again, or delete " + dir);
            }
            changed = true;
        }
        if (changed) {
            try {
                writeMarker(dir, name, files, now);
            } catch (IOException e) {
                // a read-only cache: the files verified; they are hashed again next time
            }
        }
    }

    private static long modified(Path p) throws IOException {
        return Files.getLastModifiedTime(p).toMillis();
    }

    private static void writeMarker(Path dir, String name, List<FileSpec> files) throws IOException {
        Map<String, Long> times = new LinkedHashMap<>();
        for (FileSpec f : files) {
            times.put(f.name(), modified(dir.resolve(f.name())));
        }
        writeMarker(dir, name, files, times);
    }

    private static void writeMarker(Path dir, String name, List<FileSpec> files, Map<String, Long> times)
            throws IOException {
        Path tmp = dir.resolve(MARKER + ".tmp");
        Files.writeString(tmp, markerText(name, files, times));
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String markerHeader(String name) {
        return "# Dendrite dataset " + name + ": verified files (SHA-256, size, modification time in ms, name)";
    }

    private static String markerText(String name, List<FileSpec> files, Map<String, Long> times) {
        StringBuilder sb = new StringBuilder(markerHeader(name)).append('\n');
        for (FileSpec f : files) {
            sb.append(f.sha256()).append("  ").append(f.size()).append("  ").append(times.get(f.name()))
                    .append("  ").append(f.name()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The verified modification times the marker of {@code dir} records, by file name, when it lists exactly
     * {@code files} with their expected sums and sizes; null when it is missing, of another format (an older
     * Dendrite's) or lists other sums.
     */
    private static Map<String, Long> readMarker(Path dir, String name, List<FileSpec> files) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        List<String> lines = Files.readAllLines(marker);
        if (lines.size() != files.size() + 1 || !lines.get(0).equals(markerHeader(name))) {
            return null;
        }
        Map<String, Long> times = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            String[] parts = lines.get(i + 1).split("  ", 4);
            if (parts.length != 4 || !parts[0].equals(f.sha256()) || !parts[1].equals(Long.toString(f.size()))
                    || !parts[3].equals(f.name())) {
                return null;
            }
            try {
                times.put(f.name(), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return times;
    }

    /** SHA-256 of a file as lowercase hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.delete(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return "DataCache(" + root + ")";
    }
}
