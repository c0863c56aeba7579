package io.dendrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged files of every format the CLI reads, through the CLI entry point ({@link CliFuzz}): no stack trace, no hang,
 * and every non-zero exit one line naming the file — in this JVM, and for a subset in a JVM with a 64 MiB heap, where
 * declared sizes meet the memory budget and an {@link OutOfMemoryError} would surface.
 *
 * <p>Budget: {@value #PER_FORMAT} seeded mutations of each of the 10 formats in-process (about 30 s on 2 cores: most
 * cases end at the first check that fails; those that load run 1-epoch spiral resumes, tiny evals and imports), and
 * {@value #SMALL_HEAP_PER_FORMAT} of each of the formats with sizes in their headers plus as many honest "bombs" (files
 * far larger inside than outside, which every case must refuse through the memory budget) in the small JVM (about 25 s).
 * Seeds are fixed: a failure names the format, the case number and the mutation, and reruns the same way.
 */
class FileFuzzTest {
    static final int PER_FORMAT = 200;
    static final int SMALL_HEAP_PER_FORMAT = 40;
    static final long SEED = 12;

    @Test
    void damagedFilesOfEveryFormatEndInOneLineNamingTheFileNeverAStackTraceOrAHang(@TempDir Path dir) throws Exception {
        List<String> tallies = new ArrayList<>();
        List<CliFuzz.Problem> problems = new CliFuzz(dir).run(CliFuzz.FORMATS, PER_FORMAT, SEED,
                t -> tallies.add(t.format() + ": " + t.cases() + " cases, " + t.refusals() + " refused"));
        assertThat(tallies).hasSize(CliFuzz.FORMATS.size());
        assertThat(problems).as("%s%n%s", tallies, problems.stream().limit(20).map(Object::toString)
                .reduce("", (a, b) -> a + b + "\n")).isEmpty();
    }

    @Test
    void inASixtyFourMebibyteHeapHugeDeclaredSizesAreRefusedInOneLineToo(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), CliFuzz.class.getName(),
                dir.resolve("fuzz").toString(), Integer.toString(SMALL_HEAP_PER_FORMAT), Long.toString(SEED + 1),
                "idx", "dnd", "checkpoint", "architecture", "csv", "png", "npz", "safetensors", "bomb"));
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("DENDRITE_DEBUG");
        pb.environment().put("DENDRITE_NO_RELAUNCH", "1");
        pb.environment().put("DENDRITE_QUIET_SIMD", "1");
        Process p = pb.start();
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String report = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(done).as("the small-heap fuzz did not finish:%n%s", report).isTrue();
        assertThat(p.exitValue()).as(report).isZero();
        List<String[]> tallies = report.lines().filter(l -> l.startsWith("TALLY ")).map(l -> l.split(" ")).toList();
        assertThat(tallies).as(report).hasSize(9);
        assertThat(report).as(report).doesNotContain("PROBLEM ");
        // The honest bombs (an idx folder of 60 000+ images, a 4000² PNG) must meet the memory budget in this heap.
        String[] bomb = tallies.get(8);
        assertThat(Integer.parseInt(bomb[4])).as(report).isEqualTo(Integer.parseInt(bomb[2]));
    }
}
