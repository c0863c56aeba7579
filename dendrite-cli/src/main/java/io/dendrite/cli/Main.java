package io.dendrite.cli;

import io.dendrite.tensor.MemoryBudget;
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
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SaliencyCommand.class, FoolCommand.class,
                VisualizeClassCommand.class, StyleCommand.class, ImportCommand.class, ExportCommand.class, InspectCommand.class, GradcheckCommand.class, SummaryCommand.class,
                SearchCommand.class, CrossvalCommand.class, GanCommand.class, ReportCommand.class, PlotCommand.class, FetchCommand.class, BenchCommand.class,
                CaptionCommand.class, LmCommand.class,
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
                .setExecutionExceptionHandler(Main::reportError).setExecutionStrategy(Main::runCatchingOutOfMemory)
                .setParameterExceptionHandler(Main::reportUsageError);
    }

    /**
     * An option picocli cannot parse (an unknown name, a value of the wrong type or outside an enum) in one line, with
     * the closest option names when there are some and where the help is — instead of the whole usage text.
     */
    private static int reportUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName(" ");
        String message = e.getMessage() != null ? e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ") : e.toString();
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
        cmd.getErr().println(name + ": " + message + (suggestions.isEmpty() ? "" : " (did you mean "
                + String.join(", ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)")
                + " — see " + name + " --help");
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
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
            return reportOutOfMemory(e, cmd.getCommandSpec().qualifiedName().replaceFirst("^dendrite ?", ""), cmd.getErr());
        }
    }

    /** The one line for an {@link OutOfMemoryError}; the stack trace only with DENDRITE_DEBUG=1. */
    static int reportOutOfMemory(OutOfMemoryError e, String command, PrintWriter err) {
        if ("1".equals(System.getenv("DENDRITE_DEBUG"))) {
            e.printStackTrace(err);
        }
        long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        err.println((command.isEmpty() ? "dendrite" : "dendrite " + command) + ": out of memory (the JVM's heap is " + heapMiB
                + " MiB) — give it more with " + RAISE_HEAP + "8g, or use a smaller --batch-size or --limit");
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
        MemoryBudget.Exceeded tooLarge = memoryBudget(e);
        String message = tooLarge != null ? tooLarge.message(RAISE_HEAP)
                : e.getMessage() != null ? e.getMessage() : e.toString();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);   // "dendrite gan train: …" for a subcommand
        return 1;
    }

    /** The launcher's way to give the JVM more heap, followed by a size ({@code ./dendrite} reads this variable). */
    static final String RAISE_HEAP = "DENDRITE_JVM_OPTS=-Xmx";

    /** A refusal of the memory budget, worded for the launcher, when {@code e} is one or was caused by one. */
    private static MemoryBudget.Exceeded memoryBudget(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MemoryBudget.Exceeded) {
                return (MemoryBudget.Exceeded) t;
            }
        }
        return null;
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
