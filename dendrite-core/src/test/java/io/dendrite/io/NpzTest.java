package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.SmallHeap;
import io.dendrite.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        // deliberately not alphabetical, to check that order is kept
        m.put("W1", Tensor.of(new float[] {1f / 3, -0.0f, Float.NaN, Float.NEGATIVE_INFINITY, 5, 6}, 2, 3));
        m.put("b1", Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, 5));
        m.put("scalar", Tensor.of(new double[] {2.5}));
        m.put("cube", Tensor.of(new float[24], 2, 3, 4));
        m.put("empty", Tensor.of(new double[0], 0, 3));
        m.put("a/nested name", Tensor.of(new float[] {7}, 1));
        return m;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsStoredAndDeflated(boolean compressed) throws IOException {
        Path file = dir.resolve("weights.npz");
        Map<String, Tensor> arrays = sample();
        if (compressed) {
            Npz.writeCompressed(file, arrays);
        } else {
            Npz.write(file, arrays);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry w1 = zip.getEntry("W1.npy");
            assertThat(w1.getMethod()).isEqualTo(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED);
        }
        Map<String, Tensor> back = Npz.read(file);
        assertThat(back.keySet()).containsExactlyElementsOf(arrays.keySet());
        for (String k : arrays.keySet()) {
            Tensor want = arrays.get(k);
            Tensor got = back.get(k);
            assertThat(got.dtype()).as(k).isEqualTo(want.dtype());
            assertThat(got.shape()).as(k).isEqualTo(want.shape());
            if (want.dtype() == DType.F32) {
                assertThat(Arrays.equals(got.toFloatArray(), want.toFloatArray())).as(k).isTrue();
            } else {
                assertThat(Arrays.equals(got.toDoubleArray(), want.toDoubleArray())).as(k).isTrue();
            }
        }
    }

    @Test
    void sameContentGivesSameBytes() throws IOException {
        Npz.write(dir.resolve("a.npz"), sample());
        Npz.write(dir.resolve("b.npz"), sample());
        assertThat(Files.readAllBytes(dir.resolve("a.npz"))).isEqualTo(Files.readAllBytes(dir.resolve("b.npz")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void damagedDataIsRefused(boolean compressed) throws IOException {
        Path file = dir.resolve("w.npz");
        Map<String, Tensor> arrays = Map.of("w", Tensor.of(new double[100], 100));
        if (compressed) {
            Npz.writeCompressed(file, arrays);
        } else {
            Npz.write(file, arrays);
        }
        byte[] bytes = Files.readAllBytes(file);
        int dataByte = compressed ? 60 : 30 + "w.npy".length() + 128 + 400; // inside the array data
        bytes[dataByte] ^= 0x10;
        Files.write(file, bytes);
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(file + "[w.npy]");
    }

    @Test
    void truncatedOrForeignFilesAreRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("w.npz");
        Npz.write(file, sample());
        byte[] bytes = Files.readAllBytes(file);
        for (int cut : new int[] {0, 10, bytes.length / 2, bytes.length - 1}) {
            Files.write(file, Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> Npz.read(file)).as("cut at %d", cut).isInstanceOf(FileFormatException.class)
                    .hasMessageContaining(file.toString());
        }
        Path npy = dir.resolve("single.npy");
        Npy.write(npy, Tensor.of(new float[] {1}, 1));
        assertThatThrownBy(() -> Npz.read(npy)).isInstanceOf(FileFormatException.class).hasMessageContaining("Npy.read");
    }

    @Test
    void rejectsEmptyNames() {
        Map<String, Tensor> bad = Map.of("", Tensor.of(new float[] {1}, 1));
        assertThatThrownBy(() -> Npz.write(dir.resolve("x.npz"), bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("x.npz")).doesNotExist();
    }

    /** A compressed entry far larger inside than outside (72 MB of zeros in about 70 KB): asked of the budget first. */
    @Test
    void aCompressedEntryLargerThanTheHeapIsRefusedBeforeItsArrayIsAllocated() throws Exception {
        Path f = dir.resolve("bomb.npz");
        byte[] header = Npy.header(DType.F64, new int[]{3000, 3000});
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            zip.putNextEntry(new ZipEntry("W1.npy"));
            zip.write(header);
            byte[] zeros = new byte[8 * 3000];
            for (int row = 0; row < 3000; row++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(f)).isLessThan(1 << 20);
        SmallHeap.run(16L << 20, () -> assertThatThrownBy(() -> Npz.read(f))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith(f + "[W1.npy]: data for shape (3000, 3000) <f8 needs 68.7 MiB, but the JVM may use "));
    }
}
