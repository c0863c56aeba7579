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
        })).hasMessage("disk full");
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
}
