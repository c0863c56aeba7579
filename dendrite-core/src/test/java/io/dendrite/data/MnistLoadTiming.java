package io.dendrite.data;

import java.nio.file.Path;

/**
 * Measures the seconds to load and decode MNIST (60 000 training + 10 000 test images, idx to
 * float in [0, 1]) from the cache, first call in a fresh JVM and then warm. Not a test; run with
 * {@code mvn -q -o test-compile} and then
 * {@code java -cp target/classes:target/test-classes io.dendrite.data.MnistLoadTiming [DIR]}.
 */
public final class MnistLoadTiming {
    private MnistLoadTiming() {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Datasets.fetch("mnist");
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            TrainTest tt = Mnist.load(dir);
            long t1 = System.nanoTime();
            System.out.printf("%s Mnist.load: %d + %d images in %.3f s%n", rep == 0 ? "first" : "warm ",
                    tt.train().size(), tt.test().size(), (t1 - t0) / 1e9);
        }
    }
}
