package io.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dendrite lm}: the character language model's commands, {@code train} and {@code sample}. */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = {"Character-level language model: an LSTM, GRU or RNN over characters.",
                "Train it on Debian's fortunes or your own UTF-8 text, then sample from it."},
        subcommands = {LmTrainCommand.class, LmSampleCommand.class})
final class LmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
