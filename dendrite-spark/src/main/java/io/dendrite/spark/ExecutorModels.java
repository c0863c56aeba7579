package io.dendrite.spark;

import io.dendrite.model.Architecture;
import io.dendrite.model.Network;
import io.dendrite.tensor.Rng;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The networks tasks compute with, built on an executor from the driver's architecture text and kept there for
 * later tasks: building one allocates every layer, which a step should not pay for. A network serves one task at
 * a time (its layers keep what backward needs); a task borrows one, overwrites all of its parameters, buffers and
 * generators from what the driver sent, and gives it back. So nothing a task computes depends on what an earlier
 * task left behind, and a retried task computes what the failed attempt would have.
 */
final class ExecutorModels {
    private static final Map<String, Queue<Network>> IDLE = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** An idle network of this architecture, or a new one. */
    static Network borrow(String architecture) {
        Network net = IDLE.computeIfAbsent(architecture, a -> new ConcurrentLinkedQueue<>()).poll();
        return net != null ? net : Architecture.build(architecture);
    }

    static void giveBack(String architecture, Network net) {
        IDLE.computeIfAbsent(architecture, a -> new ConcurrentLinkedQueue<>()).add(net);
    }

    /**
     * Seeds every generator of {@code net} (Dropout masks) for one iteration on one partition, from the run's seed,
     * the iteration and the partition alone: every partition draws its own masks, and a retried task the same ones.
     */
    static void seedGenerators(Network net, long seed, long iteration, int partition) {
        int g = 0;
        for (Rng rng : net.generators().values()) {
            long mixed = seed;
            for (long v : new long[]{iteration, partition, g++}) {
                mixed = new Rng(mixed ^ v).nextLong();
            }
            rng.restore(new Rng(mixed).state());
        }
    }
}
