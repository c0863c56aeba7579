package io.dendrite.spark;

import io.dendrite.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The entry point spark-submit runs — {@code spark-submit --class io.dendrite.spark.SparkMain
 * dendrite-0.1.0-spark.jar train [options of dendrite train] [--partitions N] [--average-every K]} — and the one
 * {@code ./dendrite spark-train} runs. A {@code --data} given as a Hadoop URI ({@code hdfs://…}, {@code s3a://…})
 * is first copied to the driver's temporary folder ({@link HadoopData#toLocal}).
 */
@Command(name = "dendrite-spark", mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Dendrite on Apache Spark: train a network data-parallel on a cluster.",
        subcommands = {SparkTrainCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line, with dendrite's error handling; tests run it in-process. */
    public static CommandLine commandLine() {
        return Main.commandLine(new SparkMain());
    }

    /**
     * Runs the command in {@code args} ({@code train …}) and exits with its status: 0 when it succeeded, 1 with one
     * line on standard error when it failed.
     */
    public static void main(String[] args) {
        int status;
        try {
            status = commandLine().execute(localData(args));
        } catch (IOException e) {
            System.err.println("dendrite train: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** {@code args} with a {@code --data} Hadoop URI replaced by the local copy of what it names. */
    static String[] localData(String[] args) throws IOException {
        String[] out = Arrays.copyOf(args, args.length);
        for (int i = 0; i < out.length; i++) {
            boolean joined = out[i].startsWith("--data=");
            if (!(joined || out[i].equals("--data") && i + 1 < out.length)) {
                continue;
            }
            int at = joined ? i : i + 1;
            String value = joined ? out[i].substring("--data=".length()) : out[i + 1];
            if (HadoopData.isUri(value)) {
                Path local = HadoopData.toLocal(HadoopData.configurationFromSparkConf(), value);
                out[at] = (joined ? "--data=" : "") + local;
            }
        }
        return out;
    }
}
