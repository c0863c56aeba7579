package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NpyTest {
    @TempDir
    Path dir;

    static List<int[]> shapes() {
        return List.of(new int[] {}, new int[] {5}, new int[] {2, 3}, new int[] {2, 3, 4}, new int[] {0, 3});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void roundTripsF32AndF64BitExactly(int[] shape) throws IOException {
        int n = Shapes.size(shape);
        float[] f = new float[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (i - 3) / 7f;
            d[i] = (i - 3) / 7.0;
        }
        Path pf = dir.resolve("f.npy");
        Path pd = dir.resolve("d.npy");
        Npy.write(pf, Tensor.of(f, shape));
        Npy.write(pd, Tensor.of(d, shape));
        Tensor rf = Npy.read(pf);
        Tensor rd = Npy.read(pd);
        assertThat(rf.dtype()).isEqualTo(DType.F32);
        assertThat(rd.dtype()).isEqualTo(DType.F64);
        assertThat(rf.shape()).isEqualTo(shape);
        assertThat(rd.shape()).isEqualTo(shape);
        assertThat(rf.toFloatArray()).isEqualTo(f);
        assertThat(rd.toDoubleArray()).isEqualTo(d);
        assertThat(Files.size(pf) % 64).isEqualTo(4L * n % 64); // data starts 64-aligned
    }

    @Test
    void writesViewsInTheirLogicalRowMajorOrder() throws IOException {
        Tensor base = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Npy.write(dir.resolve("t.npy"), base.transpose()); // strided view
        Tensor t = Npy.read(dir.resolve("t.npy"));
        assertThat(t.shape()).containsExactly(3, 2);
        assertThat(t.toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        Npy.write(dir.resolve("s.npy"), Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 3, 2).slice(1, 3)); // offset view
        assertThat(Npy.read(dir.resolve("s.npy")).toFloatArray()).containsExactly(2, 3, 4, 5);
    }

    @Test
    void keepsSpecialValuesBitForBit() throws IOException {
        double[] d = {Double.NaN, Double.longBitsToDouble(0x7ff0000000000123L), Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE};
        float[] f = {Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE};
        Npy.write(dir.resolve("d.npy"), Tensor.of(d, d.length));
        Npy.write(dir.resolve("f.npy"), Tensor.of(f, f.length));
        double[] rd = Npy.read(dir.resolve("d.npy")).toDoubleArray();
        float[] rf = Npy.read(dir.resolve("f.npy")).toFloatArray();
        for (int i = 0; i < d.length; i++) {
            assertThat(Double.doubleToRawLongBits(rd[i])).as("element %d", i).isEqualTo(Double.doubleToRawLongBits(d[i]));
        }
        for (int i = 0; i < f.length; i++) {
            assertThat(Float.floatToRawIntBits(rf[i])).as("element %d", i).isEqualTo(Float.floatToRawIntBits(f[i]));
        }
    }

    @Test
    void writesTheHeaderNumpyWrites() {
        String header = new String(Npy.header(DType.F32, new int[] {2, 3}), StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("\u0093NUMPY\u0001\u0000\u0076\u0000{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (2, 3), }").endsWith(" \n").hasSize(128);
        assertThat(new String(Npy.header(DType.F64, new int[] {5}), StandardCharsets.ISO_8859_1)).contains("'<f8'", "(5,)");
        assertThat(new String(Npy.header(DType.F64, new int[] {}), StandardCharsets.ISO_8859_1)).contains("'shape': (), }");
    }

    @Test
    void switchesToVersion2WhenTheHeaderOutgrows65535Bytes() throws IOException {
        int[] shape = new int[25_000];
        Arrays.fill(shape, 1);
        byte[] header = Npy.header(DType.F32, shape);
        assertThat(header[6]).isEqualTo((byte) 2);
        assertThat(header.length % 64).isZero();
        assertThat(ByteBuffer.wrap(header, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(header.length - 12);
        assertThat(Npy.header(DType.F32, new int[] {3})[6]).isEqualTo((byte) 1);
    }

    @Test
    void readsSeveralArraysWrittenOneAfterAnotherToOneStream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Npy.write(bytes, Tensor.of(new float[] {1, 2}, 2));
        Npy.write(bytes, Tensor.of(new double[] {3, 4, 5}, 3));
        InputStream in = new ByteArrayInputStream(bytes.toByteArray());
        assertThat(Npy.read(in, "stream").toFloatArray()).containsExactly(1, 2);
        assertThat(Npy.read(in, "stream").toDoubleArray()).containsExactly(3, 4, 5);
    }

    @Test
    void readsIntegerBoolAndHalfDtypes() throws IOException {
        assertThat(read("|u1", "(3,)", new byte[] {0, 7, (byte) 255})).satisfies(t -> {
            assertThat(t.dtype()).isEqualTo(DType.F32);
            assertThat(t.toFloatArray()).containsExactly(0, 7, 255);
        });
        assertThat(read("|i1", "(2,)", new byte[] {-128, 127}).toFloatArray()).containsExactly(-128, 127);
        assertThat(read("|b1", "(2,)", new byte[] {0, 1}).toFloatArray()).containsExactly(0, 1);
        assertThat(read("<u2", "(1,)", le(2, 0xFFFF)).toFloatArray()).containsExactly(65535);
        assertThat(read("<i4", "(2,)", le(4, -5, Integer.MAX_VALUE))).satisfies(t -> {
            assertThat(t.dtype()).isEqualTo(DType.F64);
            assertThat(t.toDoubleArray()).containsExactly(-5, Integer.MAX_VALUE);
        });
        assertThat(read(">i8", "(1,)", ByteBuffer.allocate(8).putLong(-(1L << 53)).array()).toDoubleArray())
                .containsExactly(-(double) (1L << 53));
        assertThat(read("<u8", "(1,)", le(8, -1)).toDoubleArray()).containsExactly(0x1p64);
        // float16: 1.0, -2.0, 65504 (max), smallest subnormal 2^-24, -inf
        assertThat(read("<f2", "(5,)", le(2, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0xFC00)).toFloatArray())
                .containsExactly(1f, -2f, 65504f, 0x1p-24f, Float.NEGATIVE_INFINITY);
        assertThat(read(">f8", "(1,)", ByteBuffer.allocate(8).putDouble(-0.1).array()).toDoubleArray())
                .containsExactly(-0.1);
    }

    @Test
    void readsFortranOrderIntoRowMajor() throws IOException {
        // column-major (2, 3): memory holds a[0,0], a[1,0], a[0,1], a[1,1], a[0,2], a[1,2]
        Tensor t = Npy.read(new ByteArrayInputStream(npy("<f4", true, "(2, 3)", lef(0, 3, 1, 4, 2, 5))), "f");
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.toFloatArray()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void truncatedDataNamesTheFileAndBothByteCounts() throws IOException {
        Path file = dir.resolve("mnist.npy");
        Npy.write(file, Tensor.of(new float[28 * 28], 28, 28));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 128 + 100));
        assertThatThrownBy(() -> Npy.read(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected 3136 bytes of data for shape (28, 28) <f4, found 100");
        Files.write(file, Arrays.copyOf(bytes, bytes.length + 3));
        assertThatThrownBy(() -> Npy.read(file)).hasMessageContaining("3 unexpected trailing bytes");
        Files.write(file, Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("header");
        Files.write(file, Arrays.copyOf(bytes, 3));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(FileFormatException.class).hasMessageContaining("truncated");
        InputStream cut = new ByteArrayInputStream(Arrays.copyOf(bytes, 128 + 100));
        assertThatThrownBy(() -> Npy.read(cut, "cut-stream"))
                .hasMessageContaining("cut-stream: expected 3136 bytes of data for shape (28, 28) <f4, found 100");
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        assertThatThrownBy(() -> read("|f4", "(1,)", new byte[4]))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("unsupported dtype '|f4'");
        byte[] structured = npyRaw(1, "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[8]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(structured), "s"))
                .hasMessageContaining("structured arrays are not supported");
        byte[] noShape = npyRaw(1, "{'descr': '<f4', 'fortran_order': False, }", new byte[0]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(noShape), "s")).hasMessageContaining("missing key 'shape'");
        byte[] garbage = npyRaw(1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", new byte[4]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(garbage), "g")).hasMessageContaining("malformed .npy header");
        byte[] v9 = npy("<f4", false, "(1,)", new byte[4]);
        v9[6] = 9;
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(v9), "v9"))
                .hasMessageContaining("unsupported .npy format version 9.0");
        Path zip = dir.resolve("w.npz");
        Npz.write(zip, java.util.Map.of("w", Tensor.of(new float[] {1}, 1)));
        assertThatThrownBy(() -> Npy.read(zip)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("not a .npy file").hasMessageContaining("Npz.read");
    }

    @Test
    void tellsNumpysKindCharactersApartByCase() throws IOException {
        // 'u' is an unsigned integer, 'U' a unicode string (UCS-4: 4 bytes a character): <U2 is 8 bytes an element
        assertThat(read("<u2", "(2,)", le(2, 1, 2)).toFloatArray()).containsExactly(1, 2);
        byte[] ab = "a\0\0\0b\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read("<U2", "(1,)", ab)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith("test.npy: the array has dtype <U2 (unicode strings), not a number: ");
        assertThatThrownBy(() -> read("<U1", "(2,)", ab)).hasMessageContaining("has dtype <U1 (unicode strings)");
        assertThatThrownBy(() -> read(">U4", "(1,)", new byte[16])).hasMessageContaining("has dtype >U4 (unicode strings)");
        assertThatThrownBy(() -> read("|S2", "(1,)", ab)).hasMessageContaining("has dtype |S2 (byte strings)");
        assertThatThrownBy(() -> read("|a2", "(1,)", ab)).hasMessageContaining("has dtype |a2 (byte strings)");
        assertThatThrownBy(() -> read("<I4", "(1,)", new byte[4])).hasMessageContaining("unsupported dtype '<I4'");
        assertThatThrownBy(() -> read("<F4", "(1,)", new byte[4])).hasMessageContaining("unsupported dtype '<F4'");
        assertThat(read("|?", "(2,)", new byte[] {0, 1}).toFloatArray()).containsExactly(0, 1);
        assertThat(read("|b1", "(2,)", new byte[] {1, 0}).toFloatArray()).containsExactly(1, 0);
    }

    @Test
    void refusesEveryOtherNonNumericKindSayingWhatItIs() {
        assertThatThrownBy(() -> read("<c8", "(1,)", new byte[8])).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("has dtype <c8 (complex numbers), not a number");
        assertThatThrownBy(() -> read("|O", "(1,)", new byte[8])).hasMessageContaining("has dtype |O (Python objects)");
        assertThatThrownBy(() -> read("<M8[ns]", "(1,)", new byte[8])).hasMessageContaining("has dtype <M8[ns] (datetimes)");
        assertThatThrownBy(() -> read("<m8[s]", "(1,)", new byte[8])).hasMessageContaining("has dtype <m8[s] (timedeltas)");
        assertThatThrownBy(() -> read("|V4", "(1,)", new byte[4])).hasMessageContaining("has dtype |V4 (raw bytes)");
        assertThatThrownBy(() -> read("<f16", "(1,)", new byte[16])).hasMessageContaining("unsupported dtype '<f16'");
        assertThatThrownBy(() -> read("f4", "(1,)", new byte[4])).hasMessageContaining("unsupported dtype 'f4'");
    }

    @Test
    void aStringArrayInAnArchiveIsNamedByItsKey() throws IOException {
        Path npz = dir.resolve("weights.npz");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("names.npy"));
            zip.write(npy("<U2", false, "(1,)", "a\0\0\0b\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> Npz.read(npz)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(npz + "[names.npy]: array 'names' has dtype <U2 (unicode strings), not a number: ");
    }

    @Test
    void hugeShapeInAHeaderFailsCleanlyWithoutAllocating() {
        byte[] huge = npy("<f8", false, "(100000, 100000, 100000)", new byte[16]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(huge), "huge"))
                .isInstanceOf(FileFormatException.class).hasMessageContaining("(100000, 100000, 100000)");
        byte[] big = npy("<f8", false, "(200000000,)", new byte[16]); // 1.6 GB claimed, 16 bytes present
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(big), "big"))
                .hasMessageContaining("expected 1600000000 bytes of data for shape (200000000,) <f8, found 16");
        byte[] negative = npy("<f8", false, "(-1,)", new byte[0]);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(negative), "neg")).hasMessageContaining("invalid dimension");
        byte[] hugeHeaderLength = npyRaw(2, "{}", new byte[0]);
        ByteBuffer.wrap(hugeHeaderLength, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(hugeHeaderLength), "hl"))
                .hasMessageContaining("header length " + Integer.MAX_VALUE);
    }

    private static Tensor read(String descr, String shape, byte[] data) throws IOException {
        return Npy.read(new ByteArrayInputStream(npy(descr, false, shape, data)), "test.npy");
    }

    /** A .npy file built byte by byte, for dtypes and layouts Dendrite never writes. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        return npyRaw(1, "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }", data);
    }

    static byte[] npyRaw(int version, String dict, byte[] data) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.UTF_8);
        int lengthBytes = version == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    private static byte[] le(int itemBytes, long... values) {
        ByteBuffer b = ByteBuffer.allocate(itemBytes * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (itemBytes) {
                case 2: b.putShort((short) v); break;
                case 4: b.putInt((int) v); break;
                default: b.putLong(v);
            }
        }
        return b.array();
    }

    private static byte[] lef(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
