package io.dendrite.spark;

import io.dendrite.tensor.Shapes;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Labelled examples for {@link SparkSolver}: a Spark {@code Dataset<Row>} with a features column (an array of
 * numbers per row, the sample's values in row-major order) and a label column (a whole number 0 … C − 1, of any
 * numeric type — Spark ML's double labels included), or a Dendrite {@link io.dendrite.data.Dataset} held by the
 * driver ({@link HadoopData} reads idx, CSV and {@code .npz} files from any Hadoop-readable path into one).
 *
 * <p>Row i of the data — in the Dataset's order, partition after partition — is example i, the index the Solver's
 * batches name, so a run sees the same global batches as the single-process Solver on the same rows. The
 * SparkSolver lays the rows out as consecutive blocks, one per partition: a Dataset that already has the requested
 * number of partitions keeps its partitions (no shuffle); any other is shuffled once into blocks of equal size.
 * A row whose features have the wrong length, or whose label is missing, fractional or out of range, stops the
 * run with one line naming the row. Features are kept as floats, as Dendrite's datasets keep them; an F64 network
 * sees them widened.
 */
public final class SparkData {
    private final Dataset<Row> rows;
    private final String featuresColumn, labelColumn;
    private final io.dendrite.data.Dataset local;

    private SparkData(Dataset<Row> rows, String featuresColumn, String labelColumn, io.dendrite.data.Dataset local) {
        this.rows = rows;
        this.featuresColumn = featuresColumn;
        this.labelColumn = labelColumn;
        this.local = local;
    }

    /** The rows of {@code rows}: features from the array column {@code featuresColumn}, labels from {@code labelColumn}. */
    public static SparkData rows(Dataset<Row> rows, String featuresColumn, String labelColumn) {
        Objects.requireNonNull(rows, "SparkData.rows: the Dataset is null");
        StructType schema = rows.schema();
        DataType features = column(schema, featuresColumn, "features").dataType();
        if (!(features instanceof ArrayType a && a.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("SparkData: the features column '" + featuresColumn + "' holds "
                    + features.simpleString() + ", expected an array of numbers (array<float>, array<double>, …)");
        }
        DataType label = column(schema, labelColumn, "label").dataType();
        if (!(label instanceof NumericType)) {
            throw new IllegalArgumentException("SparkData: the label column '" + labelColumn + "' holds "
                    + label.simpleString() + ", expected numbers (whole numbers 0 … C − 1)");
        }
        return new SparkData(rows, featuresColumn, labelColumn, null);
    }

    /** The examples of {@code data}, held by the driver and sent to the executors in blocks, one per partition. */
    public static SparkData local(io.dendrite.data.Dataset data) {
        return new SparkData(null, null, null, Objects.requireNonNull(data, "SparkData.local: the dataset is null"));
    }

    private static StructField column(StructType schema, String name, String role) {
        Objects.requireNonNull(name, () -> "SparkData: the " + role + " column's name is null");
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("SparkData: no " + role + " column '" + name + "'; the rows have columns "
                + Arrays.toString(schema.fieldNames()));
    }

    /** The shape of one sample when the data knows it (a local dataset), else null: rows are flat arrays. */
    int[] sampleShape() {
        return local != null ? local.sampleShape() : null;
    }

    /** The number of values in the first row's features (one job), for rows whose network gives no input shape. */
    int firstRowLength() {
        Row first = rows.select(featuresColumn).first();
        return first.isNullAt(0) ? 0 : first.getList(0).size();
    }

    @Override
    public String toString() {
        return local != null ? "SparkData(" + local.size() + " examples on the driver)"
                : "SparkData(rows: features '" + featuresColumn + "', label '" + labelColumn + "')";
    }

    /** The data laid out as one {@link Shard} per partition, in consecutive blocks, and how many rows in all. */
    record Shards(JavaRDD<Shard> rdd, int rows, List<Broadcast<Shard>> blocks) {
        void release() {
            rdd.unpersist(false);
            for (Broadcast<Shard> b : blocks) {
                b.destroy();
            }
        }
    }

    /**
     * Lays the data out in {@code partitions} shards of samples of {@code sampleShape} with labels below
     * {@code numClasses}, checking every row; kept at {@code level} (none: recomputed for every job).
     *
     * @param what "training" or "validation", for the errors that name a row
     */
    Shards shards(JavaSparkContext jsc, String what, int partitions, int[] sampleShape, int numClasses,
                  StorageLevel level) {
        Shards s = local != null ? localShards(jsc, what, partitions, sampleShape, numClasses)
                : rowShards(what, partitions, sampleShape, numClasses);
        if (!level.equals(StorageLevel.NONE())) {
            s.rdd.persist(level);
        }
        try {
            s.rdd.count();   // every row checked now, before training starts
        } catch (Exception e) {   // Spark's job failure is a checked SparkException, thrown undeclared
            s.release();
            String bad = RowException.find(e);
            if (bad != null) {
                throw new IllegalArgumentException(bad, e);
            }
            throw e;
        }
        return s;
    }

    /** Block p of n rows in {@code partitions} blocks starts at ⌊p·n / partitions⌋. */
    static int blockStart(int p, int n, int partitions) {
        return (int) ((long) p * n / partitions);
    }

    private Shards localShards(JavaSparkContext jsc, String what, int partitions, int[] sampleShape, int numClasses) {
        if (!Arrays.equals(local.sampleShape(), sampleShape)) {
            throw new IllegalArgumentException("SparkData: the " + what + " samples have shape "
                    + Shapes.format(local.sampleShape()) + ", expected " + Shapes.format(sampleShape));
        }
        int n = local.size(), d = local.sampleSize();
        for (int i = 0; i < n; i++) {
            checkLabel(what, i, local.label(i), numClasses);
        }
        // One broadcast per block: a task carries only the block's handle, an executor fetches only its blocks, and a
        // lost cached shard is made again from the broadcast.
        List<Broadcast<Shard>> blocks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = blockStart(p, n, partitions), to = blockStart(p + 1, n, partitions);
            float[] x = Arrays.copyOfRange(local.data(), from * d, to * d);
            blocks.add(jsc.broadcast(new Shard(from, sampleShape, x, Arrays.copyOfRange(local.labels(), from, to))));
        }
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        List<Broadcast<Shard>> handles = List.copyOf(blocks);
        JavaRDD<Shard> rdd = jsc.parallelize(ids, partitions)
                .mapPartitionsWithIndex((p, it) -> Collections.singletonList(handles.get(p).value()).iterator(), true);
        return new Shards(rdd, n, handles);
    }

    /** One row as an example. */
    record Example(float[] features, int label) implements Serializable {
    }

    private Shards rowShards(String what, int partitions, int[] sampleShape, int numClasses) {
        JavaRDD<Row> input = rows.select(featuresColumn, labelColumn).javaRDD();
        List<Integer> counts = input.mapPartitions(it -> {
            int c = 0;
            for (; it.hasNext(); it.next()) {
                c++;
            }
            return Collections.singletonList(c).iterator();
        }).collect();
        long total = 0;
        int[] offsets = new int[counts.size()];
        for (int p = 0; p < counts.size(); p++) {
            offsets[p] = (int) total;
            total += counts.get(p);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SparkData: the " + what + " data has " + total + " rows; the Solver"
                    + " names rows by int, at most " + Integer.MAX_VALUE);
        }
        int n = (int) total, d = Shapes.size(sampleShape);
        String features = featuresColumn, label = labelColumn;
        JavaPairRDD<Integer, Example> examples = input.mapPartitionsWithIndex((p, it) -> {
            List<Tuple2<Integer, Example>> out = new ArrayList<>();
            int i = offsets[p];
            while (it.hasNext()) {
                out.add(new Tuple2<>(i, example(it.next(), i, what, features, label, d, numClasses)));
                i++;
            }
            return out.iterator();
        }, true).mapToPair(t -> t);
        if (counts.size() != partitions) {
            examples = examples.partitionBy(new BlockPartitioner(n, partitions));
        }
        JavaRDD<Shard> rdd = examples.mapPartitionsWithIndex((p, it) -> {
            List<Tuple2<Integer, Example>> block = new ArrayList<>();
            it.forEachRemaining(block::add);
            block.sort(Comparator.comparing(Tuple2::_1));   // a shuffle does not keep the order
            int first = block.isEmpty() ? 0 : block.get(0)._1();
            float[] x = new float[block.size() * d];
            int[] y = new int[block.size()];
            for (int k = 0; k < block.size(); k++) {
                System.arraycopy(block.get(k)._2().features(), 0, x, k * d, d);
                y[k] = block.get(k)._2().label();
            }
            return Collections.singletonList(new Shard(first, sampleShape, x, y)).iterator();
        }, true);
        return new Shards(rdd, n, List.of());
    }

    /** Row {@code index} as an example: exactly {@code d} numbers, a whole label in 0 … numClasses − 1. */
    static Example example(Row row, int index, String what, String featuresColumn, String labelColumn, int d,
                                   int numClasses) {
        if (row.isNullAt(0)) {
            throw new RowException(what + " row " + index + ": its features ('" + featuresColumn + "') are null");
        }
        List<Object> values = row.getList(0);
        if (values.size() != d) {
            throw new RowException(what + " row " + index + ": its features ('" + featuresColumn + "') have "
                    + values.size() + " values, expected " + d + " (one sample of the network's input)");
        }
        float[] x = new float[d];
        for (int j = 0; j < d; j++) {
            Object v = values.get(j);
            if (v == null) {
                throw new RowException(what + " row " + index + ": feature " + j + " is null");
            }
            x[j] = ((Number) v).floatValue();
        }
        if (row.isNullAt(1)) {
            throw new RowException(what + " row " + index + ": its label ('" + labelColumn + "') is null");
        }
        double label = ((Number) row.get(1)).doubleValue();
        if (label != Math.rint(label)) {
            throw new RowException(what + " row " + index + ": its label ('" + labelColumn + "') " + label
                    + " is not a whole number; labels are classes 0 … " + (numClasses - 1));
        }
        checkLabel(what, index, label, numClasses);
        return new Example(x, (int) label);
    }

    private static void checkLabel(String what, int index, double label, int numClasses) {
        if (label < 0 || label >= numClasses) {
            throw new RowException(what + " row " + index + ": label " + (long) label + " is out of range: the"
                    + " network has " + numClasses + " classes, 0 … " + (numClasses - 1));
        }
    }

    /** Sends row i to the partition of its block: partition p holds rows ⌊p·n/P⌋ … ⌊(p+1)·n/P⌋ − 1. */
    static final class BlockPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int n, partitions;

        BlockPartitioner(int n, int partitions) {
            this.n = n;
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            int i = (Integer) key;
            int p = (int) ((long) i * partitions / Math.max(n, 1));
            while (p + 1 < partitions && blockStart(p + 1, n, partitions) <= i) {
                p++;
            }
            while (p > 0 && blockStart(p, n, partitions) > i) {
                p--;
            }
            return p;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockPartitioner b && b.n == n && b.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return 31 * n + partitions;
        }
    }
}
