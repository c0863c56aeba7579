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

/**
 * In a JVM started with a tiny heap: what the memory budget can estimate (a network's weights, a dataset the files
 * declare) is refused before it is allocated, in one line that says how much is needed and how to give it; an
 * {@link OutOfMemoryError} that still happens (a batch's activations) is reported at the top in one line.
 */
class OutOfMemoryTest {

    private record Run(int status, String out, String err) {
    }

    private static Run dendrite(Path dir, boolean debug, String... args) throws Exception {
        return dendrite(dir, "-Xmx48m", debug, args);
    }

    private static Run dendrite(Path dir, String heap, boolean debug, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(heap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
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

    private static String oneLine(Run r) {
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(r.status()).as("stderr:%n%s", r.err()).isEqualTo(1);
        assertThat(lines).as("stderr:%n%s", r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("at io.dendrite").doesNotContain("Exception in thread");
        return lines.get(0);
    }

    @Test
    void aNetworkTooLargeForTheHeapIsRefusedBeforeItIsBuilt(@TempDir Path dir) throws Exception {
        Run r = dendrite(dir, false, "train", "--model", "fc", "--hidden", "2000000", "--dataset", "spiral",
                "--epochs", "1", "--out", dir.resolve("run").toString());
        assertThat(oneLine(r)).startsWith("dendrite train: Linear(2→2000000): a weight of 4000000 values (with its gradient"
                + " and optimizer state) needs 61.0 MiB, but the JVM may use ").contains("give it more with DENDRITE_JVM_OPTS=-Xmx256m")
                .endsWith("or make the network smaller (--hidden, --width)");
    }

    /**
     * The default train under a small heap, scaled down: an MNIST folder of 60 000 + 10 000 gzipped images
     * need 270 MiB once loaded, more than -Xmx128m; --limit 500 reads only the first 500 + 100 images and trains in
     * the same heap (an MLP: a convnet's activations for its 400-image accuracy pass alone would take 80 MiB).
     */
    @Test
    void aDatasetLargerThanTheHeapIsRefusedFromItsHeadersAndLimitLoadsOnlyWhatItUses(@TempDir Path dir) throws Exception {
        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        writeZeros(mnist.resolve("train-images-idx3-ubyte.gz"), 0x803, 60_000, 28, 28);
        writeZeros(mnist.resolve("train-labels-idx1-ubyte.gz"), 0x801, 60_000);
        writeZeros(mnist.resolve("t10k-images-idx3-ubyte.gz"), 0x803, 10_000, 28, 28);
        writeZeros(mnist.resolve("t10k-labels-idx1-ubyte.gz"), 0x801, 10_000);
        Run full = dendrite(dir, "-Xmx128m", false, "train", "--data", mnist.toString(), "--epochs", "1",
                "--out", dir.resolve("full").toString());
        assertThat(oneLine(full)).startsWith("dendrite train: " + mnist.resolve("train-images-idx3-ubyte.gz")
                + ": 60000 x 28 x 28 images needs 224 MiB, but the JVM may use ").contains("DENDRITE_JVM_OPTS=-Xmx")
                .endsWith("or load fewer examples (--limit N)");
        Run limited = dendrite(dir, "-Xmx128m", false, "train", "--data", mnist.toString(), "--model", "fc", "--epochs", "1", "--limit", "500",
                "--val-size", "100", "--out", dir.resolve("limited").toString());
        assertThat(limited.status()).as("stderr:%n%s", limited.err()).isZero();
        assertThat(limited.out()).contains("400 train / 100 validation / 100 test");
    }

    /** An idx file of zero bytes, gzipped: {@code magic} and {@code dims} in its header. */
    private static void writeZeros(Path file, int magic, int... dims) throws Exception {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(
                Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(magic);
            long n = 1;
            for (int d : dims) {
                out.writeInt(d);
                n *= d;
            }
            byte[] zeros = new byte[1 << 16];
            for (long left = n; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
    }

    @Test
    void aBatchTooLargeForTheHeapEndsInOneLineSayingHowToGiveMoreHeap(@TempDir Path dir) throws Exception {
        Run r = dendrite(dir, false, "train", "--model", "fc", "--hidden", "200000", "--dataset", "spiral",
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
        Run r = dendrite(dir, true, "train", "--model", "fc", "--hidden", "200000", "--dataset", "spiral",
                "--epochs", "1", "--out", dir.resolve("run").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("java.lang.OutOfMemoryError").contains("dendrite train: out of memory");
    }
}
