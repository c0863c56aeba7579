package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads files that numpy itself wrote (see {@code make_npz.py} and {@code make_strings.py} beside them for the
 * commands) and
 * checks that Dendrite writes the very bytes numpy writes.
 */
class NumpyInteropTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NumpyInteropTest.class.getResource(name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy_savez.npz", "numpy_savez_compressed.npz"})
    void readsWhatNpSavezWrites(String name) throws Exception {
        Map<String, Tensor> arrays = Npz.read(resource(name));
        assertThat(arrays.keySet()).containsExactly("w", "b", "s");

        Tensor w = arrays.get("w");
        assertThat(w.dtype()).isEqualTo(DType.F32);
        assertThat(w.shape()).containsExactly(2, 3);
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) {
            expected[i] = i / 7f; // float32 division, exactly what numpy computed
        }
        assertThat(w.toFloatArray()).containsExactly(expected);

        Tensor b = arrays.get("b");
        assertThat(b.dtype()).isEqualTo(DType.F64);
        assertThat(b.shape()).containsExactly(4);
        long[] bits = new long[4];
        double[] values = b.toDoubleArray();
        for (int i = 0; i < 4; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        assertThat(bits).containsExactly(0x7ff8000000000000L /* np.nan */, 0x7ff0000000000000L /* inf */,
                0x8000000000000000L /* -0.0 */, 1L /* 5e-324 */);

        Tensor s = arrays.get("s");
        assertThat(s.dtype()).isEqualTo(DType.F64);
        assertThat(s.shape()).isEmpty();
        assertThat(s.toDoubleArray()).containsExactly(2.5);
    }

    @Test
    void writesByteForByteWhatNpSaveWrites() throws Exception {
        float[] w = new float[6];
        for (int i = 0; i < 6; i++) {
            w[i] = i / 7f;
        }
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        Npy.write(ours, Tensor.of(w, 2, 3));
        ByteArrayOutputStream scalar = new ByteArrayOutputStream();
        Npy.write(scalar, Tensor.of(new double[] {2.5}));
        try (ZipFile zip = new ZipFile(resource("numpy_savez.npz").toFile())) {
            assertThat(ours.toByteArray()).isEqualTo(entry(zip, "w.npy"));
            assertThat(scalar.toByteArray()).isEqualTo(entry(zip, "s.npy"));
        }
    }

    private static byte[] entry(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsFortranOrderBigEndianIntegersAndVersions2And3() throws Exception {
        Tensor fortran = Npy.read(resource("numpy_fortran.npy"));
        assertThat(fortran.shape()).containsExactly(2, 3, 4);
        double[] arange = new double[24];
        for (int i = 0; i < 24; i++) {
            arange[i] = i;
        }
        assertThat(fortran.toDoubleArray()).containsExactly(arange);

        Tensor big = Npy.read(resource("numpy_big_endian.npy"));
        assertThat(big.dtype()).isEqualTo(DType.F32);
        assertThat(big.toFloatArray()).containsExactly(1.5f, -2f, 1f / 3, 1e-40f);

        Tensor ints = Npy.read(resource("numpy_int32.npy"));
        assertThat(ints.dtype()).isEqualTo(DType.F64);
        assertThat(ints.toDoubleArray()).containsExactly(-7, 0, Integer.MAX_VALUE);

        for (String v : new String[] {"numpy_v2.npy", "numpy_v3.npy"}) {
            assertThat(Npy.read(resource(v)).toFloatArray()).as(v).containsExactly(0.5f, -1.25f);
        }
    }

    @Test
    void refusesNumpysStringArraysNamingTheFileTheArrayAndTheDtype() throws Exception {
        Path unicode = resource("numpy_unicode.npy");
        assertThatThrownBy(() -> Npy.read(unicode)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(unicode + ": array 'numpy_unicode' has dtype <U2 (unicode strings), not a number: ");
        Path bytes = resource("numpy_bytes.npy");
        assertThatThrownBy(() -> Npy.read(bytes)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(bytes + ": array 'numpy_bytes' has dtype |S3 (byte strings), not a number: ");
        Path npz = resource("numpy_names.npz");
        assertThatThrownBy(() -> Npz.read(npz)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(npz + "[names.npy]: array 'names' has dtype <U2 (unicode strings), not a number: ")
                .hasMessageContaining("class names");
    }
}
