package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static ModelFile.Contents sample() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("dendrite.version", "0.1.0");
        meta.put("dataset", "mnist — ünïcödé");
        meta.put("empty", "");
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("W1", Tensor.of(new float[] {1f / 3, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, 5, 6}, 2, 3));
        params.put("b1", Tensor.of(new float[] {0.5f, -0.5f, 0}, 3));
        params.put("gamma1", Tensor.of(new double[] {Math.PI, Double.MIN_VALUE}, 2));
        params.put("scale", Tensor.of(new double[] {2.5}));
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers.put("running_mean1", Tensor.of(new double[24], 2, 3, 4));
        buffers.put("none", Tensor.of(new float[0], 0, 3));
        return new ModelFile.Contents("{\"model\":\"FullyConnectedNet\",\"hidden\":[3]}", meta, params, buffers);
    }

    @Test
    void roundTripsEverythingBitExactlyAndInOrder() throws IOException {
        Path file = dir.resolve("model" + ModelFile.EXTENSION);
        ModelFile.Contents c = sample();
        ModelFile.write(file, c);
        ModelFile.Contents back = ModelFile.read(file);
        assertThat(Files.size(file)).isEqualTo(ModelFile.length(c));
        assertThat(back.architecture()).isEqualTo(c.architecture());
        assertThat(back.metadata()).containsExactlyEntriesOf(c.metadata());
        assertSameTensors(back.parameters(), c.parameters());
        assertSameTensors(back.buffers(), c.buffers());
    }

    @Test
    void savesViewsAsTheirValues() throws IOException {
        Tensor base = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Path file = dir.resolve("views.dnd");
        ModelFile.write(file, new ModelFile.Contents("", Map.of("t", base.transpose(), "s", base.slice(1, 2))));
        ModelFile.Contents back = ModelFile.read(file);
        assertThat(back.parameters().get("t").shape()).containsExactly(3, 2);
        assertThat(back.parameters().get("t").toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(back.parameters().get("s").toFloatArray()).containsExactly(3, 4, 5);
    }

    @Test
    void emptyModelRoundTrips() throws IOException {
        Path file = dir.resolve("empty.dnd");
        ModelFile.write(file, new ModelFile.Contents("", Map.of()));
        ModelFile.Contents back = ModelFile.read(file);
        assertThat(back.architecture()).isEmpty();
        assertThat(back.parameters()).isEmpty();
        assertThat(back.buffers()).isEmpty();
        assertThat(Files.size(file)).isEqualTo(16 + 4 + 4 + 4 + 4 + 4);
    }

    private static void assertSameTensors(Map<String, Tensor> got, Map<String, Tensor> want) {
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        for (String k : want.keySet()) {
            Tensor g = got.get(k);
            Tensor w = want.get(k);
            assertThat(g.dtype()).as(k).isEqualTo(w.dtype());
            assertThat(g.shape()).as(k).isEqualTo(w.shape());
            boolean same = w.dtype() == DType.F32 ? Arrays.equals(g.toFloatArray(), w.toFloatArray())
                    : Arrays.equals(g.toDoubleArray(), w.toDoubleArray());
            assertThat(same).as("%s bit-identical", k).isTrue();
        }
    }

    @Test
    void everyFlippedByteIsRefusedAndPastTheHeaderItIsTheChecksum() throws IOException {
        Path good = dir.resolve("good.dnd");
        ModelFile.write(good, sample());
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.dnd");
        for (int i = 0; i < bytes.length; i += i < 40 ? 1 : 5) { // every header byte, then a sample
            byte[] copy = bytes.clone();
            copy[i] ^= 0x01;
            Files.write(bad, copy);
            var thrown = assertThatThrownBy(() -> ModelFile.read(bad)).as("flipped byte %d", i)
                    .isInstanceOf(FileFormatException.class).hasMessageStartingWith(bad + ": ");
            if (i >= ModelFile.HEADER_BYTES) {
                thrown.hasMessageContaining("checksum mismatch");
            }
        }
    }

    @Test
    void truncationAnywhereIsRefusedNamingTheFileAndTheByte() throws IOException {
        Path good = dir.resolve("good.dnd");
        ModelFile.write(good, sample());
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.dnd");
        for (int n = 1; n < bytes.length; n += 7) {
            Files.write(cut, Arrays.copyOf(bytes, n));
            assertThatThrownBy(() -> ModelFile.read(cut)).as("cut at %d", n)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageStartingWith(cut + ": truncated at byte " + n);
        }
        Files.write(cut, new byte[0]);
        assertThatThrownBy(() -> ModelFile.read(cut)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("expected magic 'DNDR'");
    }

    @Test
    void wrongMagicSaysWhatTheFileLooksLike() throws IOException {
        Path npz = dir.resolve("weights.npz");
        Npz.write(npz, Map.of("w", Tensor.of(new float[] {1}, 1)));
        assertThatThrownBy(() -> ModelFile.read(npz)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("not a Dendrite model file: expected magic 'DNDR' at byte 0, found 'PK\\x03\\x04'")
                .hasMessageContaining("Npz.read");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, world");
        assertThatThrownBy(() -> ModelFile.read(text)).hasMessageContaining("found 'hell'");
    }

    @Test
    void futureVersionAsksForANewerDendrite() throws IOException {
        Path file = dir.resolve("future.dnd");
        ModelFile.write(file, sample());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
        Files.write(file, withChecksum(bytes));
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("unknown model file format version 2 at byte 4")
                .hasMessageContaining("newer Dendrite");
    }

    @Test
    void hugeShapeWithAValidChecksumFailsCleanly() throws IOException {
        // One F64 parameter claiming shape (100000, 100000, 100000) but holding 8 bytes.
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ModelFile.MAGIC).putInt(1).putLong(0);
        b.putInt(0); // architecture ""
        b.putInt(0); // metadata
        b.putInt(1).putInt(1).put((byte) 'w').put((byte) ModelFile.CODE_F64).put((byte) 3);
        b.putInt(100_000).putInt(100_000).putInt(100_000).putDouble(1.0);
        b.putInt(0); // buffers
        Path file = dir.resolve("huge.dnd");
        Files.write(file, seal(b));
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("parameter 'w' (100000, 100000, 100000) F64 needs 8000000000000000 bytes")
                .hasMessageContaining("the file is corrupt");

        // Dimensions whose product overflows a long.
        b.position(35); // the first dimension
        b.putInt(-1).putInt(-1).putInt(-1);
        Files.write(file, seal(b));
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("dimension 4294967295 of parameter 'w' exceeds");
        b.position(35); // the first dimension
        b.putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).putDouble(1.0).putInt(0);
        Files.write(file, seal(b));
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("(2147483647, 2147483647, 2147483647) F64 needs");

        // A count of 2^32-1 metadata entries in a tiny file.
        ByteBuffer c = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        c.put(ModelFile.MAGIC).putInt(1).putLong(0).putInt(0).putInt(-1);
        Files.write(file, seal(c));
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("number of metadata entries at byte 20 is 4294967295");

        // A string length of 2^31.
        ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        d.put(ModelFile.MAGIC).putInt(1).putLong(0).putInt(Integer.MIN_VALUE);
        Files.write(file, seal(d));
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("expected 2147483648 bytes of architecture");
    }

    @Test
    void invalidUtf8AndUnknownDtypeAreNamed() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ModelFile.MAGIC).putInt(1).putLong(0).putInt(2).put((byte) 0xC3).put((byte) 0x28);
        b.putInt(0).putInt(0).putInt(0);
        Path file = dir.resolve("utf.dnd");
        Files.write(file, seal(b));
        assertThatThrownBy(() -> ModelFile.read(file)).hasMessageContaining("invalid UTF-8 in architecture at byte 16");

        ByteBuffer t = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        t.put(ModelFile.MAGIC).putInt(1).putLong(0).putInt(0).putInt(0);
        t.putInt(1).putInt(1).put((byte) 'w').put((byte) 9).put((byte) 0).putInt(0);
        Files.write(file, seal(t));
        assertThatThrownBy(() -> ModelFile.read(file)).hasMessageContaining("unknown dtype code 9 for parameter 'w'");
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("sub/dir/model.dnd");
        ModelFile.write(file, sample());
        ModelFile.write(file, new ModelFile.Contents("second", Map.of("w", Tensor.of(new float[] {1}, 1))));
        assertThat(ModelFile.read(file).architecture()).isEqualTo("second");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writesTheDocumentedLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(out, new ModelFile.Contents("a", Map.of("k", "v"),
                Map.of("w", Tensor.of(new float[] {1.5f, -2f}, 2, 1)), Map.of()));
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("DNDR");
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.getLong()).isEqualTo(out.size());
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 'a');
        assertThat(b.getInt()).isEqualTo(1); // metadata entries
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 'k');
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 'v');
        assertThat(b.getInt()).isEqualTo(1); // parameters
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 'w');
        assertThat(b.get()).isEqualTo((byte) 1); // F32
        assertThat(b.get()).isEqualTo((byte) 2); // rank
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.getFloat()).isEqualTo(1.5f);
        assertThat(b.getFloat()).isEqualTo(-2f);
        assertThat(b.getInt()).isEqualTo(0); // buffers
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray(), 0, out.size() - 4);
        assertThat(b.getInt() & 0xFFFFFFFFL).isEqualTo(crc.getValue());
        assertThat(b.remaining()).isZero();
    }

    /** Sets the length field to the final size and appends a valid checksum. */
    private static byte[] seal(ByteBuffer body) {
        byte[] bytes = Arrays.copyOf(body.array(), body.position() + 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(8, bytes.length);
        return withChecksum(bytes);
    }

    private static byte[] withChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }
}
