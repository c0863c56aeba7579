package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainValTest;
import io.dendrite.model.KNearestNeighbor;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.kernel.Threads;
import io.dendrite.train.ConfusionMatrix;
import io.dendrite.viz.Plots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dendrite train --model knn}: memorizes the training split, predicts the validation and test splits, prints
 * their accuracy and timings, and writes a small run folder ({@code run.properties}, the test confusion matrix as
 * PNG and SVG, {@code report.html}). There is no model file: a k-NN model is its training data.
 */
final class KnnRun {
    private KnnRun() {
    }

    static int train(DataOptions data, long seed, DType dtype, int k, KNearestNeighbor.Metric metric, Path runDir)
            throws IOException {
        TrainValTest split = data.load(seed);
        String spec = String.format(Locale.ROOT, "knn (k=%d, %s, %s)", k, metric, dtype);
        System.out.println("model    " + spec);
        System.out.println("data     " + data.describe(split));
        System.out.println("threads  " + Threads.count());
        KNearestNeighbor knn = new KNearestNeighbor(metric);
        long t0 = System.nanoTime();
        knn.train(split.train().x(dtype), split.train().labels());
        double trainSeconds = seconds(t0);
        Map<String, String> results = new LinkedHashMap<>();
        if (split.val().size() > 0) {
            long t1 = System.nanoTime();
            double valAcc = ConfusionMatrix.of(knn.predict(split.val().x(dtype), k), split.val().labels(),
                    split.val().numClasses()).accuracy();
            double s = seconds(t1);
            System.out.printf(Locale.ROOT, "validation accuracy %.4f (%d examples, %.1f s)%n", valAcc, split.val().size(), s);
            results.put("validation accuracy", TrainCommand.fmt(valAcc));
            results.put("validation time", String.format(Locale.ROOT, "%.1f s", s));
        }
        Dataset test = split.test();
        long t2 = System.nanoTime();
        int[] predicted = knn.predict(test.x(dtype), k);
        double testSeconds = seconds(t2);
        ConfusionMatrix confusion = ConfusionMatrix.of(predicted, test.labels(), test.numClasses());
        System.out.printf(Locale.ROOT, "test accuracy %.4f (%d examples)%n", confusion.accuracy(), predicted.length);
        System.out.printf(Locale.ROOT, "test time %.1f s for %d × %d distances and votes (%.0f test examples/s)%n",
                testSeconds, test.size(), split.train().size(), test.size() / Math.max(testSeconds, 1e-9));
        results.put("test accuracy", TrainCommand.fmt(confusion.accuracy()));
        results.put("test time", String.format(Locale.ROOT, "%.1f s (%d × %d distances)", testSeconds, test.size(),
                split.train().size()));
        results.put("training time", String.format(Locale.ROOT, "%.3f s (memorizing)", trainSeconds));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", spec);
        settings.put("data", data.describe(split));
        settings.put("threads", "" + Threads.count());
        settings.put("java", System.getProperty("java.version"));
        RunFolder.writeProperties(runDir, settings, results);
        Plots plots = Plots.defaults();
        plots.confusionMatrix(confusion, runDir.resolve("confusion.png"));
        plots.confusionMatrix(confusion, runDir.resolve("confusion.svg"));
        Path report = RunFolder.rebuildReport(runDir);
        System.out.println("report   " + report);
        return 0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
