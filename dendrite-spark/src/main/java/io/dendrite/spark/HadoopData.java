package io.dendrite.spark;

import io.dendrite.data.CsvDataset;
import io.dendrite.data.Dataset;
import io.dendrite.data.Datasets;
import io.dendrite.data.TrainTest;
import io.dendrite.io.Npz;
import io.dendrite.tensor.Tensor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Dendrite's datasets read from any path Hadoop can read — {@code hdfs://}, {@code s3a://}, {@code gs://},
 * {@code abfs://}, {@code file://}, … with the cluster's file-system settings — for {@link SparkData#local}: the
 * file or folder is copied to the driver's temporary folder and read there by the ordinary loaders (idx folders of
 * MNIST and Fashion-MNIST, CIFAR-10's binary batches, CSV, {@code .npz}). These formats are read whole by one
 * process; data that outgrows the driver belongs in a Spark {@code Dataset<Row>} ({@link SparkData#rows}).
 */
public final class HadoopData {
    /** A path with a scheme ({@code hdfs://…}, {@code s3a://…}, {@code file:/…}): for Hadoop, not the local disk alone. */
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

    private HadoopData() {
    }

    /** Whether {@code path} names a file system ({@code hdfs://…}) rather than a plain local path. */
    public static boolean isUri(String path) {
        return URI_SCHEME.matcher(path).matches();
    }

    /**
     * The file or folder {@code uri} copied to the local temporary folder, and its local path. The copy's place
     * depends on the URI alone, so the same URI gives the same local path (a resumed run finds its data where the
     * run it continues did); an older copy there is replaced.
     */
    public static Path toLocal(Configuration conf, String uri) throws IOException {
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = source.getFileSystem(conf);
        if (!fs.exists(source)) {
            throw new IOException(uri + ": no such file or folder (as " + fs.getUri() + " sees it)");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "dendrite-hadoop", digest(uri));
        Path local = dir.resolve(source.getName().isEmpty() ? "data" : source.getName());
        deleteTree(local);
        Files.createDirectories(dir);
        // the raw local file system writes no .crc files beside the copy
        fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
        return local;
    }

    /**
     * The Hadoop settings of {@code spark}'s context ({@code spark.hadoop.*} included), for {@link #toLocal}.
     */
    public static Configuration configuration(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    /**
     * Hadoop settings before any SparkSession exists: the defaults plus the {@code spark.hadoop.*} properties
     * spark-submit passes to the driver (as Spark itself copies them).
     */
    static Configuration configurationFromSparkConf() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> e : new SparkConf().getAll()) {
            if (e._1().startsWith("spark.hadoop.")) {
                conf.set(e._1().substring("spark.hadoop.".length()), e._2());
            }
        }
        return conf;
    }

    /**
     * A dataset from a folder that holds its standard files ({@code mnist}, {@code fashion-mnist}: the idx files;
     * {@code cifar10}: the binary batches), as {@link Datasets#load} reads it.
     */
    public static TrainTest load(SparkSession spark, String dataset, String folderUri) throws IOException {
        return Datasets.load(dataset, toLocal(configuration(spark), folderUri));
    }

    /** A CSV file of numbers, the label in {@code labelColumn} (−1: the last), as {@link CsvDataset#load} reads it. */
    public static Dataset csv(SparkSession spark, String uri, int labelColumn, boolean header) throws IOException {
        return CsvDataset.load(toLocal(configuration(spark), uri), labelColumn, header);
    }

    /**
     * Samples and labels from an {@code .npz} archive: array {@code xKey} (N, …) and array {@code yKey} of N whole
     * numbers 0 … C − 1 (C is the largest label + 1).
     */
    public static Dataset npz(SparkSession spark, String uri, String xKey, String yKey) throws IOException {
        Map<String, Tensor> arrays = Npz.read(toLocal(configuration(spark), uri));
        Tensor x = array(arrays, uri, xKey), y = array(arrays, uri, yKey);
        if (y.ndim() != 1 || x.ndim() < 1 || x.shape(0) != y.shape(0)) {
            throw new IllegalArgumentException(uri + ": " + xKey + " has shape " + java.util.Arrays.toString(x.shape())
                    + " and " + yKey + " " + java.util.Arrays.toString(y.shape()) + "; expected samples (N, …) and N labels");
        }
        double[] values = y.toDoubleArray();
        int[] labels = new int[values.length];
        int classes = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i]) || values[i] < 0) {
                throw new IllegalArgumentException(uri + ": " + yKey + "[" + i + "] = " + values[i]
                        + " is not a class (a whole number >= 0)");
            }
            labels[i] = (int) values[i];
            classes = Math.max(classes, labels[i] + 1);
        }
        return Dataset.of(x, labels, classes);
    }

    private static Tensor array(Map<String, Tensor> arrays, String uri, String key) {
        Tensor t = arrays.get(key);
        if (t == null) {
            throw new IllegalArgumentException(uri + " has no array '" + key + "' (it holds " + arrays.keySet() + ")");
        }
        return t;
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
