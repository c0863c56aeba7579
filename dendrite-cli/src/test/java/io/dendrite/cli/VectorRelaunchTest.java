package io.dendrite.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VectorRelaunchTest {
    private static final String[] ARGS = {"train", "--epochs", "2"};

    @Test
    void aJarStartsAgainAsAJarWithTheModuleAndTheSameOptions() {
        List<String> command = VectorRelaunch.command("/jdk/bin/java", List.of("-Xmx2g", "-Dx=y"),
                "target/dendrite-0.1.0-cli.jar", "target/dendrite-0.1.0-cli.jar train --epochs 2", ARGS).orElseThrow();
        assertThat(command).containsExactly("/jdk/bin/java", "--add-modules", "jdk.incubator.vector", "-Xmx2g", "-Dx=y",
                "-jar", "target/dendrite-0.1.0-cli.jar", "train", "--epochs", "2");
    }

    @Test
    void aJarWhosePathHasSpacesIsStillStartedAsAJar() {
        List<String> command = VectorRelaunch.command("java", List.of(), "my dir/d.jar", "my dir/d.jar version",
                new String[]{"version"}).orElseThrow();
        assertThat(command).containsExactly("java", "--add-modules", "jdk.incubator.vector", "-jar", "my dir/d.jar",
                "version");
    }

    @Test
    void aClassPathStartsAgainWithTheMainClass() {
        List<String> command = VectorRelaunch.command("java", List.of("-ea"), "a.jar:b.jar", "io.dendrite.cli.Main train",
                ARGS).orElseThrow();
        assertThat(command).containsExactly("java", "--add-modules", "jdk.incubator.vector", "-ea", "-cp", "a.jar:b.jar",
                Main.class.getName(), "train", "--epochs", "2");
    }

    @Test
    void underADebuggerTheCommandRunsInPlace() {
        assertThat(VectorRelaunch.command("java", List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"),
                "d.jar", "d.jar", ARGS)).isEmpty();
    }

    @Test
    void theIncubatorWarningIsDroppedAndEverythingElsePassesThrough() {
        String err = "WARNING: Using incubator modules: jdk.incubator.vector\nepoch 1\rloss 2.3\ndone\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorRelaunch.copyWithoutIncubatorWarning(new ByteArrayInputStream(err.getBytes(StandardCharsets.UTF_8)), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("epoch 1\rloss 2.3\ndone\n");
        out.reset();
        VectorRelaunch.copyWithoutIncubatorWarning(new ByteArrayInputStream("error: x\nmore".getBytes(StandardCharsets.UTF_8)), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("error: x\nmore");
    }

    @Test
    void withTheVectorApiAlreadyOnNothingIsRelaunched() {
        // this test JVM runs with the flag in the default execution and without it in plain-java, where
        // DENDRITE_NO_RELAUNCH is not set; only the first case may be checked in-process
        if (io.dendrite.tensor.kernel.Simd.AVAILABLE) {
            assertThat(VectorRelaunch.run(ARGS)).isEmpty();
        }
    }
}
