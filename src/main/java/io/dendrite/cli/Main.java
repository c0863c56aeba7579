package io.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dendrite} command: parses options and calls the library, nothing more. */
@Command(name = "dendrite", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Deep learning from scratch in pure Java: train, evaluate and inspect neural networks.",
        subcommands = {VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line; tests use it to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
