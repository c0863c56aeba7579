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

    /**
     * The message of the RowException behind {@code e}, if any: among its causes, or — since Spark's job failure
     * carries the executor's exception as text, not always as a cause — in its message, up to the end of that line.
     */
    static String find(Throwable e) {
        String marker = RowException.class.getName() + ": ";
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RowException r) {
                return r.getMessage();
            }
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(marker);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                return m.substring(at + marker.length(), end < 0 ? m.length() : end).strip();
            }
        }
        return null;
    }
}
