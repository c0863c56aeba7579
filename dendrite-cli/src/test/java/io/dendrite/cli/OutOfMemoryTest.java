package io.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An {@link OutOfMemoryError} is reported at the top in one line, in a JVM started with a tiny heap. */
class OutOfMemoryTest {

    private record Run(int status, String out, String err) {
    }

    private static Run dendrite(Path dir, boolean debug, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx48m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("DENDRITE_DEBUG");
        pb.environment().put("DENDRITE_NO_RELAUNCH", "1");
        pb.environment().put("DENDRITE_QUIET_SIMD", "1");
        if (debug) {
            pb.environment().put("DENDRITE_DEBUG", "1");
        }
        int status = pb.start().waitFor();
        return new Run(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aHugeNetworkEndsInOneLineSayingHowToGiveMoreHeap(@TempDir Path dir) throws Exception {
        Run r = dendrite(dir, false, "train", "--model", "fc", "--hidden", "2000000", "--dataset", "spiral",
                "--epochs", "1", "--out", dir.resolve("run").toString());
        assertThat(r.status()).as("stderr:%n%s", r.err()).isEqualTo(1);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("stderr:%n%s", r.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("dendrite train: out of memory (the JVM's heap is ")
                .contains(" MiB)").contains("DENDRITE_JVM_OPTS=-Xmx").contains("--batch-size").contains("--limit");
        assertThat(r.err()).doesNotContain("at io.dendrite").doesNotContain("Exception in thread");
    }

    @Test
    void debugStillPrintsTheStackTrace(@TempDir Path dir) throws Exception {
        Run r = dendrite(dir, true, "train", "--model", "fc", "--hidden", "2000000", "--dataset", "spiral",
                "--epochs", "1", "--out", dir.resolve("run").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("java.lang.OutOfMemoryError").contains("dendrite train: out of memory");
    }
}
