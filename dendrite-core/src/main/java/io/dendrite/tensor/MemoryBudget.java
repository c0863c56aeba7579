package io.dendrite.tensor;

import java.util.Locale;

/**
 * The one check that runs before anything large is allocated — a dataset, a network's weights, a batch's
 * convolution buffers, a decoded image, a decompressed stream: the caller estimates the bytes, and
 * {@link #require} refuses with one line (what, how much it needs, how much the JVM may use, how to give more)
 * instead of letting an {@link OutOfMemoryError} end the program somewhere deep inside.
 *
 * <pre>{@code
 * MemoryBudget.requireArray(count, Float.BYTES, file + ": " + count + " images", "load fewer with --limit");
 * float[] x = new float[(int) count];
 * }</pre>
 *
 * <p>The room is the JVM's maximum heap ({@link Runtime#maxMemory()}, set with {@code -Xmx}) less what is in use.
 * When the request does not fit, one garbage collection runs before refusing, so garbage never causes a refusal.
 * The estimate is an upper bound of what the caller allocates, not of what the JVM can place (a collector may
 * need more room for one huge array): an {@link OutOfMemoryError} can still happen and is the CLI's to report.
 *
 * <p>The system property {@value #LIMIT_PROPERTY} (bytes, or with a k/m/g suffix) lowers the maximum that is
 * assumed, for a JVM shared with other work — and for tests, which check refusals without a small heap.
 */
public final class MemoryBudget {
    /** System property: the heap size to assume when it is smaller than the JVM's maximum, e.g. {@code 512m}. */
    public static final String LIMIT_PROPERTY = "dendrite.memory.max";
    /** The largest Java array the JVMs in use allocate: a few elements under {@link Integer#MAX_VALUE}. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MemoryBudget() {
    }

    /** Bytes this JVM may hold at most: its maximum heap, or the lower {@value #LIMIT_PROPERTY}. */
    public static long maxBytes() {
        long max = Runtime.getRuntime().maxMemory();
        String limit = System.getProperty(LIMIT_PROPERTY);
        return limit == null || limit.isBlank() ? max : Math.min(max, parseBytes(limit));
    }

    /** Bytes that may still be allocated now: {@link #maxBytes()} less what the heap holds (garbage included). */
    public static long availableBytes() {
        Runtime r = Runtime.getRuntime();
        return maxBytes() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Refuses, with {@link Exceeded}, to go on when {@code bytes} do not fit in what the JVM may still allocate.
     *
     * @param what what needs the memory, naming the file, layer or option it comes from ("mnist/train-images: 60000
     *             images of 28x28")
     * @param hint the other way out besides a larger heap ("use a smaller --batch-size"); may be empty
     */
    public static void require(long bytes, String what, String hint) {
        if (bytes < 0) {   // an overflowing estimate is larger than any heap
            throw new Exceeded(what, Long.MAX_VALUE, maxBytes(), availableBytes(), hint);
        }
        if (bytes <= availableBytes()) {
            return;
        }
        System.gc();   // garbage may hold the room; one collection before refusing
        long available = availableBytes();
        if (bytes > available) {
            throw new Exceeded(what, bytes, maxBytes(), available, hint);
        }
    }

    /**
     * As {@link #require}, for one array of {@code elements} elements of {@code elementBytes} bytes each (plus
     * {@code extraBytes} allocated with it), refusing first an array longer than Java allows.
     */
    public static void requireArray(long elements, int elementBytes, long extraBytes, String what, String hint) {
        if (elements > MAX_ARRAY || elements < 0) {
            Exceeded e = new Exceeded(what, Long.MAX_VALUE, maxBytes(), availableBytes(), hint);
            e.arrayElements = elements;
            throw e;
        }
        long bytes = elementBytes <= 0 || elements <= (Long.MAX_VALUE - Math.max(0, extraBytes)) / elementBytes
                ? elements * elementBytes + extraBytes : -1;
        require(bytes, what, hint);
    }

    /** As {@link #requireArray(long, int, long, String, String)} with nothing allocated beside the array. */
    public static void requireArray(long elements, int elementBytes, String what, String hint) {
        requireArray(elements, elementBytes, 0, what, hint);
    }

    /** {@code 512m}, {@code 2g}, {@code 65536}: a byte count with an optional binary k/m/g/t suffix. */
    static long parseBytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if ("kmgt".indexOf(last) >= 0) {
            shift = 10 * ("kmgt".indexOf(last) + 1);
            s = s.substring(0, s.length() - 1);
        }
        try {
            long v = Long.parseLong(s);
            if (v <= 0 || v > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid -D" + LIMIT_PROPERTY + "=" + text
                    + " (expected a positive number of bytes, e.g. 512m or 2g)");
        }
    }

    /** Bytes for people: {@code 512 MiB}, {@code 7.5 GiB}, {@code 1.2 TiB}. */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EiB";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : (v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f %s", v, units[u])
                : String.format(Locale.ROOT, "%.1f %s", v, units[u]));
    }

    /**
     * Not enough memory for what was asked: says what needed how much, what the JVM may use, and how to give more.
     * {@link #getMessage()} suggests {@code -Xmx}; a launcher with its own way to pass JVM options words it with
     * {@link #message(String)}.
     */
    public static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String what;
        private final long needed;
        private final long max;
        private final long available;
        private final String hint;
        /** For an array longer than Java allows, its length; else -1. */
        private long arrayElements = -1;

        Exceeded(String what, long needed, long max, long available, String hint) {
            super((String) null);
            this.what = what;
            this.needed = needed;
            this.max = max;
            this.available = available;
            this.hint = hint == null ? "" : hint;
        }

        /** The same refusal, its "what" prefixed by {@code where} (the file a network was described in). */
        public Exceeded in(String where) {
            Exceeded e = new Exceeded(where + ": " + what, needed, max, available, hint);
            e.arrayElements = arrayElements;
            e.initCause(this);
            return e;
        }

        /** The bytes that were asked for ({@link Long#MAX_VALUE}: more than can be counted). */
        public long needed() {
            return needed;
        }

        /**
         * The heap size suggested: what is in use plus what is needed, and a quarter more for the collector to work,
         * in whole 256 MiB under 1 GiB ({@code 512m}) and in whole GiB above ({@code 10g}); null when no heap is that large.
         */
        public String suggestedHeap() {
            if (needed == Long.MAX_VALUE || needed > (1L << 50)) {
                return null;
            }
            long total = Math.max(0, max - available) + needed;
            long wanted = total + total / 4;
            if (wanted < (1L << 30)) {
                return (((wanted + (256L << 20) - 1) >> 28) << 8) + "m";
            }
            return ((wanted + (1L << 30) - 1) >> 30) + "g";
        }

        /**
         * One line; {@code raiseHeap} is how this program's user gives the JVM more heap, followed by the size
         * (e.g. {@code "java -Xmx"} or {@code "DENDRITE_JVM_OPTS=-Xmx"}).
         */
        public String message(String raiseHeap) {
            String or = hint.isEmpty() ? "" : " — " + hint;
            if (arrayElements >= 0) {
                return what + " would hold " + arrayElements + " elements, more than one Java array holds (" + MAX_ARRAY + ")" + or;
            }
            String heap = suggestedHeap();
            if (heap == null) {
                return what + " needs " + format(needed) + ", more than any heap holds" + or;
            }
            return what + " needs " + format(needed) + ", but the JVM may use " + format(max) + " (" + format(Math.max(0, available))
                    + " of it free) — give it more with " + raiseHeap + heap + (hint.isEmpty() ? "" : ", or " + hint);
        }

        @Override
        public String getMessage() {
            return message("java -Xmx");
        }
    }
}
