package io.dendrite.tensor.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelTest {
    private int previous;

    @BeforeEach
    void save() {
        previous = Threads.count();
    }

    @AfterEach
    void restore() {
        Threads.set(previous);
    }

    @Test
    void coversEveryIndexExactlyOnceInContiguousChunks() {
        for (int threads : new int[]{1, 2, 3, 5}) {
            Threads.set(threads);
            for (int n : new int[]{1, 2, 3, 7, 100, 1001}) {
                for (int grain : new int[]{1, 4, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    AtomicInteger calls = new AtomicInteger();
                    Parallel.forRange(n, grain, (from, to) -> {
                        assertThat(from).isLessThan(to);
                        calls.incrementAndGet();
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertThat(hits.get(i)).as("index %d of %d, threads %d grain %d", i, n, threads, grain).isEqualTo(1);
                    }
                    assertThat(calls.get()).isEqualTo(Parallel.chunks(n, grain));
                }
            }
        }
    }

    @Test
    void chunkCountFollowsThreadsAndGrain() {
        Threads.set(1);
        assertThat(Parallel.chunks(1000, 1)).isEqualTo(1);
        Threads.set(3);
        assertThat(Parallel.chunks(1000, 1)).isEqualTo(3);
        assertThat(Parallel.chunks(1000, 600)).isEqualTo(2);
        assertThat(Parallel.chunks(10, 100)).isEqualTo(1);
        assertThat(Parallel.chunks(0, 1)).isEqualTo(0);
    }

    @Test
    void usesPoolThreadsWhenAllowed() {
        Threads.set(2);
        Set<Thread> seen = Collections.synchronizedSet(new HashSet<>());
        Parallel.forRange(2, 1, (from, to) -> seen.add(Thread.currentThread()));
        assertThat(seen).hasSize(2).contains(Thread.currentThread());
    }

    @Test
    void workerExceptionReachesTheCallerAndThePoolStillWorks() {
        Threads.set(3);
        assertThatThrownBy(() -> Parallel.forRange(3, 1, (from, to) -> {
            if (from == 2) {
                throw new IllegalStateException("boom in chunk " + from);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom in chunk 2");
        assertThatThrownBy(() -> Parallel.forRange(3, 1, (from, to) -> {
            throw new AssertionError("everywhere");
        })).isInstanceOf(AssertionError.class);
        AtomicInteger sum = new AtomicInteger();
        Parallel.forRange(3, 1, (from, to) -> sum.addAndGet(to - from));
        assertThat(sum.get()).isEqualTo(3);
    }

    @Test
    void nestedLoopsRunInline() {
        Threads.set(2);
        AtomicInteger count = new AtomicInteger();
        Parallel.forRange(4, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                Parallel.forRange(10, 1, (f, t) -> count.addAndGet(t - f));
            }
        });
        assertThat(count.get()).isEqualTo(40);
    }

    @Test
    void concurrentCallersBothComplete() throws Exception {
        Threads.set(2);
        AtomicInteger total = new AtomicInteger();
        Thread other = new Thread(() -> {
            for (int r = 0; r < 200; r++) {
                Parallel.forRange(100, 1, (f, t) -> total.addAndGet(t - f));
            }
        });
        other.start();
        for (int r = 0; r < 200; r++) {
            Parallel.forRange(100, 1, (f, t) -> total.addAndGet(t - f));
        }
        other.join();
        assertThat(total.get()).isEqualTo(40_000);
    }
}
