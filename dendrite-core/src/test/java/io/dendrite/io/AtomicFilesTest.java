package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
