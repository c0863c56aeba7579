package io.dendrite.spark;

import io.dendrite.data.Dataset;
import io.dendrite.model.Network;
import io.dendrite.model.SimpleConvNet;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The tests' one SparkSession — local[2,4]: two worker threads, as local[2], and up to 4 attempts per task, so that a
 * failed task is retried as on a cluster (plain local[N] gives up after the first failure) — and their data.
 */
final class TestSpark {
    /** Two threads; a failed task is tried again, up to 4 attempts. */
    static final String MASTER = "local[2,4]";
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master(MASTER).appName("dendrite-spark tests")
                    .config("spark.ui.enabled", "false").getOrCreate();
        }
        return session;
    }

    static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    /** Samples (1, 6, 6), 3 classes: the class is which third of the image is brightest, plus noise to learn through. */
    static Dataset images(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 36];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int j = 0; j < 36; j++) {
                int third = (j % 6) / 2;
                x[i * 36 + j] = (float) (rng.nextGaussian() * 0.8 + (third == y[i] ? 1.0 : 0.0));
            }
        }
        return new Dataset(x, new int[]{1, 6, 6}, y, 3);
    }

    /** A small SimpleConvNet (conv 4×3×3 – ReLU – pool – affine 12 – ReLU – affine 3) for {@link #images}. */
    static Network net(DType dtype) {
        return SimpleConvNet.builder().inputDim(1, 6, 6).filterNum(4).filterSize(3).pad(1).hiddenSize(12).numClasses(3)
                .weightScale(0.1).reg(1e-3).dtype(dtype).seed(1).build();
    }

    static final StructType SCHEMA = new StructType()
            .add("features", DataTypes.createArrayType(DataTypes.FloatType))
            .add("label", DataTypes.IntegerType);

    /** The examples of {@code data} as rows (features as an array of floats, label as an int), in order. */
    static List<Row> rows(Dataset data) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            rows.add(RowFactory.create(data.sample(i), data.label(i)));   // float[]: Spark's encoder takes it as is
        }
        return rows;
    }

    /** {@code data} as a Spark Dataset of {@code partitions} partitions, rows in order. */
    static org.apache.spark.sql.Dataset<Row> frame(Dataset data, int partitions) {
        return session().createDataFrame(jsc().parallelize(rows(data), partitions), SCHEMA);
    }
}
