package io.dendrite.train;

import io.dendrite.io.ModelFile;
import io.dendrite.model.Architecture;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.optim.Optimizer;
import io.dendrite.optim.State;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Solver's progress in one {@link ModelFile}, written atomically after every epoch: the current parameters
 * and buffers, the best-validation parameters ({@code best/NAME}), every update-rule state tensor
 * ({@code state/PARAM/KEY}) and, in the metadata, the epoch, step counts, learning rate and histories.
 * Restoring it and training on gives the same result as a run that never stopped, because the Solver draws
 * each epoch's batches from a generator seeded by (seed, epoch), and the model's own generators (Dropout masks,
 * {@link io.dendrite.model.Trainable#generators()}) are saved as {@code rng/NAME} in the metadata. The options that
 * shaped the run ({@link Solver#options()}) are saved as {@code option/NAME}. Classifiers and sequence models are
 * saved alike; a sequence model's carried hidden state is not saved, because every epoch starts without it.
 */
final class Checkpoint {
    static final String FILE_NAME = "checkpoint.dnd";
    private static final String BEST = "best/";
    private static final String STATE = "state/";
    private static final String RNG = "rng/";
    static final String OPTION = "option/";

    private Checkpoint() {
    }

    static void write(Path file, Solver solver) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", Integer.toString(solver.epoch()));
        meta.put("learningRate", Double.toString(solver.optimizer().learningRate()));
        History h = solver.history();
        meta.put("bestValAcc", Double.toString(h.bestValAcc()));
        meta.put("bestEpoch", Integer.toString(h.bestEpoch()));
        meta.put("loss", join(h.lossHistory()));
        meta.put("epochs", joinRows(solver.epochRows()));
        Map<String, Tensor> params = new LinkedHashMap<>();
        solver.trainable().params().forEach((name, p) -> params.put(name, p.value()));
        Map<String, Tensor> buffers = new LinkedHashMap<>(solver.trainable().buffers());
        solver.bestParams().forEach((name, t) -> buffers.put(BEST + name, t));
        putStates("", solver.optimizer(), meta, buffers);
        putGenerators("", solver.trainable().generators(), meta);
        solver.options().forEach((name, value) -> meta.put(OPTION + name, value));
        String architecture = solver.trainable() instanceof Network net ? Architecture.describe(net) : "";
        ModelFile.write(file, new ModelFile.Contents(architecture, meta, params, buffers));
    }

    /** The options recorded in the checkpoint {@code file}, in the order they were written. */
    static Map<String, String> options(Path file) throws IOException {
        return options(readCheckpoint(file));
    }

    static Map<String, String> options(ModelFile.Contents checkpoint) {
        Map<String, String> options = new LinkedHashMap<>();
        checkpoint.metadata().forEach((k, v) -> {
            if (k.startsWith(OPTION)) {
                options.put(k.substring(OPTION.length()), v);
            }
        });
        return options;
    }

    /** Reads {@code file}, refusing a model file (no epoch, no learning rate) in one line that names it. */
    private static ModelFile.Contents readCheckpoint(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, String> m = c.metadata();
        if (m.containsKey(GanCheckpoint.MARKER)) {
            throw new IOException(file + " is the checkpoint of a GAN run, not of train: continue it with"
                    + " dendrite gan train --resume");
        }
        for (String key : new String[]{"epoch", "learningRate", "bestValAcc", "bestEpoch"}) {
            if (m.get(key) == null) {
                throw new IOException(file + " is a model file, not a checkpoint (its metadata has no " + key
                        + "); give the run folder whose " + FILE_NAME + " train wrote after each epoch");
            }
        }
        return c;
    }

    static void restore(Path file, Solver solver) throws IOException {
        ModelFile.Contents c = readCheckpoint(file);
        solver.checkRecordedClipping(file, options(c));   // before anything changes: a refused resume leaves the Solver as it was
        Map<String, Parameter> params = solver.trainable().params();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Tensor saved = c.parameters().get(e.getKey());
            if (saved == null) {
                throw new IOException(file + ": checkpoint has no parameter " + e.getKey() + " (it holds "
                        + c.parameters().keySet() + "); was it written for another model?");
            }
            if (!Shapes.same(saved.shape(), e.getValue().value().shape())) {
                throw new IOException(file + ": parameter " + e.getKey() + " has shape " + Shapes.format(saved.shape())
                        + " in the checkpoint but " + Shapes.format(e.getValue().value().shape()) + " in the model");
            }
            e.getValue().value().assign(saved);
        }
        for (Map.Entry<String, Tensor> e : solver.trainable().buffers().entrySet()) {
            Tensor saved = c.buffers().get(e.getKey());
            if (saved != null) {
                e.getValue().assign(saved);
            }
        }
        Map<String, Tensor> best = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.buffers().entrySet()) {
            if (e.getKey().startsWith(BEST)) {
                best.put(e.getKey().substring(BEST.length()), e.getValue());
            }
        }
        restoreStates(file, "", solver.optimizer(), c);
        restoreGenerators(file, "", solver.trainable().generators(), c);
        Map<String, String> m = c.metadata();
        solver.optimizer().setLearningRate(number(file, "learningRate", m.get("learningRate")));
        List<Double> loss;
        List<double[]> epochs;
        try {
            loss = splitList(m.get("loss"));
            epochs = splitRows(m.get("epochs"));
        } catch (NumberFormatException bad) {
            throw new IOException(file + ": the loss history in its metadata holds something that is not a number"
                    + " — the checkpoint is damaged", bad);
        }
        solver.restoreProgress(integer(file, "epoch", m.get("epoch")), loss, epochs,
                number(file, "bestValAcc", m.get("bestValAcc")), integer(file, "bestEpoch", m.get("bestEpoch")), best);
    }

    /** A metadata value that must be an integer; a damaged one is refused naming the file and the key. */
    static int integer(Path file, String key, String text) throws IOException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": metadata '" + key + "' is '" + shorter(text) + "', expected an integer — the"
                    + " checkpoint is damaged", e);
        }
    }

    /** A metadata value that must be a number; a damaged one is refused naming the file and the key. */
    private static double number(Path file, String key, String text) throws IOException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException(file + ": metadata '" + key + "' is '" + shorter(text) + "', expected a number — the"
                    + " checkpoint is damaged", e);
        }
    }

    /** At most 40 characters of {@code text}, on one line, for a message. */
    private static String shorter(String text) {
        String t = String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }

    /**
     * Adds every update-rule state of {@code optimizer} to a checkpoint: its tensors as buffers
     * {@code state/PREFIXPARAM/KEY}, its step count as metadata {@code state/PREFIXPARAM/step}. A file that holds two
     * networks (a GAN's) tells their parameters apart by the prefix ("G/", "D/"); the Solver's uses none.
     */
    static void putStates(String prefix, Optimizer optimizer, Map<String, String> meta, Map<String, Tensor> buffers) {
        for (Map.Entry<String, State> e : optimizer.states().entrySet()) {
            State s = e.getValue();
            meta.put(STATE + prefix + e.getKey() + "/step", Integer.toString(s.step()));
            for (String key : s.keys()) {
                buffers.put(STATE + prefix + e.getKey() + "/" + key, s.get(key));
            }
        }
    }

    /** Restores the states {@link #putStates} wrote under {@code prefix} into {@code optimizer}. */
    static void restoreStates(Path file, String prefix, Optimizer optimizer, ModelFile.Contents c) throws IOException {
        Map<String, State> states = optimizer.states();
        String start = STATE + prefix;
        for (Map.Entry<String, Tensor> e : c.buffers().entrySet()) {
            String name = e.getKey();
            if (name.startsWith(start)) {
                String rest = name.substring(start.length());
                int slash = rest.lastIndexOf('/');
                State state = slash < 0 ? null : states.get(rest.substring(0, slash));
                if (state == null) {
                    throw new IOException(file + ": buffer '" + name + "' names no optimizer state of this model (it has "
                            + states.keySet() + ") — the checkpoint is damaged or was written for another model");
                }
                state.put(rest.substring(slash + 1), e.getValue().copy());
            }
        }
        for (Map.Entry<String, State> e : states.entrySet()) {
            String step = c.metadata().get(start + e.getKey() + "/step");
            if (step != null) {
                e.getValue().setStep(integer(file, start + e.getKey() + "/step", step));
            }
        }
    }

    /** Adds the state of every generator as metadata {@code rng/PREFIXNAME}. */
    static void putGenerators(String prefix, Map<String, Rng> generators, Map<String, String> meta) {
        generators.forEach((name, rng) -> meta.put(RNG + prefix + name, joinLongs(rng.state())));
    }

    /**
     * Restores the generators {@link #putGenerators} saved under {@code prefix}; one the file lacks keeps its state (a
     * checkpoint written before generators were saved: the run resumes with fresh masks).
     */
    static void restoreGenerators(Path file, String prefix, Map<String, Rng> generators, ModelFile.Contents c)
            throws IOException {
        for (Map.Entry<String, Rng> e : generators.entrySet()) {
            String saved = c.metadata().get(RNG + prefix + e.getKey());
            if (saved == null) {
                continue;
            }
            try {
                e.getValue().restore(Arrays.stream(saved.split(",")).mapToLong(Long::parseLong).toArray());
            } catch (IllegalArgumentException bad) {
                throw new IOException(file + ": generator " + prefix + e.getKey() + " has a corrupt state '"
                        + shorter(saved) + "' (expected comma-separated integers) — the checkpoint is damaged", bad);
            }
        }
    }

    static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(Double.toString(values[i]));
        }
        return sb.toString();
    }

    private static String joinLongs(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    static String joinRows(List<double[]> rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i > 0 ? ";" : "").append(join(rows.get(i)));
        }
        return sb.toString();
    }

    static List<Double> splitList(String text) {
        List<Double> out = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            for (String s : text.split(",")) {
                out.add(Double.parseDouble(s));
            }
        }
        return out;
    }

    static List<double[]> splitRows(String text) {
        List<double[]> out = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            for (String row : text.split(";")) {
                out.add(splitList(row).stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        return out;
    }

}
