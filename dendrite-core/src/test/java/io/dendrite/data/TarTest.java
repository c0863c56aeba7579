package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarTest {
    @TempDir
    Path dir;

    /** A minimal ustar writer for tests: regular files only, names up to 100 bytes. */
    static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var e : files.entrySet()) {
            out.write(header(e.getKey(), e.getValue().length, '0'));
            out.write(e.getValue());
            out.write(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    @Test
    void extractsOnlyTheMappedFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/readme.md", "hello".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[1300];
        Arrays.fill(big, (byte) 7);
        files.put("package/data/a-idx1-ubyte", big);
        files.put("package/data/b", new byte[0]);
        int n = Tar.extract(new ByteArrayInputStream(tar(files)), dir,
                name -> name.startsWith("package/data/") ? name.substring(13) : null);
        assertThat(n).isEqualTo(2);
        assertThat(Files.readAllBytes(dir.resolve("a-idx1-ubyte"))).isEqualTo(big);
        assertThat(Files.size(dir.resolve("b"))).isZero();
        assertThat(dir.resolve("readme.md")).doesNotExist();
    }

    @Test
    void paxPathRecordNamesTheNextEntry() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] pax = "30 path=package/data/long-name\n".getBytes(StandardCharsets.UTF_8);
        out.write(header("PaxHeader", pax.length, 'x'));
        out.write(pax);
        out.write(new byte[512 - pax.length]);
        out.write(header("short", 3, '0'));
        out.write(new byte[] {1, 2, 3});
        out.write(new byte[509 + 1024]);
        Tar.extract(new ByteArrayInputStream(out.toByteArray()), dir,
                name -> name.equals("package/data/long-name") ? "ok" : null);
        assertThat(Files.readAllBytes(dir.resolve("ok"))).containsExactly(1, 2, 3);
    }

    @Test
    void truncatedAndCorruptArchivesAreRejected() throws IOException {
        byte[] t = tar(Map.of("package/data/x", new byte[2000]));
        byte[] cut = Arrays.copyOf(t, 1000);
        assertThatThrownBy(() -> Tar.extract(new ByteArrayInputStream(cut), dir, n -> "x"))
                .hasMessageContaining("truncated");
        byte[] bad = t.clone();
        bad[0] = 'Q';
        assertThatThrownBy(() -> Tar.extract(new ByteArrayInputStream(bad), dir, n -> "x"))
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> Tar.extract(new ByteArrayInputStream(t), dir, n -> "../evil"))
                .hasMessageContaining("refusing");
    }
}
