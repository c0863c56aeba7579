package io.dendrite.spark;

import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.State;
import io.dendrite.optim.UpdateRules;
import io.dendrite.tensor.Tensor;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the executors compute, one Shard (one partition) per task: a batch's gradient sum for synchronous SGD, a
 * round of local steps for model averaging, and the correct predictions for evaluation. Each is a pure function of
 * the broadcast input and the shard — the network is overwritten from the input, its generators seeded from the
 * iteration and the partition, and nothing broadcast is ever written to (tasks of one executor share the broadcast
 * value) — so a task that fails and runs again returns what the first attempt would have.
 */
final class Tasks {
    private Tasks() {
    }

    /** What every task of a synchronous step receives. */
    record StepInput(long iteration, int[] rows, Weights params, Weights buffers, long seed) implements Serializable {
    }

    /**
     * One partition's part of a step: its rows of the batch, their mean loss and gradients (as {@code Model.loss}
     * computes them on those rows), its buffers after the forward pass, and the time the task computed.
     */
    record StepOutput(int rows, double loss, Weights grads, Weights buffers, long nanos) implements Serializable {
    }

    /** What every task of a model-averaging round receives: the round's batches and the driver's whole optimizer. */
    record RoundInput(long firstIteration, int[][] batches, Weights params, Weights buffers, States states, String rule,
                      Map<String, Double> ruleConfig, double clipNorm, double clipValue, long seed)
            implements Serializable {
    }

    /** One partition's round: rows and loss of every local step, and its parameters, buffers and states after them. */
    record RoundOutput(int[] rows, double[] losses, Weights params, Weights buffers, States states, long nanos)
            implements Serializable {
        long totalRows() {
            long n = 0;
            for (int r : rows) {
                n += r;
            }
            return n;
        }
    }

    /** What every task of an evaluation receives; {@code rows} null means all. */
    record EvalInput(int[] rows, Weights params, Weights buffers) implements Serializable {
    }

    /** The update-rule states of every parameter: tensors by key, and step counts. */
    record States(String[] names, int[] steps, Weights[] tensors) implements Serializable {
        static States of(Map<String, State> states) {
            int n = states.size(), i = 0;
            String[] names = new String[n];
            int[] steps = new int[n];
            Weights[] tensors = new Weights[n];
            for (Map.Entry<String, State> e : states.entrySet()) {
                names[i] = e.getKey();
                steps[i] = e.getValue().step();
                tensors[i] = Weights.of(e.getValue().asMap());
                i++;
            }
            return new States(names, steps, tensors);
        }

        /** Puts copies of these states into {@code optimizer}'s (copies: the broadcast arrays stay untouched). */
        void copyInto(Optimizer optimizer) {
            for (int i = 0; i < names.length; i++) {
                State s = optimizer.state(names[i]);
                s.clear();
                s.setStep(steps[i]);
                for (int k = 0; k < tensors[i].size(); k++) {
                    s.put(tensors[i].name(k), tensors[i].tensor(k).copy());
                }
            }
        }
    }

    static Function2<Integer, Iterator<Shard>, Iterator<StepOutput>> step(Broadcast<StepInput> input,
                                                                             String architecture) {
        return (partition, shards) -> {
            StepInput in = input.value();
            Shard shard = shards.next();
            long start = System.nanoTime();
            int[] local = shard.localRows(in.rows());
            if (local.length == 0) {
                return one(new StepOutput(0, 0, null, null, System.nanoTime() - start));
            }
            Network net = ExecutorModels.borrow(architecture);
            try {
                load(net, in.params(), in.buffers());
                ExecutorModels.seedGenerators(net, in.seed(), in.iteration(), partition);
                double loss = net.loss(shard.x(local, net.dtype()), shard.labels(local));
                Map<String, Tensor> grads = new LinkedHashMap<>();
                net.params().forEach((name, p) -> grads.put(name, p.grad()));
                return one(new StepOutput(local.length, loss, Weights.of(grads), buffers(net),
                        System.nanoTime() - start));
            } finally {
                ExecutorModels.giveBack(architecture, net);
            }
        };
    }

    static Function2<Integer, Iterator<Shard>, Iterator<RoundOutput>> round(Broadcast<RoundInput> input,
                                                                               String architecture) {
        return (partition, shards) -> {
            RoundInput in = input.value();
            Shard shard = shards.next();
            long start = System.nanoTime();
            Network net = ExecutorModels.borrow(architecture);
            try {
                load(net, in.params(), in.buffers());
                Optimizer optimizer = new Optimizer(UpdateRules.create(in.rule(), in.ruleConfig()), net.params());
                in.states().copyInto(optimizer);
                int k = in.batches().length;
                int[] rows = new int[k];
                double[] losses = new double[k];
                for (int j = 0; j < k; j++) {
                    int[] local = shard.localRows(in.batches()[j]);
                    rows[j] = local.length;
                    if (local.length == 0) {
                        continue;   // nothing of this batch here: this partition's model waits
                    }
                    ExecutorModels.seedGenerators(net, in.seed(), in.firstIteration() + j, partition);
                    losses[j] = net.loss(shard.x(local, net.dtype()), shard.labels(local));
                    if (in.clipNorm() > 0) {
                        optimizer.clipGlobalNorm(in.clipNorm());
                    }
                    if (in.clipValue() > 0) {
                        optimizer.clipValue(in.clipValue());
                    }
                    optimizer.step();
                }
                return one(new RoundOutput(rows, losses, Weights.of(values(net)), buffers(net),
                        States.of(optimizer.states()), System.nanoTime() - start));
            } finally {
                ExecutorModels.giveBack(architecture, net);
            }
        };
    }

    static Function2<Integer, Iterator<Shard>, Iterator<Long>> correct(Broadcast<EvalInput> input, String architecture) {
        return (partition, shards) -> {
            EvalInput in = input.value();
            Shard shard = shards.next();
            int[] local = in.rows() == null ? shard.allRows() : shard.localRows(in.rows());
            if (local.length == 0) {
                return one(0L);
            }
            Network net = ExecutorModels.borrow(architecture);
            try {
                load(net, in.params(), in.buffers());
                int[] predicted = net.predict(shard.x(local, net.dtype()));
                int[] labels = shard.labels(local);
                long correct = 0;
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == labels[i] ? 1 : 0;
                }
                return one(correct);
            } finally {
                ExecutorModels.giveBack(architecture, net);
            }
        };
    }

    /** The parameters' values by name. */
    static Map<String, Tensor> values(Network net) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            values.put(e.getKey(), e.getValue().value());
        }
        return values;
    }

    private static void load(Network net, Weights params, Weights buffers) {
        params.copyInto(values(net));
        if (buffers != null) {
            buffers.copyInto(net.buffers());
        }
    }

    private static Weights buffers(Network net) {
        return net.buffers().isEmpty() ? null : Weights.of(net.buffers());
    }

    private static <T> Iterator<T> one(T value) {
        return Collections.singletonList(value).iterator();
    }
}
