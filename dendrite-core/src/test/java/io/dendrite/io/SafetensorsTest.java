package io.dendrite.io;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The safetensors codec: round trips, dtypes read from a file written by Hugging Face's own library (resource
 * {@code model/safetensors/dtypes.safetensors}, made by {@code make_safetensors.py} beside it), bfloat16 from bytes
 * written here, and damaged files, each refused with one message that names the file.
 */
class SafetensorsTest {

    /** A safetensors file from a header written out by hand and raw data bytes. */
    static Path file(Path dir, String name, String json, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        out.write(data);
        Path f = dir.resolve(name);
        Files.write(f, out.toByteArray());
        return f;
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SafetensorsTest.class.getResource("/io/dendrite/model/safetensors/" + name).toURI());
    }

    @Test
    void f32AndF64RoundTripBitForBitWithMetadataAndOrder(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("W1", Tensor.randn(new Rng(3), DType.F32, 5, 7));
        tensors.put("edge", Tensor.of(new float[] {Float.intBitsToFloat(0x7FC12345), -0.0f, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE}, 4));
        tensors.put("b", Tensor.randn(new Rng(4), DType.F64, 3));
        tensors.put("scalar", Tensor.of(new double[] {Math.PI}));
        tensors.put("empty", Tensor.zeros(DType.F32, 0, 3));
        tensors.put("view", Tensor.randn(new Rng(5), DType.F64, 3, 2).transpose());   // written contiguous
        Map<String, String> metadata = Map.of("format", "dendrite", "note", "ünïcode \"quoted\"\n");
        Path f = tmp.resolve("w.safetensors");

        Safetensors.write(f, tensors, metadata);
        Safetensors.Contents back = Safetensors.read(f);

        assertThat(back.metadata()).isEqualTo(metadata);
        assertThat(back.tensors().keySet()).containsExactly("W1", "edge", "b", "scalar", "empty", "view");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = back.tensors().get(e.getKey());
            assertThat(t.dtype()).as(e.getKey()).isEqualTo(e.getValue().dtype());
            assertThat(t.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
            if (t.dtype() == DType.F32) {
                assertThat(bits(t.toFloatArray())).as(e.getKey()).isEqualTo(bits(e.getValue().toFloatArray()));
            } else {
                assertThat(t.toDoubleArray()).as(e.getKey()).isEqualTo(e.getValue().toDoubleArray());
            }
        }
        assertThat((8 + Safetensors.readHeader(f).headerBytes()) % 8).isZero();   // data aligned as the reference writes
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }

    @Test
    void readsTheReferenceWritersDtypes() throws Exception {
        Safetensors.Contents c = Safetensors.read(resource("dtypes.safetensors"));
        Tensor half = c.tensors().get("half");
        assertThat(half.dtype()).isEqualTo(DType.F32);
        assertThat(half.toFloatArray()).containsExactly(1f, -2f, 0.5f, 65504f, 0x1p-14f, 0x1p-24f,
                Float.POSITIVE_INFINITY, -0.0f);
        assertThat(Float.floatToRawIntBits(half.toFloatArray()[7])).isEqualTo(0x80000000);
        Tensor lng = c.tensors().get("long");                          // as Npy reads i8: F64, exact to 2^53
        assertThat(lng.dtype()).isEqualTo(DType.F64);
        assertThat(lng.shape()).containsExactly(2, 2);
        assertThat(lng.toDoubleArray()).containsExactly(1, -2, 3, 0x1p53);
        assertThat(c.tensors().get("int").toDoubleArray()).containsExactly(-7, 0, Integer.MAX_VALUE);
        assertThat(c.tensors().get("byte").dtype()).isEqualTo(DType.F32);
        assertThat(c.tensors().get("byte").toFloatArray()).containsExactly(0f, 255f, 7f);
        assertThat(c.tensors().get("double").toDoubleArray()).containsExactly(0.1, -1e300);
        assertThat(c.metadata()).isEmpty();
    }

    @Test
    void readsBfloat16AgainstHandComputedValues(@TempDir Path tmp) throws IOException {
        // bfloat16 = the top 16 bits of a float32: 0x3F80 = 1.0, 0xC040 = -3.0, 0x3E20 = 0.15625,
        // 0x7F7F = 3.3895314e38 (largest finite), 0x0001 = 2^-133 (smallest subnormal), 0xFF80 = -inf
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {0x3F80, 0xC040, 0x3E20, 0x7F7F, 0x0001, 0xFF80}) {
            b.putShort((short) v);
        }
        Path f = file(tmp, "bf16.safetensors", "{\"x\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,12]}}",
                b.array());
        Tensor x = Safetensors.read(f).tensors().get("x");
        assertThat(x.dtype()).isEqualTo(DType.F32);
        assertThat(x.toFloatArray()).containsExactly(1f, -3f, 0.15625f, 3.3895314e38f, 0x1p-133f, Float.NEGATIVE_INFINITY);
    }

    @Test
    void readsF16FromHandWrittenBytes(@TempDir Path tmp) throws IOException {
        // 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.333251953125, 0x0001 = 2^-24
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : new int[] {0x3C00, 0xC000, 0x3555, 0x0001}) {
            b.putShort((short) v);
        }
        Path f = file(tmp, "f16.safetensors", "{\"x\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}   ",
                b.array());
        assertThat(Safetensors.read(f).tensors().get("x").toFloatArray())
                .containsExactly(1f, -2f, 0.333251953125f, 0x1p-24f);
    }

    @Test
    void damagedFilesGetOneClearMessageNamingTheFile(@TempDir Path tmp) throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        byte[] data = floats(1, 2, 3);
        assertThat(Safetensors.read(file(tmp, "ok.safetensors", ok, data)).tensors()).hasSize(2);

        expect(file(tmp, "cut.safetensors", ok, new byte[10]), "beyond the 10 data bytes", "truncated");
        Path short4 = tmp.resolve("four.safetensors");
        Files.write(short4, new byte[] {1, 2, 3, 4});
        expect(short4, "truncated at byte 4", "8-byte header length");
        Path empty = tmp.resolve("empty.safetensors");
        Files.write(empty, new byte[0]);
        expect(empty, "the file is empty");

        Path beyond = tmp.resolve("beyond.safetensors");
        Files.write(beyond, ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        expect(beyond, "header length at byte 0 is 1000 bytes, but only 12 follow");

        Path huge = tmp.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-2).array());
        expect(huge, "header length 18446744073709551614 at byte 0 exceeds the format's limit of 100000000 bytes");
        Path big = tmp.resolve("big.safetensors");
        Files.write(big, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001).array());
        expect(big, "header length 100000001 at byte 0 exceeds");

        expect(file(tmp, "json.safetensors", "{\"a\":{\"dtype\":\"F32\",,}}", data),
                "malformed JSON header at byte 28: expected a string key, found ','");
        expect(file(tmp, "trail.safetensors", "{\"a\":1} x", data), "malformed JSON header at byte 16");
        expect(file(tmp, "notobj.safetensors", "[1, 2]", data), "must start with '{', found '['");
        expect(file(tmp, "dup.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", data), "duplicate key \"a\"", "at byte 62");

        expect(file(tmp, "oob.safetensors", ok.replace("[8,12]", "[8,16]").replace("\"shape\":[1]", "\"shape\":[2]"), data),
                "tensor \"b\" has data_offsets [8, 16] beyond the 12 data bytes");
        expect(file(tmp, "overlap.safetensors", ok.replace("[8,12]", "[4,8]"), floats(1, 2)),
                "tensor \"b\" at data_offsets [4, 8] overlaps tensor \"a\" at [0, 8]");
        expect(file(tmp, "hole.safetensors", ok.replace("[0,8]", "[4,12]").replace("[8,12]", "[12,16]"), floats(1, 2, 3, 4)),
                "the data has a hole: bytes 0 to 4");
        expect(file(tmp, "tail.safetensors", ok, floats(1, 2, 3, 4)), "4 bytes after the last tensor's data, from byte");
        expect(file(tmp, "mismatch.safetensors", ok.replace("\"shape\":[2]", "\"shape\":[3]"), data),
                "tensor \"a\" of shape (3,) and dtype F32 needs 12 bytes, but its data_offsets [0, 8] span 8");
        expect(file(tmp, "f64.safetensors", ok.replace("\"dtype\":\"F32\",\"shape\":[2]", "\"dtype\":\"F64\",\"shape\":[2]"), data),
                "needs 16 bytes, but its data_offsets [0, 8] span 8");
        expect(file(tmp, "reversed.safetensors", ok.replace("[0,8]", "[8,0]"), data), "end before they begin");
        expect(file(tmp, "dtype.safetensors", ok.replace("\"F32\",\"shape\":[1]", "\"F17\",\"shape\":[1]"), data),
                "tensor \"b\" has unknown dtype \"F17\"");
        expect(file(tmp, "f8.safetensors", ok.replace("\"F32\",\"shape\":[1]", "\"F8_E4M3\",\"shape\":[4]"), data),
                "tensor \"b\" has dtype F8_E4M3, which Dendrite does not read");
        expect(file(tmp, "neg.safetensors", ok.replace("\"shape\":[1]", "\"shape\":[-1]"), data),
                "tensor \"b\": shape must hold non-negative integers, found -1");
        expect(file(tmp, "field.safetensors", ok.replace("\"shape\":[1]", "\"shape\":[1],\"x\":0"), data),
                "tensor \"b\" has an unknown field \"x\"");
        expect(file(tmp, "meta.safetensors", "{\"__metadata__\":{\"k\":3}," + ok.substring(1), data),
                "__metadata__ entry \"k\" must be a string, found 3");
        Path latin = file(tmp, "latin.safetensors", "{\"a\":1}", new byte[0]);
        byte[] bytes = Files.readAllBytes(latin);
        bytes[10] = (byte) 0xFF;
        Files.write(latin, bytes);
        expect(latin, "not valid UTF-8");
    }

    private static void expect(Path file, String... parts) {
        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContainingAll(parts)
                .satisfies(e -> assertThat(e.getMessage().lines().count()).isEqualTo(1));
    }

    @Test
    void otherFormatsAreNamedWhenReadAsSafetensors(@TempDir Path tmp) throws IOException {
        Path npz = tmp.resolve("w.safetensors");
        Npz.write(npz, Map.of("a", Tensor.zeros(DType.F32, 2)));
        assertThatThrownBy(() -> Safetensors.read(npz)).hasMessageContaining("this is a zip archive, perhaps an .npz");
    }

    @Test
    void fileKindTellsFormatsByContentThenExtension(@TempDir Path tmp) throws IOException {
        Path st = tmp.resolve("weights.bin");
        Safetensors.write(st, Map.of("a", Tensor.zeros(DType.F32, 2)));
        assertThat(FileKind.of(st)).isEqualTo(FileKind.SAFETENSORS);
        Path npy = tmp.resolve("a.safetensors");
        Npy.write(npy, Tensor.zeros(DType.F32, 2));
        assertThat(FileKind.of(npy)).isEqualTo(FileKind.NPY);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, new byte[] {1});
        assertThat(FileKind.of(cut)).isEqualTo(FileKind.SAFETENSORS);
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThat(FileKind.of(text)).isEqualTo(FileKind.UNKNOWN);
    }

    @Test
    void jsonReaderIsStrict() {
        assertThat(Json.parse(" {\"a\": [1, -2.5e3, true, null, \"\\u00e9\\ud83d\\ude00\"]} ")).isEqualTo(
                Map.of("a", java.util.List.of(1L, new java.math.BigDecimal("-2.5e3"), true, Json.NULL, "é😀")));
        for (String bad : new String[] {"{\"a\":1,}", "[1,]", "{a:1}", "01", "\"\\ud800\"", "\"tab\there\"", "{\"a\":1}{",
                "[".repeat(100) + "]".repeat(100), "tru", "1.", "-"}) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(Json.Syntax.class);
        }
    }
}
