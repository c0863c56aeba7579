package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SimdTest {
    /**
     * Each surefire execution says which path it means to test ({@code dendrite.test.vectorApi}): the
     * {@code plain-java} one must really run without the Vector API, the default one with it.
     */
    @Test
    void theJvmRunsThePathTheBuildAskedFor() {
        String expected = System.getProperty("dendrite.test.vectorApi");
        if (expected != null) {
            assertThat(Simd.AVAILABLE).as("Vector API in this test JVM").isEqualTo(Boolean.parseBoolean(expected));
        }
        assertThat(Simd.describe()).contains(Simd.AVAILABLE ? "Vector API" : "--add-modules jdk.incubator.vector");
        assertThat(Simd.vectorBitSize()).isEqualTo(Simd.AVAILABLE ? Simd.vectorBitSize() : 0);
    }

    @Test
    void theNoticeIsPrintedOnceAndSaysHowToGetTheFastPath() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicBoolean told = new AtomicBoolean();
        assertThat(Simd.tellOnce(told, err, false)).isTrue();
        assertThat(Simd.tellOnce(told, err, false)).isFalse();
        assertThat(Simd.tellOnce(told, err, false)).isFalse();
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).isEqualTo(Simd.NOTICE + System.lineSeparator());
        assertThat(printed).contains("--add-modules jdk.incubator.vector", "JDK_JAVA_OPTIONS", "DENDRITE_QUIET_SIMD=1")
                .containsPattern("about [0-9.]+(-[0-9.]+)?x slower");
    }

    @Test
    void quietPrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicBoolean told = new AtomicBoolean();
        assertThat(Simd.tellOnce(told, new PrintStream(bytes, true, StandardCharsets.UTF_8), true)).isFalse();
        assertThat(bytes.size()).isZero();
        assertThat(told).isFalse();
    }
}
