package io.dendrite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dendrite caption}: image captioning, cs231n assignment 3 — {@code train} and {@code sample}. */
@Command(name = "caption", mixinStandardHelpOptions = true,
        description = {"Image captioning (cs231n assignment 3): train a captioner on MNIST digit strips or on cs231n's"
                + " COCO features, and caption images with a trained one."},
        subcommands = {CaptionTrainCommand.class, CaptionSampleCommand.class})
final class CaptionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
