package io.dendrite.tensor.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Parallel loops for Dendrite's kernels: one small pool of daemon threads, sized by
 * {@link Threads#count()} (read again on every call, so {@link Threads#set(int)} takes effect at once).
 *
 * <p>{@link #forRange(int, int, RangeBody)} cuts {@code [0, n)} into at most {@code Threads.count()}
 * contiguous chunks of at least {@code grain} items; chunk {@code i} is
 * {@code [i·n/chunks, (i+1)·n/chunks)}. The calling thread runs chunk 0 and the pool the rest. Bodies must
 * produce the same result whatever the chunk boundaries are (each output written by exactly one chunk,
 * no order-dependent reductions across chunks); that is what makes every kernel bit-identical for any
 * thread count.
 *
 * <p>The loop runs inline, as a single chunk {@code [0, n)}, when one chunk is enough, when
 * {@code Threads.count()} is 1, when called from inside a pool thread (nested loops), or when another
 * thread is using the pool at that moment. A dispatch allocates nothing: the job is published through
 * fields and pool threads spin briefly before parking, so back-to-back loops (GEMM issues several per
 * call) cost about a microsecond each. An exception thrown by any chunk is rethrown to the caller
 * after every chunk has finished.
 */
public final class Parallel {
    /** A loop body over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle pool thread spins (in {@link Thread#onSpinWait()} calls) before parking. */
    private static final int SPIN = 1 << 13;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static volatile Worker[] workers = new Worker[0];
    private static volatile Thread caller;

    private Parallel() {
    }

    /** Number of chunks {@link #forRange} would use now for {@code n} items of at least {@code grain}. */
    public static int chunks(int n, int grain) {
        if (n <= 0) {
            return 0;
        }
        int threads = Threads.count();
        if (threads <= 1) {
            return 1;
        }
        long byGrain = (n + (long) Math.max(grain, 1) - 1) / Math.max(grain, 1);
        return (int) Math.max(1, Math.min(threads, byGrain));
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks of at least {@code grain} items
     * (see the class comment), and returns when every chunk has finished.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = chunks(n, grain);
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            dispatch(n, chunks, body);
        } finally {
            BUSY.set(false);
        }
    }

    private static void dispatch(int n, int chunks, RangeBody body) {
        Worker[] pool = ensureWorkers(chunks - 1);
        caller = Thread.currentThread();
        PENDING.set(chunks - 1);
        for (int w = 0; w < chunks - 1; w++) {
            pool[w].assign(body, chunkEnd(n, chunks, w), chunkEnd(n, chunks, w + 1));
        }
        Throwable own = null;
        try {
            body.run(0, chunkEnd(n, chunks, 0));
        } catch (Throwable t) {
            own = t;
        }
        awaitWorkers();
        Throwable failure = own;
        for (int w = 0; w < chunks - 1; w++) {
            Throwable t = pool[w].failure;
            if (t != null) {
                pool[w].failure = null;
                if (failure == null) {
                    failure = t;
                } else if (failure != t) {
                    failure.addSuppressed(t);
                }
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new RuntimeException("parallel loop body failed: " + failure, failure);
        }
    }

    private static void awaitWorkers() {
        int spins = 0;
        while (PENDING.get() != 0) {
            if (spins < SPIN) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(20_000L);
            }
        }
    }

    private static int chunkEnd(int n, int chunks, int chunk) {
        return (int) ((long) n * (chunk + 1) / chunks);
    }

    private static Worker[] ensureWorkers(int needed) {
        Worker[] pool = workers;
        if (pool.length >= needed) {
            return pool;
        }
        synchronized (Parallel.class) {
            pool = workers;
            if (pool.length < needed) {
                Worker[] grown = java.util.Arrays.copyOf(pool, needed);
                for (int w = pool.length; w < needed; w++) {
                    grown[w] = new Worker(w);
                    grown[w].start();
                }
                workers = grown;
                pool = grown;
            }
            return pool;
        }
    }

    /**
     * A pool thread. The caller hands it one chunk at a time through plain fields published by the
     * volatile write of {@code go}; it never gets a new chunk before it has reported the previous one
     * through {@code PENDING}, so the fields are never overwritten while in use.
     */
    private static final class Worker extends Thread {
        private RangeBody body;
        private int from;
        private int to;
        private volatile int go;
        private int seen;
        private volatile boolean parked;
        Throwable failure;

        Worker(int index) {
            super("dendrite-kernel-" + (index + 1));
            setDaemon(true);
        }

        void assign(RangeBody body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
            go = go + 1;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                awaitJob();
                RangeBody b = body;
                body = null;
                try {
                    b.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                if (PENDING.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        private void awaitJob() {
            int spins = 0;
            while (go == seen) {
                if (spins < SPIN) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (go == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
            seen = go;
        }
    }
}
