package io.dendrite.spark;

/**
 * A row of a Spark dataset that cannot be a training example, named by its index; thrown on an executor, and
 * brought back to the driver's caller as this one line rather than inside Spark's job-failure report.
 */
final class RowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    RowException(String message) {
        super(message);
    }

    /** The RowException among the causes of {@code e}, if any. */
    static RowException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RowException r) {
                return r;
            }
        }
        return null;
    }
}
