package io.dendrite.tensor.kernel;

/**
 * The one place that decides how many threads Dendrite's kernels use.
 *
 * <p>Resolution order: {@link #set(int)} (the CLI's {@code --threads}), the system property
 * {@code dendrite.threads}, the environment variable {@code DENDRITE_THREADS}, and otherwise every
 * available core. Kernels partition work in a fixed way and reduce partial results in a fixed
 * order, so results are bit-identical whatever the count.
 */
public final class Threads {
    public static final String PROPERTY = "dendrite.threads";
    public static final String ENVIRONMENT = "DENDRITE_THREADS";

    private static volatile int count = resolveDefault();

    private Threads() {
    }

    /** Number of threads kernels may use, at least 1. */
    public static int count() {
        return count;
    }

    /** Sets the number of threads; {@code 0} means every available core. */
    public static void set(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("invalid thread count: " + threads + " (use 0 for all cores)");
        }
        count = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    private static int resolveDefault() {
        String configured = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (configured == null) {
            configured = System.getenv(ENVIRONMENT);
            source = "environment variable " + ENVIRONMENT;
        }
        if (configured == null || configured.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(configured.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a non-negative integer, got '" + configured + "'");
        }
    }
}
