package io.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dendrite gan}: the parent of {@code gan train} and {@code gan sample}; alone, it prints its usage. */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = {"Generative adversarial networks on MNIST-like digits: cs231n's fully connected GAN (fc), LSGAN (ls)"
                + " and DCGAN (dc).",
                "gan train trains one and writes sample grids, loss curves, sample-quality figures and a report;"
                        + " gan sample draws images from a trained generator."},
        subcommands = {GanTrainCommand.class, GanSampleCommand.class})
final class GanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
