package io.dendrite.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dendrite report}: rebuilds the HTML report of a run folder from its files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild report.html of a run folder from its run.properties, history.csv and plots.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run folder written by dendrite train.")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runDir)) {
            throw new NoSuchFileException(runDir.toString(), null, "run folder not found");
        }
        System.out.println("report   " + RunFolder.rebuildReport(runDir));
        return 0;
    }
}
