package io.dendrite.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --out}: a previous run is refused unless --resume or --overwrite; leftovers and failed writes. */
class RunFolderCommandTest {

    private static CommandsTest.Result train(Path dir, String... more) {
        String[] base = {"train", "--dataset", "spiral", "--model", "two-layer", "--hidden", "10", "--epochs", "1",
                "--threads", "1", "--out", dir.toString()};
        return run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void aReusedOutIsRefusedInOneLineNamingTheFolderAndBothWaysForward(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        assertOk(train(dir));
        byte[] model = Files.readAllBytes(dir.resolve(RunFolder.MODEL));
        CommandsTest.Result again = train(dir, "--lr", "0.5");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip()).doesNotContain("\n").contains(dir.toString())
                .contains("--resume " + dir).contains("--overwrite");
        assertThat(Files.readAllBytes(dir.resolve(RunFolder.MODEL))).isEqualTo(model);
    }

    @Test
    void aFolderWithOnlyACheckpointCountsAsARun(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("checkpoint.dnd"), new byte[]{1});
        CommandsTest.Result r = train(tmp);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("checkpoint.dnd").contains("--overwrite");
    }

    @Test
    void overwriteRemovesThePreviousRunsStaleFilesAndKeepsOthers(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        assertOk(train(dir));
        Files.write(dir.resolve("filters.png"), new byte[]{1});
        Files.write(dir.resolve(RunFolder.TEMPLATES), new byte[]{1});
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Path temp = Files.write(dir.resolve(".checkpoint.dnd.k3x9a.tmp"), new byte[]{1});
        CommandsTest.Result r = train(dir, "--overwrite");
        assertOk(r);
        assertThat(dir.resolve("filters.png")).doesNotExist();
        assertThat(dir.resolve(RunFolder.TEMPLATES)).doesNotExist();
        assertThat(temp).doesNotExist();
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
        assertThat(dir.resolve(RunFolder.MODEL)).exists();
        assertThat(Files.readString(dir.resolve(RunFolder.REPORT))).doesNotContain("First-layer filters");
    }

    @Test
    void resumeInPlaceStillWorksAndRemovesAnInterruptedWritesTemporaryFiles(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        assertOk(train(dir));
        Path fresh = Files.write(dir.resolve(".checkpoint.dnd.abc123.tmp"), new byte[]{1});
        CommandsTest.Result r = run("train", "--resume", dir.toString(), "--epochs", "2", "--threads", "1");
        assertOk(r);
        assertThat(fresh).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(3);
    }

    @Test
    void aResumeIntoAnotherFolderThatHoldsARunIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        Path other = tmp.resolve("other");
        assertOk(train(dir));
        assertOk(train(other));
        CommandsTest.Result r = run("train", "--resume", dir.toString(), "--epochs", "2", "--out", other.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--out " + other).contains("--overwrite");
    }

    @Test
    void staleTemporaryFilesGoOnTheNextStartFreshOnesStay(@TempDir Path tmp) throws IOException {
        Path stale = Files.write(tmp.resolve(".model.dnd.zz9.tmp"), new byte[]{1});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
        Path fresh = Files.write(tmp.resolve(".loss.png.q1.tmp"), new byte[]{1});
        Path notOurs = Files.write(tmp.resolve(".cache.tmp"), new byte[]{1});
        Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
        assertOk(train(tmp));
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(notOurs).exists();
    }

    @Test
    void aReadOnlyOutFailsInOneLineNamingTheFileAndTheCauseAndLeavesNothing(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(dir), "permissions do not apply (running as root)");
            CommandsTest.Result r = train(dir);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().strip()).doesNotContain("\n").contains("Permission denied").contains(dir.toString());
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void assertOk(CommandsTest.Result r) {
        assertThat(r.code()).as(r.err()).isZero();
    }
}
