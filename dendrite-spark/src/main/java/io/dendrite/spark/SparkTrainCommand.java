package io.dendrite.spark;

import io.dendrite.cli.TrainCommand;
import io.dendrite.data.TrainValTest;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.train.Solver;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code dendrite spark-train} (and {@code spark-submit … train}): {@code dendrite train} with its rows on a Spark
 * cluster — every option of train, the same lines printed, the same run folder written — plus where and how to
 * spread the work ({@code --master}, {@code --partitions}, {@code --average-every}). The driver loads and splits the
 * data as train does, sends the training and validation rows to the partitions, and runs the Solver with a
 * {@link SparkSolver}; the test set is scored on the driver.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on Apache Spark, data-parallel, and write what `dendrite train` writes.",
                "Takes every option of `dendrite train`, and prints the same lines (with a `spark` line for the setup"
                        + " and one for where the time went).",
                "With no options: the book's SimpleConvNet on MNIST with Adam, on local[*]."})
public final class SparkTrainCommand extends TrainCommand {
    /** The master when neither --master nor spark-submit names one. */
    static final String DEFAULT_MASTER = "local[*]";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[2], local[*], spark://HOST:7077, yarn, k8s://https://HOST:443 (default: the"
                    + " one spark-submit gives, else " + DEFAULT_MASTER + ").")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions of the training rows; each computes its share of every batch (default: Spark's"
                    + " default parallelism, the cores of local[N]).")
    int partitions;

    @Option(names = "--average-every", defaultValue = "0", paramLabel = "K",
            description = "0: synchronous SGD, gradients summed every iteration (default). K >= 1: local SGD, every"
                    + " partition steps on its rows of K batches, then the models are averaged: K times fewer rounds.")
    int averageEvery;

    @Option(names = "--storage", defaultValue = SparkSolver.DEFAULT_STORAGE_NAME,
            description = "Spark storage level of the partitioned rows: MEMORY_ONLY, MEMORY_AND_DISK, DISK_ONLY, … or NONE"
                    + " to rebuild them for every job (default: ${DEFAULT-VALUE}).")
    String storage;

    @Spec
    CommandSpec command;

    private SparkSession session;
    private boolean ownSession;
    private SparkSolver spark;

    @Override
    public Integer call() throws Exception {
        if (partitions < 0) {
            throw new IllegalArgumentException("invalid --partitions " + partitions + " (expected a number >= 1, or 0 for"
                    + " Spark's default parallelism)");
        }
        if (averageEvery < 0) {
            throw new IllegalArgumentException("invalid --average-every " + averageEvery + " (expected 0 for synchronous"
                    + " SGD, or K >= 1)");
        }
        Object model = command.findOption("--model").getValue();
        if ("knn".equalsIgnoreCase(String.valueOf(model))) {
            throw new IllegalArgumentException("--model knn memorizes its training rows instead of training;"
                    + " spark-train trains networks — use dendrite train for k-NN");
        }
        try {
            int status = super.call();
            if (spark != null) {
                System.out.println("spark    " + spark.stepTimes());
            }
            return status;
        } finally {
            if (spark != null) {
                spark.close();
            }
            if (ownSession) {
                session.stop();
            }
        }
    }

    @Override
    protected Solver.Builder withData(Solver.Builder builder, Network net, TrainValTest split, DType dtype) {
        session = session();
        SparkSolver.Builder b = SparkSolver.builder(session, net).train(SparkData.local(split.train()))
                .validation(SparkData.local(split.val())).averageEvery(averageEvery).storageLevel(storageLevel());
        spark = (partitions > 0 ? b.partitions(partitions) : b).build();
        System.out.println("spark    " + spark.describe());
        // recorded in the checkpoint with train's options: a resumed run takes them, or refuses different ones
        Map<String, String> recorded = new LinkedHashMap<>();
        recorded.put("partitions", Integer.toString(spark.partitions()));
        recorded.put("average-every", Integer.toString(averageEvery));
        return builder.gradientSource(spark).options(recorded);
    }

    private org.apache.spark.storage.StorageLevel storageLevel() {
        try {
            return org.apache.spark.storage.StorageLevel.fromString(storage.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --storage '" + storage + "' (expected a Spark storage level:"
                    + " MEMORY_ONLY, MEMORY_AND_DISK, DISK_ONLY, MEMORY_ONLY_SER, …, or NONE)", e);
        }
    }

    /** The running session (spark-submit's, a test's), or a new one on --master, spark-submit's master or local[*]. */
    private SparkSession session() {
        ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder b = SparkSession.builder().appName("dendrite train");
        if (master != null) {
            b.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            b.master(DEFAULT_MASTER);
        }
        return b.getOrCreate();
    }
}
