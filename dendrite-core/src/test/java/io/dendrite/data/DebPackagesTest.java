package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching out of Debian packages with stand-in apt-get and dpkg scripts: no network. */
class DebPackagesTest {
    @TempDir
    Path tmp;

    static final String ALPHA = "alpha\n%\nbeta\n";
    static final String GAMMA = "gamma\n";

    DebPackages.Source source() {
        return new DebPackages.Source("tiny", "the tiny data", List.of("pkg-a", "pkg-b"), "usr/share/tiny",
                List.of(new FileSpec("a", ALPHA.length(), DataCacheTest.sha(ALPHA)),
                        new FileSpec("g", GAMMA.length(), DataCacheTest.sha(GAMMA))),
                "To supply it by hand: copy a and g.");
    }

    Path script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** apt-get download writes one empty .deb per package and counts its runs in a file. */
    Path apt() throws IOException {
        return script("apt-get", "echo run >> '" + tmp.resolve("apt-runs") + "'\n"
                + "[ \"$1\" = download ] || exit 2\nshift\nfor p in \"$@\"; do : > \"${p}_1.0_all.deb\"; done");
    }

    /** dpkg -x DEB DIR unpacks file a from pkg-a and g from pkg-b, with the given contents. */
    Path dpkg(String alpha, String gamma) throws IOException {
        Path srcA = Files.writeString(tmp.resolve("src-a"), alpha);
        Path srcG = Files.writeString(tmp.resolve("src-g"), gamma);
        return script("dpkg", "[ \"$1\" = -x ] || exit 2\nmkdir -p \"$3/usr/share/tiny\"\n"
                + "case \"$2\" in *pkg-a_*) cp '" + srcA + "' \"$3/usr/share/tiny/a\";;"
                + " *pkg-b_*) cp '" + srcG + "' \"$3/usr/share/tiny/g\";; esac");
    }

    DebPackages fetcher(Path apt, Path dpkg) {
        return new DebPackages(new DataCache(tmp.resolve("cache"))).commands(apt.toString(), dpkg.toString())
                .allowAptUpdate(false);
    }

    long cacheEntries() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.filter(p -> !p.getFileName().toString().equals(".lock")).count();
        }
    }

    @Test
    void fetchesUnpacksVerifiesAndCachesOnce() throws IOException {
        DebPackages f = fetcher(apt(), dpkg(ALPHA, GAMMA));
        assertThat(f.isCached(source())).isFalse();
        Path dir = f.fetch(source(), false);
        assertThat(dir).isEqualTo(tmp.resolve("cache").resolve("tiny"));
        assertThat(Files.readString(dir.resolve("a"))).isEqualTo(ALPHA);
        assertThat(Files.readString(dir.resolve("g"))).isEqualTo(GAMMA);
        assertThat(f.isCached(source())).isTrue();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "g",
                    DataCache.MARKER);
        }
        assertThat(f.fetch(source(), false)).isEqualTo(dir);
        assertThat(Files.readAllLines(tmp.resolve("apt-runs"))).hasSize(1); // the second fetch used the cache
    }

    @Test
    void aFileWithAnotherChecksumIsNotCached() throws IOException {
        DebPackages f = fetcher(apt(), dpkg("alphX\n%\nbeta\n", GAMMA));
        assertThatThrownBy(() -> f.fetch(source(), false)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("a: SHA-256 mismatch");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void aPackageWithoutTheFileSaysSo() throws IOException {
        DebPackages f = fetcher(apt(), script("dpkg", "mkdir -p \"$3\""));
        assertThatThrownBy(() -> f.fetch(source(), false)).isInstanceOf(FetchException.class)
                .hasMessageContaining("the tiny data: the packages pkg-a_1.0_all.deb, pkg-b_1.0_all.deb have no"
                        + " usr/share/tiny/a")
                .hasMessageContaining("To supply it by hand");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void unknownPackagesSuggestAptGetUpdate() throws IOException {
        Path apt = script("apt-get", "echo 'E: Unable to locate package pkg-b' >&2; exit 100");
        assertThatThrownBy(() -> fetcher(apt, dpkg(ALPHA, GAMMA)).fetch(source(), false))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("tried `" + apt + " download pkg-a pkg-b`")
                .hasMessageContaining("exited with status 100")
                .hasMessageContaining("Unable to locate package pkg-b")
                .hasMessageContaining("run `apt-get update` once as root")
                .hasMessageContaining("DENDRITE_APT_UPDATE=1")
                .hasMessageContaining("To supply it by hand");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void aMissingCommandSaysWhatWasTried() {
        Path none = tmp.resolve("no-such-apt-get");
        assertThatThrownBy(() -> new DebPackages(new DataCache(tmp.resolve("cache")))
                .commands(none.toString(), "dpkg").fetch(source(), false))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("Could not fetch the tiny data")
                .hasMessageContaining("cannot be started")
                .hasMessageContaining("To supply it by hand");
    }
}
