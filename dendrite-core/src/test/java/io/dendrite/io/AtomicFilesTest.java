package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("checkpoint.bin");
        AtomicFiles.write(file, out -> out.write("old".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half-written new content".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("disk full");
        })).hasMessage(file + ": disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void bodyMayCloseTheStream() throws IOException {
        Path file = dir.resolve("a.txt");
        AtomicFiles.write(file, out -> {
            out.write('x');
            out.close();
        });
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void relativePathsWork() throws IOException {
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("r.txt"));
        assertThat(relative.isAbsolute()).isFalse();
        AtomicFiles.write(relative, out -> out.write('y'));
        assertThat(Files.readString(dir.resolve("r.txt"))).isEqualTo("y");
    }

    @Test
    void aNewFileGetsTheUmaskLikeAPlainlyWrittenFile() throws IOException {
        var plain = PlainPermissions.ofNewFile(dir);
        Path file = dir.resolve("model.dnd");
        AtomicFiles.write(file, out -> out.write(1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo(PosixFilePermissions.toString(plain));
    }

    @Test
    void aReplacedFileKeepsItsPermissionsLikeAnOverwrittenFile() throws IOException {
        PlainPermissions.ofNewFile(dir); // skips unless POSIX
        Path file = dir.resolve("history.csv");
        AtomicFiles.write(file, out -> out.write('a'));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.write(file, out -> out.write('b'));
        assertThat(Files.readString(file)).isEqualTo("b");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void aFailedWriteNamesTheFileAndTheCauseAndLeavesNothing() {
        Path file = dir.resolve("model.dnd");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage(file + ": No space left on device");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aReadOnlyFolderSaysPermissionDeniedAndLeavesNothing() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as root");
            Path file = locked.resolve("model.dnd");
            assertThatThrownBy(() -> AtomicFiles.write(file, out -> out.write(1)))
                    .hasMessage(file + ": Permission denied");
            assertThat(locked.toFile().list()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void onlyItsOwnTemporaryFilesOlderThanTheLimitAreRemoved() throws IOException {
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofMinutes(11)));
        Path stale = Files.write(dir.resolve(".checkpoint.dnd.3f9kz0a.tmp"), new byte[]{1});
        Files.setLastModifiedTime(stale, old);
        Path fresh = Files.write(dir.resolve(".checkpoint.dnd.abc.tmp"), new byte[]{1});
        Path other = Files.write(dir.resolve(".session.tmp"), new byte[]{1});
        Path visible = Files.write(dir.resolve("a.b.tmp"), new byte[]{1});
        Path upper = Files.write(dir.resolve(".a.ABC.tmp"), new byte[]{1});
        for (Path p : new Path[]{other, visible, upper}) {
            Files.setLastModifiedTime(p, old);
        }
        AtomicFiles.write(dir.resolve("x.txt"), out -> out.write('x'));
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(visible).exists();
        assertThat(upper).exists();
        assertThat(AtomicFiles.removeTemporaries(dir, java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(fresh).doesNotExist();
    }
}
