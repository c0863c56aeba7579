package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.io.PlainPermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
    @TempDir
    Path root;

    static final byte[] A = "alpha".getBytes(StandardCharsets.UTF_8);
    static final byte[] B = "bravo bravo".getBytes(StandardCharsets.UTF_8);
    static final List<FileSpec> SPECS = List.of(
            new FileSpec("a", 5, "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8"),
            new FileSpec("b", 11, sha("bravo bravo")));

    static String sha(String s) {
        try {
            Path t = Files.createTempFile("sha", "");
            Files.writeString(t, s);
            String h = DataCache.sha256(t);
            Files.delete(t);
            return h;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    static void good(Path dir) throws IOException {
        Files.write(dir.resolve("a"), A);
        Files.write(dir.resolve("b"), B);
    }

    List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    @Test
    void theCacheFolderAndItsMarkerGetTheUmaskLikePlainlyCreatedOnes() throws IOException {
        Files.createDirectories(root);
        String folder = PosixFilePermissions.toString(PlainPermissions.ofNewFolder(root));
        String file = PosixFilePermissions.toString(PlainPermissions.ofNewFile(root));
        Path dir = new DataCache(root).ensure("set", SPECS, DataCacheTest::good);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo(folder);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(DataCache.MARKER))))
                .isEqualTo(file);
    }

    @Test
    void sha256OfAKnownString() throws IOException {
        assertThat(DataCache.sha256(Files.write(root.resolve("x"), A))).isEqualTo(SPECS.get(0).sha256());
    }

    @Test
    void fillsVerifiesMarksAndThenReusesWithoutFetching() throws IOException {
        DataCache cache = new DataCache(root);
        AtomicInteger fills = new AtomicInteger();
        assertThat(cache.isReady("set", SPECS)).isFalse();
        Path dir = cache.ensure("set", SPECS, d -> {
            fills.incrementAndGet();
            good(d);
        });
        assertThat(dir).isEqualTo(root.resolve("set"));
        assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(B);
        assertThat(dir.resolve(DataCache.MARKER)).exists();
        assertThat(cache.isReady("set", SPECS)).isTrue();
        cache.ensure("set", SPECS, d -> fills.incrementAndGet());
        assertThat(fills.get()).isEqualTo(1);
        assertThat(entries()).containsExactly("set");
    }

    @Test
    void checksumMismatchIsDetectedAndNothingIsInstalled() {
        DataCache cache = new DataCache(root);
        assertThatThrownBy(() -> cache.ensure("set", SPECS, d -> {
            Files.write(d.resolve("a"), A);
            Files.writeString(d.resolve("b"), "bravo BRAVO");
        })).isInstanceOf(DataFileException.class)
                .hasMessageContaining("SHA-256 mismatch").hasMessageContaining(SPECS.get(1).sha256())
                .hasMessageContaining(sha("bravo BRAVO"));
        assertThat(root.resolve("set")).doesNotExist();
        assertThat(cache.isReady("set", SPECS)).isFalse();
    }

    @Test
    void sizeMismatchAndMissingFileAreDetected() {
        DataCache cache = new DataCache(root);
        assertThatThrownBy(() -> cache.ensure("set", SPECS, d -> Files.write(d.resolve("a"), A)))
                .isInstanceOf(DataFileException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> cache.ensure("set", SPECS, d -> {
            good(d);
            Files.writeString(d.resolve("a"), "alph");
        })).isInstanceOf(DataFileException.class).hasMessageContaining("expected 5 bytes, found 4");
        assertThat(root.resolve("set")).doesNotExist();
    }

    @Test
    void interruptedFetchLeavesNothingThatIsLaterRead() throws IOException {
        DataCache cache = new DataCache(root);
        // A fetch that dies half-way (exception after writing one file): nothing installed, temp removed.
        assertThatThrownBy(() -> cache.ensure("set", SPECS, d -> {
            Files.write(d.resolve("a"), A);
            throw new IOException("network down");
        })).hasMessageContaining("network down");
        assertThat(entries()).isEmpty();

        // A process killed mid-fetch leaves its temp folder behind: it is never read and is cleaned up.
        Path leftover = Files.createDirectories(root.resolve(".tmp-set-12345"));
        Files.writeString(leftover.resolve("a"), "half");
        assertThat(cache.isReady("set", SPECS)).isFalse();
        cache.ensure("set", SPECS, DataCacheTest::good);
        assertThat(leftover).doesNotExist();
        assertThat(entries()).containsExactly("set");
        assertThat(Files.readAllBytes(root.resolve("set/a"))).isEqualTo(A);
    }

    @Test
    void folderWithoutMarkerOrWithStaleMarkerIsNotUsedAndIsReplaced() throws IOException {
        DataCache cache = new DataCache(root);
        Path dir = Files.createDirectories(root.resolve("set"));
        Files.write(dir.resolve("a"), A);
        Files.writeString(dir.resolve("b"), "partial"); // half-written, no marker
        assertThat(cache.isReady("set", SPECS)).isFalse();
        cache.ensure("set", SPECS, DataCacheTest::good);
        assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(B);
        assertThat(entries()).containsExactly("set");

        // A marker for other sums (an older Dendrite) or a file whose size changed: not ready.
        Files.writeString(dir.resolve(DataCache.MARKER), "# other sums\n");
        assertThat(cache.isReady("set", SPECS)).isFalse();
        cache.ensure("set", SPECS, d -> {
            throw new AssertionError("files verify: adopted without fetching");
        });
        assertThat(cache.isReady("set", SPECS)).isTrue();
        Files.writeString(dir.resolve("b"), "short");
        assertThat(cache.isReady("set", SPECS)).isFalse();
    }

    @Test
    void handCopiedFilesThatVerifyAreAdopted() throws IOException {
        DataCache cache = new DataCache(root);
        good(Files.createDirectories(root.resolve("set")));
        Path dir = cache.ensure("set", SPECS, d -> {
            throw new IOException("must not fetch");
        });
        assertThat(cache.isReady("set", SPECS)).isTrue();
        assertThat(dir.resolve(DataCache.MARKER)).exists();
    }

    @Test
    void aCachedFileDamagedWithoutChangingItsSizeIsCaughtWhenItsTimeChanges() throws IOException {
        DataCache cache = new DataCache(root);
        Path dir = cache.ensure("set", SPECS, DataCacheTest::good);
        Path b = dir.resolve("b");
        byte[] bytes = Files.readAllBytes(b);
        bytes[3] ^= 1;
        Files.write(b, bytes);
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 5_000));
        assertThat(cache.isReady("set", SPECS)).isTrue(); // same size: only the hash tells
        assertThatThrownBy(() -> cache.ensure("set", SPECS, d -> {
            throw new AssertionError("a damaged file is refused, not fetched again");
        })).isInstanceOf(DataFileException.class)
                .hasMessage(b + ": damaged cached file: SHA-256 expected " + SPECS.get(1).sha256() + ", found "
                        + DataCache.sha256(b) + " (it changed after it was verified) — run `dendrite fetch set`"
                        + " again, or delete " + dir);

        // `dendrite fetch` replaces it.
        AtomicInteger fills = new AtomicInteger();
        cache.ensure("set", SPECS, d -> {
            fills.incrementAndGet();
            good(d);
        }, true);
        assertThat(fills.get()).isEqualTo(1);
        assertThat(Files.readAllBytes(b)).isEqualTo(B);
        assertThat(entries()).containsExactly("set");
    }

    @Test
    void filesAreHashedAgainOnlyWhenTheirModificationTimeChanged() throws IOException {
        DataCache cache = new DataCache(root);
        Path dir = cache.ensure("set", SPECS, DataCacheTest::good);
        cache.ensure("set", SPECS, d -> fail("cached"));
        cache.ensure("set", SPECS, d -> fail("cached"));
        assertThat(cache.rehashes.get()).isZero();

        // Touched but intact: hashed once, the new time recorded, then not hashed again.
        Path a = dir.resolve("a");
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 60_000));
        cache.ensure("set", SPECS, d -> fail("cached"));
        assertThat(cache.rehashes.get()).isEqualTo(1);
        cache.ensure("set", SPECS, d -> fail("cached"));
        assertThat(cache.rehashes.get()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve(DataCache.MARKER)))
                .contains(SPECS.get(0).sha256() + "  5  " + Files.getLastModifiedTime(a).toMillis() + "  a\n");
        assertThat(new DataCache(root).isReady("set", SPECS)).isTrue();
    }

    private static void fail(String why) {
        throw new AssertionError(why);
    }
}
