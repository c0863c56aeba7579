package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.SmallHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] pixels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return b;
    }

    static byte[] header(int magic, int... dims) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        return bos.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bos)) {
            z.write(b);
        }
        return bos.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void imagesRoundTripRawAndGzip() throws IOException {
        byte[] px = pixels(3 * 4 * 5);
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("img" + gz);
            Idx.writeImages(f, px, 3, 4, 5, gz);
            byte[] start = Arrays.copyOf(Files.readAllBytes(f), 2);
            assertThat((start[0] & 0xFF) == 0x1f && (start[1] & 0xFF) == 0x8b).isEqualTo(gz);
            Idx.Images im = Idx.readImages(f);
            assertThat(new int[] {im.count(), im.rows(), im.cols()}).containsExactly(3, 4, 5);
            assertThat(im.pixels()).isEqualTo(px);
        }
    }

    @Test
    void labelsRoundTripRawAndGzipAsUnsigned() throws IOException {
        int[] labels = {0, 9, 200, 255, 3};
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("lab" + gz);
            Idx.writeLabels(f, labels, gz);
            assertThat(Idx.readLabels(f)).containsExactly(labels);
        }
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        Path gzNamedRaw = dir.resolve("labels.gz");
        Path rawNamedPlain = dir.resolve("labels-idx1-ubyte");
        Idx.writeLabels(gzNamedRaw, new int[] {1, 2}, false);
        Idx.writeLabels(rawNamedPlain, new int[] {3, 4}, true);
        assertThat(Idx.readLabels(gzNamedRaw)).containsExactly(1, 2);
        assertThat(Idx.readLabels(rawNamedPlain)).containsExactly(3, 4);
    }

    @Test
    void wrongMagicNamesBothNumbersAndTheFile() throws IOException {
        Path f = dir.resolve("labels");
        Idx.writeLabels(f, new int[] {1, 2, 3}, false);
        assertThatThrownBy(() -> Idx.readImages(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("0x00000801")
                .hasMessageContaining("0x00000803")
                .hasMessageContaining("label file");
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "<html>404 Not Found</html>");
        assertThatThrownBy(() -> Idx.readLabels(junk)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("wrong magic number").hasMessageContaining("not an idx file");
    }

    @Test
    void truncatedRawFileIsReported() throws IOException {
        Path f = dir.resolve("img");
        Idx.writeImages(f, pixels(2 * 3 * 3), 2, 3, 3, false);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("34 bytes").hasMessageContaining("29 bytes");
        Files.write(f, Arrays.copyOf(b, 7));
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("header of 16 bytes").hasMessageContaining("7 bytes");
    }

    @Test
    void truncatedGzipFileIsReported() throws IOException {
        Path f = dir.resolve("img.gz");
        Idx.writeImages(f, pixels(50 * 8 * 8), 50, 8, 8, true);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated");
    }

    @Test
    void gzipWhoseDataIsShorterThanItsHeaderClaims() throws IOException {
        Path f = dir.resolve("short.gz");
        Files.write(f, gzip(concat(header(Idx.IMAGES_MAGIC, 10, 4, 4), pixels(3 * 16))));
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("truncated").hasMessageContaining("176").hasMessageContaining("64");
    }

    @Test
    void headerClaimingHugeDataNeverAllocatesIt() throws IOException {
        // 100 000 x 100 x 100 = 1e9 bytes promised by a 20-byte file: must fail fast, not allocate 1 GB.
        byte[] lie = concat(header(Idx.IMAGES_MAGIC, 100_000, 100, 100), pixels(4));
        Path raw = dir.resolve("lie");
        Files.write(raw, lie);
        assertThatThrownBy(() -> Idx.readImages(raw)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("1000000016 bytes").hasMessageContaining("20 bytes");
        Path gz = dir.resolve("lie.gz");
        Files.write(gz, gzip(lie));
        assertThatThrownBy(() -> Idx.readImages(gz)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("promises 1000000016 uncompressed bytes, more than a gzip file of")
                .hasMessageContaining("at most 1032 times its size");
        Path overflow = dir.resolve("overflow");
        Files.write(overflow, header(Idx.IMAGES_MAGIC, Integer.MAX_VALUE, 1000, 1000));
        assertThatThrownBy(() -> Idx.readImages(overflow)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("more than 2 GiB");
    }

    /** A gzip bomb: 47 MB of images in 46 KB, honestly (its trailer agrees), loaded under a small heap. */
    @Test
    void aHeaderPromisingMoreThanTheHeapHoldsIsRefusedBeforeAllocatingAndALimitLoadsOnlyTheFirstRecords() throws Exception {
        int n = 60_000;
        Path gz = dir.resolve("bomb-images.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            out.write(header(Idx.IMAGES_MAGIC, n, 28, 28));
            byte[] zeros = new byte[28 * 28 * 1000];
            for (int i = 0; i < n / 1000; i++) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(gz)).isLessThan(100_000);
        SmallHeap.run(64L << 20, () -> {
            assertThatThrownBy(() -> Idx.readImages(gz)).isInstanceOf(MemoryBudget.Exceeded.class)
                    .hasMessageStartingWith(gz + ": 60000 x 28 x 28 images needs 224 MiB, but the JVM may use ")
                    .hasMessageEndingWith("or load fewer examples (--limit N)");
            Idx.Images first = Idx.readImages(gz, 100);
            assertThat(first.count()).isEqualTo(100);
            assertThat(first.pixels()).hasSize(100 * 28 * 28);
        });
    }

    @Test
    void aLimitKeepsTheFirstRecordsAndStillChecksTheWholeFile() throws IOException {
        byte[] px = pixels(5 * 2 * 3);
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("five" + gz);
            Idx.writeImages(f, px, 5, 2, 3, gz);
            Idx.Images two = Idx.readImages(f, 2);
            assertThat(two.count()).isEqualTo(2);
            assertThat(two.pixels()).containsExactly(Arrays.copyOf(px, 12));
            assertThat(Idx.readImages(f, 9).count()).isEqualTo(5);
            Idx.Array a = Idx.read(f, 3, "images", 3);
            assertThat(a.dims()).containsExactly(5, 2, 3);
            assertThat(a.records()).isEqualTo(3);
        }
        Path cut = dir.resolve("cut.gz");   // the stream ends after 3 of the 5 labels the header promises
        Files.write(cut, gzip(concat(header(Idx.LABELS_MAGIC, 5), new byte[] {1, 2, 3})));
        assertThatThrownBy(() -> Idx.readLabels(cut, 2)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("truncated").hasMessageContaining("promises 13 uncompressed bytes")
                .hasMessageContaining("holds only 11 bytes");
    }

    @Test
    void extraBytesAfterTheDataAreReported() throws IOException {
        Path f = dir.resolve("long");
        Files.write(f, concat(header(Idx.LABELS_MAGIC, 2), new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> Idx.readLabels(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("1 bytes too many");
        Path gz = dir.resolve("long.gz");
        Files.write(gz, gzip(concat(header(Idx.LABELS_MAGIC, 2), new byte[] {1, 2, 3})));
        assertThatThrownBy(() -> Idx.readLabels(gz)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("describes 10 uncompressed bytes, but the gzip stream holds more");
    }

    @Test
    void missingFolderAndUnreadableFilesAreReported() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> Idx.readLabels(missing)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not found");
        assertThatThrownBy(() -> Idx.readLabels(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("is a folder");
    }

    @Test
    void fileWithoutReadPermissionIsReported() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file: permission test skipped");
        Path f = dir.resolve("secret");
        Idx.writeLabels(f, new int[] {1}, false);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> Idx.readLabels(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("permission denied");
    }
}
