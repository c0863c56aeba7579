package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.data.DataFileException;
import io.dendrite.io.Npz;
import io.dendrite.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cs231n's captions converted to .npz, on tiny archives the tests write. */
class Cs231nCaptionsTest {
    @TempDir
    Path tmp;

    static final Vocabulary V = Vocabulary.of(List.of("a", "man", "dog", "on", "skis"));

    Path vocab() throws IOException {
        Path f = tmp.resolve("coco2014_vocab.json");
        Files.writeString(f, V.toJson());
        return f;
    }

    /** Train: 3 captions of 2 images with 3 features each; val: 2 captions of 1 image. */
    static Map<String, Tensor> arrays() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("train_captions", Tensor.of(new double[] {1, 4, 5, 2, 0, 1, 4, 6, 7, 2, 1, 5, 2, 0, 0}, 3, 5));
        m.put("train_image_idxs", Tensor.of(new double[] {1, 0, 1}, 3));
        m.put("train_features", Tensor.of(new float[] {0, 1, 2, 10, 11, 12}, 2, 3));
        m.put("val_captions", Tensor.of(new double[] {1, 8, 2, 0, 0, 1, 3, 8, 2, 0}, 2, 5));
        m.put("val_image_idxs", Tensor.of(new double[] {0, 0}, 2));
        m.put("val_features", Tensor.of(new float[] {7, 8, 9}, 1, 3));
        return m;
    }

    @Test
    void readsBothSplits() throws IOException {
        Path npz = tmp.resolve("coco2014.npz");
        Npz.write(npz, arrays());
        CaptionData.Splits s = Cs231nCaptions.load(npz, vocab());
        CaptionData train = s.train();
        assertThat(train.size()).isEqualTo(3);
        assertThat(train.numImages()).isEqualTo(2);
        assertThat(train.captionLength()).isEqualTo(5);
        assertThat(train.words(1)).containsExactly("a", "dog", "on");
        assertThat(train.imageIdxs()).containsExactly(1, 0, 1);
        assertThat(train.vocabulary().words()).isEqualTo(V.words());
        CaptionData.Batch b = train.batch(new int[] {0, 1});
        assertThat(b.features().toDoubleArray()).containsExactly(10, 11, 12, 0, 1, 2);
        assertThat(b.captions()[0]).containsExactly(1, 4, 5, 2, 0);
        CaptionData.Batch all = train.all();
        assertThat(all.features().toDoubleArray()).containsExactly(10, 11, 12, 0, 1, 2, 10, 11, 12);
        assertThat(all.captions()).isDeepEqualTo(train.captions());
        assertThat(s.val().words(1)).containsExactly("<UNK>", "skis");
        assertThat(s.val().features().shape()).containsExactly(1, 3);
    }

    @Test
    void readsOneSplitFromAnArchiveWithOnlyThatSplit() throws IOException {
        Map<String, Tensor> m = arrays();
        m.keySet().removeIf(k -> k.startsWith("train_"));
        Path npz = tmp.resolve("val.npz");
        Npz.writeCompressed(npz, m);
        assertThat(Cs231nCaptions.load(npz, vocab(), "val").size()).isEqualTo(2);
        assertThatThrownBy(() -> Cs231nCaptions.load(npz, vocab(), "train")).isInstanceOf(DataFileException.class)
                .hasMessageContaining(npz.toString()).hasMessageContaining("expected an array 'train_captions'")
                .hasMessageContaining("val_captions");
        assertThatThrownBy(() -> Cs231nCaptions.load(npz, vocab(), "test"))
                .hasMessageContaining("unknown split 'test'");
    }

    @Test
    void readsInt32ArraysAsNumpyWritesThem() throws IOException {
        // np.savez writes cs231n's int32 captions as '<i4'; build such an archive byte by byte
        Path npz = tmp.resolve("int32.npz");
        try (OutputStream out = Files.newOutputStream(npz); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("val_captions.npy"));
            zip.write(npyInt32(new int[] {1, 8, 2, 1, 4, 2}, 2, 3));
            zip.putNextEntry(new ZipEntry("val_image_idxs.npy"));
            zip.write(npyInt32(new int[] {0, 0}, 2));
            zip.putNextEntry(new ZipEntry("val_features.npy"));
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            io.dendrite.io.Npy.write(f, Tensor.of(new float[] {1, 2}, 1, 2));
            zip.write(f.toByteArray());
        }
        CaptionData val = Cs231nCaptions.load(npz, vocab(), "val");
        assertThat(val.captions()).isDeepEqualTo(new int[][] {{1, 8, 2}, {1, 4, 2}});
        assertThat(val.words(0)).containsExactly("skis");
    }

    static byte[] npyInt32(int[] values, int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String s = dims.toString();
        s = shape.length > 1 ? s.substring(0, s.length() - 2) : s.substring(0, s.length() - 1);
        String header = "{'descr': '<i4', 'fortran_order': False, 'shape': (" + s + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    @Test
    void badArraysAreRefusedNamingFileArrayAndExpectation() throws IOException {
        assertRefused("train_captions", Tensor.of(new double[] {1, 4.5, 2, 0, 0, 1, 4, 6, 7, 2, 1, 5, 2, 0, 0}, 3, 5),
                "train_captions: word id 4.5 at flat index 1 is not a whole number inside the vocabulary of 9 words");
        assertRefused("train_captions", Tensor.of(new double[] {1, 9, 2, 0, 0, 1, 4, 6, 7, 2, 1, 5, 2, 0, 0}, 3, 5),
                "word id 9.0 at flat index 1");
        assertRefused("train_image_idxs", Tensor.of(new double[] {1, 0, 2}, 3),
                "train_image_idxs: image index 2.0 at flat index 2 is not a whole number inside the 2 rows of"
                        + " train_features");
        assertRefused("train_image_idxs", Tensor.of(new double[] {1, 0}, 2),
                "train_image_idxs: expected shape (3,), one index per caption");
        assertRefused("train_captions", Tensor.of(new double[] {1, 2, 1}, 3), "train_captions: expected shape (N, T+1)");
        assertRefused("train_features", Tensor.of(new float[] {1, 2}, 2), "train_features: expected shape (numImages, D)");
    }

    private void assertRefused(String name, Tensor replacement, String message) throws IOException {
        Map<String, Tensor> m = arrays();
        m.put(name, replacement);
        Path npz = tmp.resolve("bad.npz");
        Npz.write(npz, m);
        Path v = vocab();
        assertThatThrownBy(() -> Cs231nCaptions.load(npz, v)).as(message).isInstanceOf(DataFileException.class)
                .hasMessageContaining(npz.toString()).hasMessageContaining(message);
    }
}
