package io.dendrite.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dendrite.data.ExternalCommand.Result;

/**
 * Fetches data files out of Debian packages into a {@link DataCache}: {@code apt-get download PACKAGE…} in a
 * temporary folder, {@code dpkg -x} of every {@code .deb}, then the expected files are taken from one folder of
 * the unpacked packages and checked against their sizes and SHA-256 sums before the cache folder is renamed into
 * place (see {@link DataCache}).
 *
 * <p>When apt does not know a package (its lists were never downloaded, as on a fresh container),
 * {@code apt-get update} is needed; it is run only when allowed ({@link #allowAptUpdate}, or environment
 * {@value Fetcher#APT_UPDATE_ENV}{@code =1}) and running as root, and otherwise the error says so. Every failure
 * is a {@link FetchException} naming the command, what it printed, and how to supply the files by hand.
 */
public final class DebPackages {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /**
     * What to fetch.
     *
     * @param name     the cache folder's name, also the name of {@code dendrite fetch NAME}
     * @param label    the data's name in messages ("Debian's fortunes")
     * @param packages the Debian packages that hold the files
     * @param folder   where the files lie inside the unpacked packages, e.g. {@code usr/share/games/fortunes/}
     * @param files    the files to take, with their sizes and SHA-256 sums
     * @param manual   how to supply the files by hand, appended to every error
     */
    public record Source(String name, String label, List<String> packages, String folder, List<FileSpec> files,
            String manual) {
        public Source {
            packages = List.copyOf(packages);
            files = List.copyOf(files);
            if (!folder.isEmpty() && !folder.endsWith("/")) {
                folder = folder + "/";
            }
        }
    }

    private final DataCache cache;
    private String aptGet = "apt-get";
    private String dpkg = "dpkg";
    private boolean allowAptUpdate = "1".equals(System.getenv(Fetcher.APT_UPDATE_ENV));
    private Duration timeout = DEFAULT_TIMEOUT;

    /** Fetches into {@code cache}. */
    public DebPackages(DataCache cache) {
        this.cache = cache;
    }

    /** Allow running {@code apt-get update} (only ever as root) when apt does not know a package. */
    public DebPackages allowAptUpdate(boolean allow) {
        this.allowAptUpdate = allow;
        return this;
    }

    /** The commands to run (names on the PATH or full paths); for tests and unusual installs. */
    public DebPackages commands(String aptGet, String dpkg) {
        this.aptGet = aptGet;
        this.dpkg = dpkg;
        return this;
    }

    /** Longest time one external command may run. */
    public DebPackages timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The cache fetched into. */
    public DataCache cache() {
        return cache;
    }

    /** True when {@code source} is in the cache, complete and verified. */
    public boolean isCached(Source source) {
        return cache.isReady(source.name(), source.files());
    }

    /**
     * The cache folder of {@code source}, fetched and verified first when needed; with {@code replaceDamaged}, a
     * cached file damaged since it was verified makes the folder be fetched anew instead of refused.
     */
    public Path fetch(Source source, boolean replaceDamaged) throws IOException {
        return cache.ensure(source.name(), source.files(), dir -> fill(source, dir), replaceDamaged);
    }

    private void fill(Source s, Path dir) throws IOException {
        Path work = Files.createDirectory(dir.resolve("apt-work"));
        List<String> download = new ArrayList<>(List.of(aptGet, "download"));
        download.addAll(s.packages());
        Result r = run(s, work, download);
        if (r.exit() != 0 && r.output().contains("Unable to locate package")) {
            if (allowAptUpdate && isRoot()) {
                Result u = run(s, work, List.of(aptGet, "update"));
                if (u.exit() != 0) {
                    throw new FetchException(failed(s, u, ""));
                }
                r = run(s, work, download);
            } else {
                throw new FetchException(failed(s, r, "apt's package lists do not know " + String.join(", ",
                        s.packages()) + ": run `apt-get update` once as root (or set " + Fetcher.APT_UPDATE_ENV
                        + "=1 and run Dendrite as root to let it do so), then fetch again. "));
            }
        }
        if (r.exit() != 0) {
            throw new FetchException(failed(s, r, ""));
        }
        List<Path> debs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(work, "*.deb")) {
            ds.forEach(debs::add);
        }
        if (debs.size() < s.packages().size()) {
            throw new FetchException(failed(s, r, "it left " + debs.size() + " .deb file(s) in " + work
                    + ", expected one per package. "));
        }
        debs.sort(null);
        Path unpacked = work.resolve("x");
        for (Path deb : debs) {
            Result x = run(s, work, List.of(dpkg, "-x", deb.toString(), unpacked.toString()));
            if (x.exit() != 0) {
                throw new FetchException(failed(s, x, ""));
            }
        }
        for (FileSpec f : s.files()) {
            Path src = unpacked.resolve(s.folder() + f.name());
            if (!Files.isRegularFile(src)) {
                throw new FetchException(s.label() + ": the packages " + names(debs) + " have no " + s.folder()
                        + f.name() + " — a different package version? " + s.manual());
            }
            Files.move(src, dir.resolve(f.name()), StandardCopyOption.REPLACE_EXISTING);
        }
        DataCache.deleteRecursively(work);
    }

    private static String names(List<Path> files) {
        List<String> names = new ArrayList<>();
        files.forEach(p -> names.add(p.getFileName().toString()));
        return String.join(", ", names);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private Result run(Source s, Path dir, List<String> command) throws IOException {
        return ExternalCommand.run(dir, command, timeout, s.label(), s.manual());
    }

    private static String failed(Source s, Result r, String why) {
        return r.failure(s.label(), why, s.manual());
    }
}
