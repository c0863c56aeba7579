package io.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * Entry point of the {@code dendrite} command: parses options and calls the library, nothing more.
 *
 * <p>{@code scope = INHERIT} hands {@code -h/--help}, {@code -V/--version} and the version provider down to every
 * subcommand, so {@code dendrite train -V} prints the version and {@code dendrite version --help} its own help.
 */
@Command(name = "dendrite", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        scope = ScopeType.INHERIT,
        description = "Deep learning from scratch in pure Java: train, evaluate and inspect neural networks.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ImportCommand.class, ExportCommand.class, InspectCommand.class, GradcheckCommand.class, SummaryCommand.class,
                SearchCommand.class, CrossvalCommand.class, ReportCommand.class, PlotCommand.class, FetchCommand.class, BenchCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line; tests use it to run commands in-process. */
    public static CommandLine commandLine() {
        return commandLine(new Main());
    }

    /**
     * Builds a command line for {@code command} that behaves as dendrite's own: enum values in any case, errors in one
     * line, out-of-memory explained (dendrite-spark's entry point uses it too).
     */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportError).setExecutionStrategy(Main::runCatchingOutOfMemory);
    }

    /**
     * Runs the chosen command; an {@link OutOfMemoryError} (an {@code Error}, which picocli's exception handler never
     * sees) becomes one line that says how large the heap is and how to give it more.
     */
    private static int runCatchingOutOfMemory(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            List<CommandLine> commands = parsed.asCommandLineList();
            CommandLine cmd = commands.get(commands.size() - 1);
            return reportOutOfMemory(e, cmd.getCommandName(), cmd.getErr());
        }
    }

    /** The one line for an {@link OutOfMemoryError}; the stack trace only with DENDRITE_DEBUG=1. */
    static int reportOutOfMemory(OutOfMemoryError e, String command, PrintWriter err) {
        if ("1".equals(System.getenv("DENDRITE_DEBUG"))) {
            e.printStackTrace(err);
        }
        long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        err.println((command.isEmpty() ? "dendrite" : "dendrite " + command) + ": out of memory (the JVM's heap is " + heapMiB
                + " MiB) — give it more with DENDRITE_JVM_OPTS=-Xmx8g, or use a smaller --batch-size or --limit");
        err.flush();
        return 1;
    }

    /**
     * Prints what went wrong in one line (the library's messages already say what, where and how to fix it);
     * the stack trace only with DENDRITE_DEBUG=1.
     */
    private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if ("1".equals(System.getenv("DENDRITE_DEBUG"))) {
            e.printStackTrace(cmd.getErr());
        }
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        cmd.getErr().println("dendrite " + cmd.getCommandName() + ": " + message);
        return 1;
    }

    /**
     * Runs the command; a JVM started without the Vector API first starts the command again with it
     * ({@link VectorRelaunch}; {@code DENDRITE_NO_RELAUNCH=1} turns that off).
     */
    public static void main(String[] args) {
        OptionalInt relaunched = VectorRelaunch.run(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        int status;
        try {
            status = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            status = reportOutOfMemory(e, "", new PrintWriter(System.err, true));
        }
        System.exit(status);
    }
}
