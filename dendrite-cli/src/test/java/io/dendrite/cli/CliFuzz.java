package io.dendrite.cli;

import io.dendrite.io.ModelFile;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Seeded mutations of every file format the CLI reads, each run through the CLI in-process ({@link Main#commandLine()},
 * as a user's {@code ./dendrite} runs it) and checked: no stack trace or leaked internal exception in the output, a
 * result within {@link #TIMEOUT_S} seconds, and every non-zero exit exactly one line that names the file (or the data
 * folder holding it).
 *
 * <p>Formats and the command that reads each:
 * <ul>
 *   <li>{@code idx}: one of the four files of an MNIST folder (training files raw, test files gzipped — half the gzip
 *       cases mutate the uncompressed bytes and re-gzip them, to reach the idx parser) — {@code eval --data DIR};
 *   <li>{@code dnd}, {@code checkpoint}: a model file and a run's checkpoint (half the cases re-sealed with a valid
 *       length and CRC, to reach what lies behind the checksum) — {@code eval --model-file}, {@code train --resume};
 *   <li>{@code architecture}: the architecture text of a model file, mutated as text and sealed validly — {@code eval};
 *   <li>{@code csv} — {@code eval --data FILE.csv}; {@code png} — {@code predict};
 *   <li>{@code npz} (half the cases mutate an inner {@code .npy} and re-zip), {@code safetensors}, {@code onnx} —
 *       {@code import}; {@code npy} — {@code inspect}.
 * </ul>
 * Mutations: bit flips, truncation, inserted and deleted bytes, a duplicated chunk, a filled range, and huge or
 * negative 32/64-bit values (declared sizes) written often into the header region; text formats also get huge
 * numbers, NaN, extra columns, deep nesting.
 *
 * <p>{@link #main} runs the same in a JVM of its own (the test starts one with a small heap).
 */
final class CliFuzz {
    /** Seconds a case may run before it counts as a hang. */
    static final int TIMEOUT_S = 20;
    static final List<String> FORMATS = List.of("idx", "dnd", "checkpoint", "architecture", "csv", "png", "npz", "npy",
            "safetensors", "onnx");

    /** A case that broke a rule: format, index, the mutation, the rule, and the output. */
    record Problem(String format, int index, String mutation, String rule, String output) {
        @Override
        public String toString() {
            return format + " #" + index + " (" + mutation + "): " + rule + "\n" + output.indent(4);
        }
    }

    /** What a run of the CLI gave back. */
    record Outcome(int code, String out, String err, Throwable escaped, boolean hung) {
    }

    /**
     * Per format: cases run, non-zero exits that were clean one-line refusals, refusals of the memory budget among
     * them, and broken rules.
     */
    record Tally(String format, int cases, int refusals, int memoryRefusals, int problems) {
    }

    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w.$/<>]+\\(.*\\)\\s*$|Exception in thread|^Caused by:");
    private static final Pattern INTERNAL = Pattern.compile("\\b(java|javax|sun|jdk)\\.[\\w.]+(Exception|Error)\\b"
            + "|Cannot invoke \"|because \"|Index -?\\d+ out of bounds|For input string: |NullPointerException"
            + "|ClassCastException|ArrayIndexOutOfBounds|NegativeArraySize|ArithmeticException|class [\\w.]+ cannot be cast");

    private final Path dir;
    private final Path work;
    private final Fixtures fx;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cli-fuzz");
        t.setDaemon(true);
        return t;
    });

    /** The originals every mutation starts from, written by the CLI itself into {@code dir}. */
    private record Fixtures(Path spiralModel, Path spiralRun, Path imageModel, Path mnist, Path csvModel, Path csv,
                            Path png, Path npz, Path npy, Path safetensors, Path onnx) {
    }

    CliFuzz(Path dir) throws IOException {
        this.dir = dir;
        this.work = Files.createDirectories(dir.resolve("work"));
        this.fx = fixtures(dir);
    }

    // ---- running the CLI

    /** Runs the CLI in-process with {@code args}; stdout and stderr captured, a hang cut off after the timeout. */
    Outcome cli(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Future<Integer> f = runner.submit(() -> {
                CommandLine cl = Main.commandLine();
                cl.setErr(new PrintWriter(err, true));
                return cl.execute(args);
            });
            try {
                int code = f.get(TIMEOUT_S, TimeUnit.SECONDS);
                return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(), null, false);
            } catch (TimeoutException e) {
                f.cancel(true);
                return new Outcome(-1, out.toString(StandardCharsets.UTF_8), err.toString(), null, true);
            } catch (java.util.concurrent.ExecutionException e) {
                return new Outcome(-1, out.toString(StandardCharsets.UTF_8), err.toString(), e.getCause(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(-1, "", "", e, false);
            }
        } finally {
            System.setOut(oldOut);
        }
    }

    private Outcome ok(String... args) {
        Outcome o = cli(args);
        if (o.code() != 0) {
            throw new IllegalStateException("fixture: dendrite " + String.join(" ", args) + " failed: " + o.err() + o.out()
                    + (o.escaped() != null ? o.escaped() : ""));
        }
        return o;
    }

    // ---- fixtures

    private Fixtures fixtures(Path dir) throws IOException {
        Path spiralRun = dir.resolve("spiral-run");
        ok("train", "--dataset", "spiral", "--model", "two-layer", "--hidden", "8", "--optimizer", "sgd", "--lr", "1",
                "--epochs", "1", "--batch-size", "300", "--threads", "1", "--out", spiralRun.toString());
        Path spiralModel = spiralRun.resolve("model.dnd");

        Path mnist = Files.createDirectories(dir.resolve("mnist"));
        Random r = new Random(1);
        writeIdx(mnist.resolve("train-images-idx3-ubyte"), r, false, 40, 12, 12);
        writeIdx(mnist.resolve("train-labels-idx1-ubyte"), r, false, 40);
        writeIdx(mnist.resolve("t10k-images-idx3-ubyte.gz"), r, true, 10, 12, 12);
        writeIdx(mnist.resolve("t10k-labels-idx1-ubyte.gz"), r, true, 10);
        Path imageRun = dir.resolve("image-run");
        ok("train", "--dataset", "mnist", "--data", mnist.toString(), "--model", "linear", "--epochs", "1", "--val-size", "5",
                "--batch-size", "35", "--threads", "1", "--out", imageRun.toString());

        Path csv = dir.resolve("table.csv");
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 40; i++) {
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%d%n", r.nextGaussian(), r.nextGaussian(),
                    r.nextGaussian(), r.nextGaussian(), i % 3));
        }
        Files.writeString(csv, sb.toString());
        Path csvRun = dir.resolve("csv-run");
        ok("train", "--dataset", "csv", "--data", csv.toString(), "--header", "--model", "linear", "--epochs", "1",
                "--val-size", "4", "--threads", "1", "--out", csvRun.toString());

        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int v = (x * 16 + y * 7) & 0xFF;
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        Path png = dir.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());

        Path npz = dir.resolve("weights.npz");
        ok("export", spiralModel.toString(), npz.toString());
        Path safetensors = dir.resolve("weights.safetensors");
        ok("export", spiralModel.toString(), safetensors.toString());
        Path onnx = dir.resolve("model.onnx");
        ok("export", spiralModel.toString(), onnx.toString());
        Path npy = dir.resolve("W1.npy");
        Files.write(npy, entries(Files.readAllBytes(npz)).values().iterator().next());
        return new Fixtures(spiralModel, spiralRun, imageRun.resolve("model.dnd"), mnist, csvRun.resolve("model.dnd"), csv,
                png, npz, npy, safetensors, onnx);
    }

    /** An idx file of random unsigned bytes (labels 0..9); gzipped when asked. */
    private static void writeIdx(Path file, Random r, boolean gzip, int... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + Arrays.stream(dims).reduce(1, (a, c) -> a * c));
        b.putInt(0x800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        while (b.hasRemaining()) {
            b.put((byte) (dims.length == 1 ? r.nextInt(10) : r.nextInt(256)));
        }
        Files.write(file, gzip ? gzip(b.array()) : b.array());
    }

    // ---- the cases

    /** Runs {@code perFormat} mutations of each of {@code formats}; every rule broken is returned, tallies go to {@code tally}. */
    List<Problem> run(List<String> formats, int perFormat, long seed, Consumer<Tally> tally) throws IOException {
        List<Problem> problems = new ArrayList<>();
        for (String format : formats) {
            Random r = new Random(seed * 31 + format.hashCode());
            int refusals = 0, memory = 0, before = problems.size();
            for (int i = 0; i < perFormat; i++) {
                StringBuilder what = new StringBuilder();
                Path input = work.resolve(format + "-" + i);
                String[] args = prepare(format, input, r, what);
                Outcome o = cli(args);
                Problem p = check(format, i, what.toString(), o, input);
                if (Boolean.getBoolean("dendrite.fuzz.verbose")) {
                    System.err.println("CASE " + format + " #" + i + " exit " + o.code() + " (" + what + "): "
                            + o.err().strip());
                }
                if (p != null) {
                    problems.add(p);
                } else if (o.code() != 0) {
                    refusals++;
                    memory += o.err().contains("but the JVM may use") || o.err().contains("more than any heap holds") ? 1 : 0;
                }
                clean(input);
            }
            tally.accept(new Tally(format, perFormat, refusals, memory, problems.size() - before));
        }
        return problems;
    }

    /** The rule {@code o} breaks, or null. */
    static Problem check(String format, int i, String mutation, Outcome o, Path input) {
        String all = o.out() + o.err();
        if (o.hung()) {
            return new Problem(format, i, mutation, "no result within " + TIMEOUT_S + " s (a hang)", all);
        }
        if (o.escaped() != null) {
            StringWriter sw = new StringWriter();
            o.escaped().printStackTrace(new PrintWriter(sw));
            return new Problem(format, i, mutation, "an exception escaped the command line", sw.toString());
        }
        if (STACK.matcher(all).find()) {
            return new Problem(format, i, mutation, "a stack trace in the output", all);
        }
        if (INTERNAL.matcher(o.err()).find()) {
            return new Problem(format, i, mutation, "an internal exception's message instead of an explanation", all);
        }
        if (o.code() == 0) {
            return null;
        }
        if (o.code() != 1) {
            return new Problem(format, i, mutation, "exit status " + o.code() + ", expected 0 or 1", all);
        }
        List<String> lines = o.err().lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 1) {
            return new Problem(format, i, mutation, lines.size() + " lines on stderr, expected exactly one", all);
        }
        String line = lines.get(0);
        Path named = Files.isDirectory(input) ? input : input.getParent();
        if (!line.contains(input.getFileName().toString()) && !line.contains(named.toString())) {
            return new Problem(format, i, mutation, "the error does not name the file", all);
        }
        return null;
    }

    /** Writes the mutated input of case {@code format} at {@code input} and returns the command that reads it. */
    private String[] prepare(String format, Path input, Random r, StringBuilder what) throws IOException {
        Path out = work.resolve("out.dnd");
        switch (format) {
            case "idx": {
                Files.createDirectories(input);
                String[] names = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz"};
                int k = r.nextInt(names.length);
                for (int j = 0; j < names.length; j++) {
                    byte[] b = Files.readAllBytes(fx.mnist().resolve(names[j]));
                    if (j == k) {
                        what.append(names[j]).append(": ");
                        if (names[j].endsWith(".gz") && r.nextBoolean()) {
                            what.append("inside the gzip stream, ");
                            b = gzip(mutate(gunzip(b), r, what));
                        } else {
                            b = mutate(b, r, what);
                        }
                    }
                    Files.write(input.resolve(names[j]), b);
                }
                return new String[]{"eval", "--model-file", fx.imageModel().toString(), "--data", input.toString(),
                        "--threads", "1"};
            }
            case "dnd": {
                Files.write(input, sealedMaybe(mutate(Files.readAllBytes(fx.spiralModel()), r, what), r, what));
                return new String[]{"eval", "--model-file", input.toString(), "--threads", "1"};
            }
            case "checkpoint": {
                Files.createDirectories(input);
                for (String f : List.of("run.properties", "history.csv", "loss.csv")) {
                    Path src = fx.spiralRun().resolve(f);
                    if (Files.exists(src)) {
                        Files.copy(src, input.resolve(f));
                    }
                }
                byte[] b = Files.readAllBytes(fx.spiralRun().resolve("checkpoint.dnd"));
                Files.write(input.resolve("checkpoint.dnd"), sealedMaybe(mutate(b, r, what), r, what));
                return new String[]{"train", "--resume", input.toString(), "--epochs", "1", "--threads", "1"};
            }
            case "architecture": {
                ModelFile.Contents c = ModelFile.read(fx.spiralModel());
                String text = mutateText(c.architecture(), r, what, true);
                ModelFile.write(input, new ModelFile.Contents(text, c.metadata(), c.parameters(), c.buffers()));
                return new String[]{"eval", "--model-file", input.toString(), "--threads", "1"};
            }
            case "csv": {
                String text = Files.readString(fx.csv());
                byte[] b = r.nextBoolean() ? mutateText(text, r, what, false).getBytes(StandardCharsets.UTF_8)
                        : mutate(text.getBytes(StandardCharsets.UTF_8), r, what);
                Files.write(input, b);
                return new String[]{"eval", "--model-file", fx.csvModel().toString(), "--data", input.toString(), "--header",
                        "--threads", "1"};
            }
            case "png": {
                byte[] b = Files.readAllBytes(fx.png());
                if (r.nextInt(4) == 0) {
                    int w = HUGE_INTS[r.nextInt(HUGE_INTS.length)], h = r.nextBoolean() ? w : 16;
                    what.append("IHDR declares ").append(w).append('x').append(h).append(" (CRC fixed)");
                    b = pngWithSize(b, w, h);
                } else {
                    b = mutate(b, r, what);
                }
                Files.write(input, b);
                return new String[]{"predict", "--model-file", fx.imageModel().toString(), input.toString()};
            }
            case "npz": {
                byte[] b = Files.readAllBytes(fx.npz());
                if (r.nextBoolean()) {
                    Map<String, byte[]> entries = entries(b);
                    List<String> names = new ArrayList<>(entries.keySet());
                    String name = names.get(r.nextInt(names.size()));
                    what.append("entry ").append(name).append(": ");
                    entries.put(name, mutate(entries.get(name), r, what));
                    b = zip(entries, r.nextBoolean());
                } else {
                    b = mutate(b, r, what);
                }
                Files.write(input, b);
                return new String[]{"import", input.toString(), "--like", fx.spiralModel().toString(), "--out", out.toString()};
            }
            case "bomb": {
                return bomb(input, r, what);
            }
            case "npy": {
                Files.write(input, mutate(Files.readAllBytes(fx.npy()), r, what));
                return new String[]{"inspect", input.toString()};
            }
            case "safetensors": {
                Files.write(input, mutate(Files.readAllBytes(fx.safetensors()), r, what));
                return new String[]{"import", input.toString(), "--like", fx.spiralModel().toString(), "--out", out.toString()};
            }
            case "onnx": {
                Files.write(input, mutate(Files.readAllBytes(fx.onnx()), r, what));
                return new String[]{"import", input.toString(), "--out", out.toString()};
            }
            default:
                throw new IllegalArgumentException("unknown format " + format);
        }
    }

    /**
     * Honest files far larger inside than outside: an idx folder whose gzipped training images really hold 60 000 or
     * 120 000 images of 28 × 28 zeros (47 or 94 MB in about 50 or 100 KB), or a PNG of 4000 × 4000 or 6000 × 6000
     * black pixels (a few KB). Enough for a small heap's budget to refuse; a large heap loads them.
     */
    private String[] bomb(Path input, Random r, StringBuilder what) throws IOException {
        if (r.nextBoolean()) {
            int n = r.nextBoolean() ? 60_000 : 120_000;
            what.append("an MNIST folder whose gzipped training images hold ").append(n).append(" images of 28x28");
            Files.createDirectories(input);
            writeZerosIdx(input.resolve("train-images-idx3-ubyte.gz"), n, 28, 28);
            writeZerosIdx(input.resolve("train-labels-idx1-ubyte.gz"), n);
            for (String f : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
                Files.copy(fx.mnist().resolve(f), input.resolve(f));
            }
            return new String[]{"eval", "--model-file", fx.imageModel().toString(), "--data", input.toString(),
                    "--threads", "1"};
        }
        int side = r.nextBoolean() ? 4000 : 6000;
        what.append("a PNG of ").append(side).append('x').append(side).append(" black pixels");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        pngChunk(png, "IHDR", ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put(new byte[4]).array());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(idat, new java.util.zip.Deflater(9))) {
            byte[] row = new byte[side + 1];   // filter byte 0, then the row's grey values
            for (int y = 0; y < side; y++) {
                z.write(row);
            }
        }
        pngChunk(png, "IDAT", idat.toByteArray());
        pngChunk(png, "IEND", new byte[0]);
        Files.write(input, png.toByteArray());
        return new String[]{"predict", "--model-file", fx.imageModel().toString(), input.toString()};
    }

    /** An idx file of zeros, gzipped, streamed: nothing of its uncompressed size is held in memory. */
    private static void writeZerosIdx(Path file, int... dims) throws IOException {
        try (var out = new java.io.DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(0x800 | dims.length);
            long n = 1;
            for (int d : dims) {
                out.writeInt(d);
                n *= d;
            }
            byte[] zeros = new byte[1 << 16];
            for (long left = n; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void clean(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    // ---- mutations

    /** Sizes a lying header might declare. */
    static final int[] HUGE_INTS = {0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0x40000000, 0x00FFFFFF, 1 << 20, 65_535, 20_000};

    /** One random mutation of {@code b}, described in {@code what}; often aimed at the first 64 bytes (the header). */
    static byte[] mutate(byte[] b, Random r, StringBuilder what) {
        int n = b.length;
        int pos = n == 0 ? 0 : r.nextBoolean() ? r.nextInt(Math.min(n, 64)) : r.nextInt(n);
        switch (r.nextInt(7)) {
            case 0: {
                byte[] c = b.clone();
                int flips = 1 + r.nextInt(8);
                for (int k = 0; k < flips && n > 0; k++) {
                    int at = k == 0 ? pos : r.nextInt(n);
                    c[at] ^= (byte) (1 << r.nextInt(8));
                }
                what.append(flips).append(" bit flip(s) from byte ").append(pos);
                return c;
            }
            case 1: {
                int at = n == 0 ? 0 : r.nextInt(n);
                what.append("truncated to ").append(at).append(" bytes");
                return Arrays.copyOf(b, at);
            }
            case 2: {
                byte[] ins = new byte[1 + r.nextInt(16)];
                r.nextBytes(ins);
                what.append(ins.length).append(" random bytes inserted at ").append(pos);
                return splice(b, pos, 0, ins);
            }
            case 3: {
                int len = Math.min(n - pos, 1 + r.nextInt(16));
                what.append(len).append(" bytes deleted at ").append(pos);
                return splice(b, pos, len, new byte[0]);
            }
            case 4: {
                boolean wide = r.nextInt(3) == 0;
                int at = Math.max(0, Math.min(pos & ~3, n - (wide ? 8 : 4)));
                ByteBuffer v = ByteBuffer.allocate(wide ? 8 : 4).order(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                if (wide) {
                    long[] huge = {Long.MAX_VALUE, -1L, 1L << 40, 0xFFFFFFFFL, 1L << 31};
                    v.putLong(huge[r.nextInt(huge.length)]);
                } else {
                    v.putInt(HUGE_INTS[r.nextInt(HUGE_INTS.length)]);
                }
                what.append("huge ").append(wide ? "64" : "32").append("-bit ").append(v.order()).append(" value at ").append(at);
                if (n < v.capacity()) {
                    return v.array();
                }
                byte[] c = b.clone();
                System.arraycopy(v.array(), 0, c, at, v.capacity());
                return c;
            }
            case 5: {
                int from = n == 0 ? 0 : r.nextInt(n), len = Math.min(n - from, 1 + r.nextInt(256));
                what.append(len).append(" bytes from ").append(from).append(" duplicated at ").append(pos);
                return splice(b, pos, 0, Arrays.copyOfRange(b, from, from + len));
            }
            default: {
                int len = Math.min(n - pos, 1 + r.nextInt(64));
                byte fill = r.nextBoolean() ? 0 : (byte) 0xFF;
                what.append(len).append(" bytes at ").append(pos).append(" set to ").append(fill & 0xFF);
                byte[] c = b.clone();
                Arrays.fill(c, pos, pos + len, fill);
                return c;
            }
        }
    }

    /** One text mutation: huge or odd numbers, a line removed or repeated, extra columns, deep nesting, or a byte mutation. */
    static String mutateText(String text, Random r, StringBuilder what, boolean architecture) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int line = r.nextInt(lines.size());
        switch (r.nextInt(7)) {
            case 0: {
                String[] odd = {"2000000000", "999999", "-1", "0", "NaN", "1e39", "Infinity", "99999999999999999999", "1.5", "-0"};
                String v = odd[r.nextInt(odd.length)];
                var m = Pattern.compile("-?\\d+(\\.\\d+)?").matcher(lines.get(line));
                List<int[]> spans = new ArrayList<>();
                while (m.find()) {
                    spans.add(new int[]{m.start(), m.end()});
                }
                if (spans.isEmpty()) {
                    lines.set(line, lines.get(line) + v);
                } else {
                    int[] s = spans.get(r.nextInt(spans.size()));
                    lines.set(line, lines.get(line).substring(0, s[0]) + v + lines.get(line).substring(s[1]));
                }
                what.append("a number on line ").append(line + 1).append(" replaced by ").append(v);
                break;
            }
            case 1:
                what.append("line ").append(line + 1).append(" removed");
                lines.remove(line);
                break;
            case 2:
                what.append("line ").append(line + 1).append(" repeated");
                lines.add(line, lines.get(line));
                break;
            case 3:
                if (architecture) {
                    what.append("10000 nested blocks at line ").append(line + 1);
                    lines.add(line, "layer Residual {\n".repeat(10_000) + "}\n".repeat(10_000));
                } else {
                    what.append("2000 extra columns on line ").append(line + 1);
                    lines.set(line, lines.get(line) + ",0".repeat(2000));
                }
                break;
            case 4:
                what.append("line ").append(line + 1).append(architecture ? " split at a space" : " lost a separator");
                lines.set(line, lines.get(line).replaceFirst(architecture ? " " : ",", architecture ? "\n" : ""));
                break;
            case 5: {
                String[] odd = architecture ? new String[]{"layer Nope", "layer Linear in=2", "}", "{", "spec two-layer",
                        "input 0,0", "dtype F16", "loss Nope", "layer Linear in=2 out=2000000000"}
                        : new String[]{"\"", "\"a,b", ",,,", "1,2", "x,y,z,w,v", "\u0000", "\uFEFF1,2,3,4,0"};
                String v = odd[r.nextInt(odd.length)];
                what.append("line '").append(v).append("' inserted at ").append(line + 1);
                lines.add(line, v);
                break;
            }
            default:
                return new String(mutate(text.getBytes(StandardCharsets.UTF_8), r, what), StandardCharsets.UTF_8);
        }
        return String.join("\n", lines) + "\n";
    }

    /** Half the time: the bytes of a Dendrite model file re-sealed with their real length and a valid CRC-32C. */
    private static byte[] sealedMaybe(byte[] b, Random r, StringBuilder what) {
        if (r.nextBoolean() || b.length < 20) {
            return b;
        }
        what.append(", re-sealed (length and CRC made valid)");
        byte[] c = b.clone();
        ByteBuffer.wrap(c, 8, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(c.length);
        CRC32C crc = new CRC32C();
        crc.update(c, 0, c.length - 4);
        ByteBuffer.wrap(c, c.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        return c;
    }

    /** The PNG with its IHDR width and height replaced (and the chunk's CRC fixed). */
    private static byte[] pngWithSize(byte[] png, int w, int h) {
        byte[] c = png.clone();
        ByteBuffer.wrap(c, 16, 8).putInt(w).putInt(h);   // signature 8, length 4, "IHDR" 4
        CRC32 crc = new CRC32();
        crc.update(c, 12, 17);
        ByteBuffer.wrap(c, 29, 4).putInt((int) crc.getValue());
        return c;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries, boolean deflate) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * The fuzz in a JVM of its own: {@code DIR PER_FORMAT SEED [FORMAT…]}. Prints one {@code TALLY} line per format and
     * one {@code PROBLEM} block per broken rule; exits 0 when it could run, whatever it found.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int perFormat = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        List<String> formats = args.length > 3 ? List.of(args).subList(3, args.length) : FORMATS;
        PrintStream report = System.out;
        CliFuzz fuzz = new CliFuzz(dir);
        List<Problem> problems = fuzz.run(formats, perFormat, seed,
                t -> report.println("TALLY " + t.format() + " " + t.cases() + " " + t.refusals() + " " + t.memoryRefusals()
                        + " " + t.problems()));
        for (Problem p : problems) {
            report.println("PROBLEM " + p);
        }
        report.flush();
        System.exit(0);
    }
}
