package io.dendrite.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The permissions a file or folder gets when created plainly — {@link Files#newOutputStream},
 * {@link Files#createDirectory} — under this process's umask; what every file Dendrite writes should get too.
 */
public final class PlainPermissions {
    private PlainPermissions() {
    }

    /**
     * Permissions of a file made by {@link Files#newOutputStream} in {@code dir} (made and deleted here).
     * Skips the calling test unless {@code dir} is on a POSIX file system.
     */
    public static Set<PosixFilePermission> ofNewFile(Path dir) throws IOException {
        assumePosix(dir);
        Path probe = dir.resolve("plain-permissions-probe.bin");
        try (OutputStream out = Files.newOutputStream(probe)) {
            out.write(1);
        }
        try {
            return Files.getPosixFilePermissions(probe);
        } finally {
            Files.delete(probe);
        }
    }

    /** Permissions of a folder made by {@link Files#createDirectory} in {@code dir}; skips unless POSIX. */
    public static Set<PosixFilePermission> ofNewFolder(Path dir) throws IOException {
        assumePosix(dir);
        Path probe = Files.createDirectory(dir.resolve("plain-permissions-probe"));
        try {
            return Files.getPosixFilePermissions(probe);
        } finally {
            Files.delete(probe);
        }
    }

    private static void assumePosix(Path dir) {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null,
                "not a POSIX file system: " + dir.getFileSystem());
    }
}
