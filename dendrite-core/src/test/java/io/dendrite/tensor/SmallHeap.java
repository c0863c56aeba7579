package io.dendrite.tensor;

/**
 * Runs code as if the JVM had only a little heap left: {@link MemoryBudget#LIMIT_PROPERTY} is set, for the
 * duration, to what the heap holds now (after a collection) plus {@code room} bytes. Refusals of the memory budget
 * are tested this way without a small JVM and without allocating anything large.
 */
public final class SmallHeap {
    /** Code that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private SmallHeap() {
    }

    /** Runs {@code body} with {@code room} bytes of budget left, restoring the property afterwards. */
    public static void run(long room, Body body) throws Exception {
        String before = System.getProperty(MemoryBudget.LIMIT_PROPERTY);
        System.gc();
        Runtime r = Runtime.getRuntime();
        System.setProperty(MemoryBudget.LIMIT_PROPERTY, Long.toString(r.totalMemory() - r.freeMemory() + room));
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(MemoryBudget.LIMIT_PROPERTY);
            } else {
                System.setProperty(MemoryBudget.LIMIT_PROPERTY, before);
            }
        }
    }
}
