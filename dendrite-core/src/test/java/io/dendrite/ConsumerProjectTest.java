package io.dendrite;

import io.dendrite.data.Fetcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a user of the library does: takes the README's Java API example, compiles it against dendrite-core alone
 * (its classes, no other jar) and runs it in a fresh JVM — with {@code --add-modules jdk.incubator.vector} and
 * without (plain Java kernels, one note on standard error). The example trains on the first 600 MNIST images,
 * so the test needs MNIST in the cache (CI fetches it first) and is skipped with a message otherwise.
 */
class ConsumerProjectTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path CORE_CLASSES = Path.of("target", "classes");

    /** The README's first Java block that declares a class, i.e. the complete example program. */
    static String readmeExample() throws IOException {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        while (m.find()) {
            if (m.group(1).contains("public class Quickstart")) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has no ```java block with public class Quickstart");
    }

    @Test
    void theReadmeExampleCompilesAgainstTheCoreAloneAndRunsWithAndWithoutTheVectorFlag(@TempDir Path dir)
            throws Exception {
        assumeTrue(Files.isDirectory(CORE_CLASSES), "run from the dendrite-core module (target/classes)");
        Path src = dir.resolve("Quickstart.java");
        Files.writeString(src, readmeExample());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", CORE_CLASSES.toAbsolutePath().toString(),
                "-d", dir.toString(), src.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();   // no flag needed to compile

        if (!Fetcher.standard().isCached("mnist")) {
            System.err.println("ConsumerProjectTest: MNIST is not in the cache — compiled the README example but did"
                    + " not run it; run `./dendrite fetch mnist` to enable the rest");
            assumeTrue(false, "MNIST not cached");
        }
        Run fast = run(dir, true);
        assertThat(fast.status).as(fast.err).isZero();
        assertThat(fast.out).contains("Total params:").contains("test accuracy");
        assertThat(fast.err).doesNotContain("plain Java kernels").doesNotContain("Exception");
        assertThat(Files.exists(dir.resolve("quickstart.dnd"))).isTrue();

        Run plain = run(dir, false);
        assertThat(plain.status).as(plain.err).isZero();
        assertThat(plain.out).contains("test accuracy");
        assertThat(plain.err.split("Vector API is not enabled", -1)).as(plain.err).hasSize(2);   // said once
        assertThat(plain.err).doesNotContain("NoClassDefFoundError");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(Path dir, boolean vectorFlag) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorFlag) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.addAll(List.of("-Xmx3g", "-cp", CORE_CLASSES.toAbsolutePath() + java.io.File.pathSeparator + dir,
                "Quickstart", "600"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("DENDRITE_QUIET_SIMD");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the README example did not finish in 5 minutes: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
