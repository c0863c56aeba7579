package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.data.DataCache;
import io.dendrite.data.DataFileException;
import io.dendrite.data.DebPackages;
import io.dendrite.data.FetchException;
import io.dendrite.data.FileSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fortune files the tests write; the real corpus is checked by FortunesIntegrationTest when it is cached. */
class FortunesTest {
    @TempDir
    Path tmp;

    @Test
    void recordsAreSeparatedByPercentLines() throws IOException {
        Path f = Files.writeString(tmp.resolve("quips"),
                "First.\n\tTwo lines.\n%\nSecond.\n%\n%\nThird, \r\nwith CRLF.\r\n%\r\n100% true.\n%%\nno end");
        assertThat(Fortunes.records(f)).containsExactly("First.\n\tTwo lines.\n", "Second.\n",
                "Third, \nwith CRLF.\n", "100% true.\n%%\nno end\n");
    }

    @Test
    void theLastTenthOfEachFilesRecordsIsHeldOut() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(tmp.resolve("a"), fortunes("a", 20)));
        files.add(Files.writeString(tmp.resolve("b"), fortunes("b", 9)));
        TextCorpus c = Fortunes.corpus(files, 10);
        // a: 20 records, 2 held out; b: 9 records, 0 held out (rounded down)
        assertThat(c.heldOut()).isEqualTo("a18\n%\na19\n%\n");
        assertThat(c.train()).startsWith("a0\n%\na1\n%\n").contains("a17\n%\nb0\n%\n").endsWith("b8\n%\n");
        assertThat(c.name()).isEqualTo("fortunes");
        assertThat(c.vocabulary().chars()).isEqualTo("\n%0123456789ab");
        assertThat(Fortunes.corpus(files.subList(0, 1), 50).heldOut()).startsWith("a10\n%\n");
        assertThat(Fortunes.corpus(files.subList(0, 1), 0).name()).isEqualTo("a");
    }

    static String fortunes(String prefix, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(prefix).append(i).append("\n%\n");
        }
        return sb.toString();
    }

    @Test
    void theFileListIsTheFortyThreePlainTextFiles() {
        assertThat(Fortunes.FILES).hasSize(43);
        List<String> names = Fortunes.FILES.stream().map(FileSpec::name).toList();
        assertThat(names).isSorted().doesNotHaveDuplicates().contains("fortunes", "riddles", "literature", "zippy")
                .noneMatch(n -> n.endsWith(".dat") || n.endsWith(".u8"));
        assertThat(Fortunes.FILES.stream().mapToLong(FileSpec::size).sum()).isEqualTo(2_576_674L);
        assertThat(Fortunes.FILES).allMatch(f -> f.sha256().matches("[0-9a-f]{64}"));
    }

    @Test
    void loadReadsAFolderOfTheFilesAndNamesAMissingOne() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("fortunes"));
        for (FileSpec f : Fortunes.FILES) {
            Files.writeString(dir.resolve(f.name()), fortunes(f.name().substring(0, 1), 10));
        }
        TextCorpus c = Fortunes.load(dir);
        assertThat(c.heldOut()).isEqualTo(heldOut()); // 10 records per file, the last one held out
        Files.delete(dir.resolve("riddles"));
        assertThatThrownBy(() -> Fortunes.load(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.resolve("riddles").toString())
                .hasMessageContaining("missing: expected the fortune file riddles (20294 bytes)");
    }

    /** The last record of every file, in file order. */
    private static String heldOut() {
        StringBuilder sb = new StringBuilder();
        for (FileSpec f : Fortunes.FILES) {
            sb.append(f.name().charAt(0)).append("9\n%\n");
        }
        return sb.toString();
    }

    @Test
    void aFailedFetchSaysWhatWasTriedAndHowToSupplyTheFiles() throws IOException {
        Path apt = tmp.resolve("apt-get");
        Files.writeString(apt, "#!/bin/sh\necho 'E: Unable to locate package fortunes' >&2\nexit 100\n");
        Files.setPosixFilePermissions(apt, PosixFilePermissions.fromString("rwxr-xr-x"));
        DataCache cache = new DataCache(tmp.resolve("cache"));
        DebPackages fetcher = new DebPackages(cache).commands(apt.toString(), "dpkg").allowAptUpdate(false);
        assertThat(Fortunes.isCached(cache)).isFalse();
        assertThatThrownBy(() -> Fortunes.fetch(fetcher, false)).isInstanceOf(FetchException.class)
                .hasMessageContaining("Could not fetch Debian's fortunes")
                .hasMessageContaining("download fortunes fortunes-min")
                .hasMessageContaining("apt-get update")
                .hasMessageContaining("Fortunes.load(dir)")
                .hasMessageContaining(cache.folder("fortunes").toString());
    }
}
