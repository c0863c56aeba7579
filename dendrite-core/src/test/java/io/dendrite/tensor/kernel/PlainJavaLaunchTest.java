package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Dendrite in a JVM started without {@code --add-modules jdk.incubator.vector}, as a plain Maven consumer runs it. */
class PlainJavaLaunchTest {
    private record Run(int status, String out, String err) {
    }

    private static Run java(Map<String, String> env, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PlainJavaProbe.class.getName()));
        Path out = Files.createTempFile("dendrite-probe", ".out"), err = Files.createTempFile("dendrite-probe", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("DENDRITE_QUIET_SIMD");
            pb.environment().putAll(env);
            int status = pb.start().waitFor();
            return new Run(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static long count(String text, String what) {
        return text.lines().filter(line -> line.equals(what)).count();
    }

    @Test
    void runsWithoutTheFlagSaysSoOnceAndComputesTheSameProducts() throws Exception {
        Run plain = java(Map.of());
        assertThat(plain.status()).as("exit status; stderr:%n%s", plain.err()).isZero();
        assertThat(plain.err()).doesNotContain("NoClassDefFoundError");
        assertThat(count(plain.err(), Simd.NOTICE)).as("notices in:%n%s", plain.err()).isEqualTo(1);
        assertThat(plain.out()).isEqualTo(PlainJavaProbe.products() + "vector false\n");
    }

    @Test
    void quietSilencesTheNotice() throws Exception {
        Run quiet = java(Map.of("DENDRITE_QUIET_SIMD", "1"));
        assertThat(quiet.status()).isZero();
        assertThat(quiet.err()).doesNotContain(Simd.NOTICE);
        Run property = java(Map.of(), "-Ddendrite.simd.quiet=true");
        assertThat(property.err()).doesNotContain(Simd.NOTICE);
    }

    @Test
    void withTheFlagThereIsNoNotice() throws Exception {
        Run fast = java(Map.of(), "--add-modules", "jdk.incubator.vector");
        assertThat(fast.status()).as("stderr:%n%s", fast.err()).isZero();
        assertThat(fast.err()).doesNotContain(Simd.NOTICE);
        assertThat(fast.out()).isEqualTo(PlainJavaProbe.products() + "vector true\n");
    }
}
