package io.dendrite.model;

import io.dendrite.data.text.CharVocabulary;
import io.dendrite.nn.Embedding;
import io.dendrite.nn.Gru;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.Lstm;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.RecurrentLayer;
import io.dendrite.nn.Rnn;
import io.dendrite.nn.TemporalLinear;
import io.dendrite.nn.TemporalSoftmaxCrossEntropy;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A character-level language model (Karpathy's char-rnn, cs231n assignment 3): each character's id is embedded,
 * run through L stacked recurrent layers, and mapped to scores over the next character.
 * <pre>
 *   ids (N, T) → Embedding W_embed (V, D) → (N, T, D) → cell 1 (D → H) → … → cell L (H → H) → (N, T, H)
 *              → TemporalLinear W_vocab (H, V), b_vocab → scores (N, T, V) → softmax cross-entropy against the next ids
 * </pre>
 * The cell is an {@link Lstm} (the default), a {@link Gru} or a tanh {@link Rnn}. Parameters, in this order:
 * {@code W_embed}, then per layer k = 1 … L {@code Wxk}, {@code Whk}, {@code bk} (and {@code bhk} for the GRU),
 * then {@code W_vocab}, {@code b_vocab}.
 *
 * <p><b>The loss is the mean per character:</b> {@link #loss} returns the softmax cross-entropy averaged over all
 * N·T predicted characters (cs231n's temporal loss, summed over steps and divided by N, divided once more by T),
 * and its gradients are those of that mean. So the learning rate does not depend on the window length T or the
 * batch size N, a freshly initialized model starts near ln V, and exp(loss) is the batch's perplexity.
 *
 * <p><b>Truncated backpropagation through time.</b> The model is stateful as {@link SequenceModel} describes:
 * every call of {@link #loss} or {@link #metric} starts from the final hidden states (h, and c for the LSTM) of the
 * previous call, one row per stream, and keeps its own final states for the next — copied, so gradients stop at
 * the window's start. {@link #resetState()} makes the next call start from zeros. Trained by the Solver with
 * {@code Sampling.STREAMS} on {@code CharStreams.windows(ids, T)}, row r of each batch continues row r of the batch
 * before, and the state carries the context across windows.
 *
 * <p>{@link #perplexity(int[])} scores a held-out text, {@link #sample} writes text at a temperature,
 * {@link #save}/{@link #load} keep the model with its {@link CharVocabulary} in a Dendrite model file. F32 by
 * default; F64 for gradient checks. Not thread-safe: its layers keep what backward needs.
 */
public final class CharLanguageModel implements SequenceModel {
    /** The recurrent cell of every layer. */
    public enum Cell {
        /** tanh RNN ({@link Rnn}). */
        RNN,
        /** Long short-term memory ({@link Lstm}), the default. */
        LSTM,
        /** Gated recurrent unit ({@link Gru}). */
        GRU
    }

    public static final Cell DEFAULT_CELL = Cell.LSTM;
    public static final int DEFAULT_EMBED = 64;
    public static final int DEFAULT_HIDDEN = 128;
    public static final int DEFAULT_LAYERS = 1;
    /** Streams {@link #perplexity(int[])} reads a text in. */
    public static final int DEFAULT_EVAL_STREAMS = 32;
    /** Steps per window of {@link #perplexity(int[])}. */
    public static final int DEFAULT_EVAL_STEPS = 100;
    /** What {@link #metric} measures. */
    public static final String METRIC = "char accuracy";

    private final CharVocabulary vocabulary;
    private final Cell cell;
    private final Embedding embed;
    private final List<RecurrentLayer> layers;
    private final TemporalLinear vocab;
    private final Map<String, Parameter> params;
    private States carried;   // the state the next loss or metric starts from; null = zeros

    /** Hidden states h (and cell states c, LSTM only) of every layer, (N, H) each; entries null = zeros. */
    private record States(Tensor[] h, Tensor[] c) {
        static States zeros(int layers) {
            return new States(new Tensor[layers], new Tensor[layers]);
        }

        int rows() {
            return h[0] == null ? -1 : h[0].shape(0);
        }

        /** The state of one stream, row r, as a batch of one. */
        States row(int r) {
            States s = zeros(h.length);
            for (int l = 0; l < h.length; l++) {
                s.h[l] = h[l] == null ? null : h[l].slice(r, r + 1).copy();
                s.c[l] = c[l] == null ? null : c[l].slice(r, r + 1).copy();
            }
            return s;
        }
    }

    CharLanguageModel(CharVocabulary vocabulary, Cell cell, Embedding embed, List<RecurrentLayer> layers,
                      TemporalLinear vocab) {
        this.vocabulary = vocabulary;
        this.cell = cell;
        this.embed = embed;
        this.layers = List.copyOf(layers);
        this.vocab = vocab;
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("W_embed", embed.weight());
        for (int k = 0; k < layers.size(); k++) {
            for (Parameter q : layers.get(k).parameters()) {
                p.put(q.name() + (k + 1), q);
            }
        }
        p.put("W_vocab", vocab.weight());
        p.put("b_vocab", vocab.bias());
        this.params = Collections.unmodifiableMap(p);
    }

    /** Starts a model over the characters of {@code vocabulary}. */
    public static Builder builder(CharVocabulary vocabulary) {
        return new Builder(vocabulary);
    }

    @Override
    public Map<String, Parameter> params() {
        return params;
    }

    /**
     * Training forward and backward on a batch of windows: x (N, T) holds the input ids, {@code targets[n]} the
     * window's T+1 ids of which the last T are predicted ({@code CharStreams.windows}, {@code Tokens.inputs}).
     * Starts from the carried state, keeps the final one; returns the mean cross-entropy per character.
     */
    @Override
    public double loss(Tensor x, int[][] targets) {
        int[][] y = nextIds(x, targets);
        for (Parameter p : params.values()) {
            p.zeroGrad();
        }
        Tensor scores = forward(x, carryFor(x));
        int steps = y[0].length;
        LossResult r = TemporalSoftmaxCrossEntropy.compute(scores, y, null);   // Σ over steps / N
        Tensor d = vocab.backward(r.grad().muli(1.0 / steps));                  // the mean's gradient: / T more
        for (int k = layers.size() - 1; k >= 0; k--) {
            d = layers.get(k).backward(d);
        }
        embed.backward(d);
        return r.loss() / steps;
    }

    /**
     * Per-character accuracy of the next-character prediction (argmax of the scores) over the N·T steps; starts
     * from the carried state and keeps the final one, as {@link #loss} does.
     */
    @Override
    public double metric(Tensor x, int[][] targets) {
        int[][] y = nextIds(x, targets);
        Tensor scores = forward(x, carryFor(x));
        int n = y.length, steps = y[0].length;
        int[] predicted = scores.reshape(n * steps, vocabulary.size()).argmax(1);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                correct += predicted[i * steps + t] == y[i][t] ? 1 : 0;
            }
        }
        return correct / (double) (n * steps);
    }

    @Override
    public String metricName() {
        return METRIC;
    }

    /** The next call of {@link #loss} or {@link #metric} starts from zero states. */
    @Override
    public void resetState() {
        carried = null;
    }

    /**
     * Perplexity of the model on a text, exp of the mean cross-entropy per character, reading it as
     * {@value #DEFAULT_EVAL_STREAMS} streams in windows of {@value #DEFAULT_EVAL_STEPS} steps.
     */
    public double perplexity(int[] ids) {
        return perplexity(ids, DEFAULT_EVAL_STREAMS, DEFAULT_EVAL_STEPS);
    }

    /**
     * Perplexity on {@code ids}: exp of the mean cross-entropy of every one of the length − 1 next-character
     * predictions. The text is cut into S = min(streams, length − 1) streams of equal length read side by side in
     * windows of {@code steps}, the state carried from window to window (only the S stream starts begin from zeros);
     * the few predictions left over at the end continue the last stream. A model that predicts uniformly scores V.
     * The state carried for training is left as it was.
     */
    public double perplexity(int[] ids, int streams, int steps) {
        if (ids.length < 2) {
            throw new IllegalArgumentException(this + ": perplexity needs a text of at least 2 characters, got "
                    + ids.length);
        }
        if (streams < 1 || steps < 1) {
            throw new IllegalArgumentException(this + ": perplexity needs streams and steps >= 1, got " + streams
                    + " and " + steps);
        }
        int transitions = ids.length - 1;
        int s = Math.min(streams, transitions), length = transitions / s;
        States state = States.zeros(layers.size());
        double nats = streamNats(ids, 0, s, length, steps, state);
        int rest = transitions - s * length;
        if (rest > 0) {
            nats += streamNats(ids, s * length, 1, rest, steps, state.row(s - 1));
        }
        return Math.exp(nats / transitions);
    }

    /** Σ −log p over {@code streams} streams of {@code length} predictions from {@code from}, advancing {@code state}. */
    private double streamNats(int[] ids, int from, int streams, int length, int steps, States state) {
        double nats = 0;
        for (int t0 = 0; t0 < length; t0 += steps) {
            int t = Math.min(steps, length - t0);
            float[] x = new float[streams * t];
            int[][] y = new int[streams][t];
            for (int r = 0; r < streams; r++) {
                for (int j = 0; j < t; j++) {
                    int at = from + r * length + t0 + j;
                    x[r * t + j] = ids[at];
                    y[r][j] = ids[at + 1];
                }
            }
            Tensor scores = forward(Tensor.of(x, streams, t), state);
            nats += TemporalSoftmaxCrossEntropy.compute(scores, y, null).loss() * streams;
        }
        return nats;
    }

    /**
     * Text written by the model: {@code prime} followed by {@code length} characters, each drawn from the softmax
     * of the scores divided by {@code temperature} given everything before it. Temperature 1 samples the model's
     * distribution, lower is more conservative, 0 picks the most likely character every time (greedy). The model
     * reads the prime from zero states; an empty prime starts it after a newline (the first character of the
     * vocabulary when it has none), which is not part of the result. Same rng state, same text.
     *
     * @throws IllegalArgumentException when the prime holds a character the vocabulary does not, or the length or
     *                                  temperature is negative
     */
    public String sample(String prime, int length, double temperature, Rng rng) {
        if (length < 0) {
            throw new IllegalArgumentException(this + ": invalid sample length " + length + " (must be >= 0)");
        }
        checkTemperature(temperature);
        States state = States.zeros(layers.size());
        double[] scores = lastScores(forward(primeIds(prime), state));
        StringBuilder out = new StringBuilder(prime);
        for (int i = 0; i < length; i++) {
            int id = pick(softmax(scores, temperature), rng);
            out.appendCodePoint(vocabulary.codePoint(id));
            scores = lastScores(forward(Tensor.of(new float[]{id}, 1, 1), state));
        }
        return out.toString();
    }

    /**
     * The distribution {@link #sample} draws the character after {@code context} from at this temperature (V
     * probabilities in id order; at temperature 0 all mass on the most likely character). An empty context is read
     * as {@link #sample} reads an empty prime.
     */
    public double[] nextCharProbabilities(String context, double temperature) {
        checkTemperature(temperature);
        return softmax(lastScores(forward(primeIds(context), States.zeros(layers.size()))), temperature);
    }

    private static void checkTemperature(double temperature) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("invalid temperature " + temperature
                    + " (must be a finite number >= 0; 0 = always the most likely character)");
        }
    }

    private Tensor primeIds(String prime) {
        int[] ids;
        if (prime.isEmpty()) {
            int newline = vocabulary.id('\n');
            ids = new int[]{Math.max(newline, 0)};
        } else {
            try {
                ids = vocabulary.encode(prime);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prime: " + e.getMessage() + " the model was trained on — use"
                        + " characters of its text", e);
            }
        }
        float[] x = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            x[i] = ids[i];
        }
        return Tensor.of(x, 1, ids.length);
    }

    /** The scores (V) of the last step of a batch of one, in double. */
    private double[] lastScores(Tensor scores) {
        int steps = scores.shape(1), v = vocabulary.size();
        return scores.slice(1, steps - 1, steps).contiguous().reshape(v).toDoubleArray();
    }

    /** softmax(scores / temperature), or one-hot on the first maximum at temperature 0. */
    static double[] softmax(double[] scores, double temperature) {
        double[] p = new double[scores.length];
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            best = scores[k] > scores[best] ? k : best;
        }
        if (temperature == 0) {
            p[best] = 1;
            return p;
        }
        double sum = 0;
        for (int k = 0; k < scores.length; k++) {
            p[k] = Math.exp((scores[k] - scores[best]) / temperature);   // ≤ 1: no overflow at small temperatures
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** An index drawn with probabilities p (one uniform draw, inverse CDF). */
    private static int pick(double[] p, Rng rng) {
        double u = rng.nextDouble(), cumulative = 0;
        int last = 0;
        for (int k = 0; k < p.length; k++) {
            if (p[k] > 0) {
                cumulative += p[k];
                last = k;
                if (u < cumulative) {
                    return k;
                }
            }
        }
        return last;   // u within rounding of 1
    }

    /** Checks x (N, T) against the windows (N, T+1) and returns their last T ids, the characters to predict. */
    private int[][] nextIds(Tensor x, int[][] targets) {
        if (x.ndim() != 2 || x.shape(0) == 0 || x.shape(1) == 0) {
            throw new IllegalArgumentException(this + ": input " + Shapes.format(x.shape()) + " must be (N, T) character"
                    + " ids with N, T >= 1 — Tokens.inputs(CharStreams.windows(ids, T))");
        }
        int n = x.shape(0), steps = x.shape(1);
        if (targets.length != n) {
            throw new IllegalArgumentException(this + ": " + targets.length + " target windows for input "
                    + Shapes.format(x.shape()) + ", expected " + n);
        }
        int[][] y = new int[n][steps];
        for (int i = 0; i < n; i++) {
            if (targets[i].length != steps + 1) {
                throw new IllegalArgumentException(this + ": target window " + i + " has " + targets[i].length
                        + " ids, expected T+1 = " + (steps + 1) + " for input " + Shapes.format(x.shape())
                        + " (the window's ids, of which the model predicts the last T)");
            }
            System.arraycopy(targets[i], 1, y[i], 0, steps);
        }
        return y;
    }

    /** The carried state for a batch of x's N streams: zeros after a reset, else the previous call's final state. */
    private States carryFor(Tensor x) {
        int n = x.shape(0);
        if (carried == null) {
            carried = States.zeros(layers.size());
        } else if (carried.rows() != n) {
            throw new IllegalStateException(this + ": the carried state has " + carried.rows() + " streams but this"
                    + " batch " + Shapes.format(x.shape()) + " has " + n + " — call resetState() before a batch that"
                    + " does not continue the previous one");
        }
        return carried;
    }

    /**
     * Scores (N, T, V) of ids (N, T), starting every layer from {@code state} and leaving copies of its final states
     * there (copies: the layers' own tensors are what backward reads, and the copies carry no gradient path).
     */
    private Tensor forward(Tensor ids, States state) {
        Tensor h = embed.forward(ids);
        for (int k = 0; k < layers.size(); k++) {
            RecurrentLayer layer = layers.get(k);
            layer.setInitialState(state.h[k]);
            if (layer instanceof Lstm lstm) {
                lstm.setInitialCellState(state.c[k]);
            }
            h = layer.forward(h);
            state.h[k] = layer.finalState().copy();
            if (layer instanceof Lstm lstm) {
                state.c[k] = lstm.finalCellState().copy();
            }
        }
        return vocab.forward(h);
    }

    /** The characters the model reads and writes. */
    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /** The recurrent cell. */
    public Cell cell() {
        return cell;
    }

    /** D, the size of a character's embedding. */
    public int embedSize() {
        return embed.dim();
    }

    /** H, the hidden size of every layer. */
    public int hiddenSize() {
        return layers.get(0).hiddenSize();
    }

    /** L, the number of stacked recurrent layers. */
    public int numLayers() {
        return layers.size();
    }

    /** The dtype of the parameters. */
    public DType dtype() {
        return embed.weight().value().dtype();
    }

    /** The number of parameter values. */
    public long parameterCount() {
        long total = 0;
        for (Parameter p : params.values()) {
            total += p.value().size();
        }
        return total;
    }

    Embedding embedding() {
        return embed;
    }

    List<RecurrentLayer> recurrentLayers() {
        return layers;
    }

    TemporalLinear output() {
        return vocab;
    }

    /**
     * Writes the model, its vocabulary and {@code metadata} to a Dendrite model file ({@link io.dendrite.io.ModelFile},
     * atomically); {@link #load} reads it back into a model that samples the same text.
     */
    public void save(Path file, Map<String, String> metadata) throws IOException {
        CharLanguageModelFile.write(this, metadata, file);
    }

    /** A model loaded by {@link #load}, with the metadata it was saved with. */
    public record Loaded(CharLanguageModel model, Map<String, String> metadata) {
    }

    /**
     * Reads a model written by {@link #save}; a file that is not one, or is damaged, gives an {@link IOException}
     * naming it.
     */
    public static Loaded load(Path file) throws IOException {
        return CharLanguageModelFile.read(file);
    }

    /** A copy with the same weights (converted) in {@code dtype}, its carried state reset: for F64 checks. */
    public CharLanguageModel to(DType dtype) {
        CharLanguageModel copy = builder(vocabulary).cell(cell).embed(embedSize()).hidden(hiddenSize())
                .layers(numLayers()).dtype(dtype).build();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            copy.params.get(e.getKey()).value().assign(e.getValue().value().to(dtype));
        }
        return copy;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CharLanguageModel(%s, V=%d, embed %d, hidden %d × %d)",
                cell.name().toLowerCase(Locale.ROOT), vocabulary.size(), embedSize(), hiddenSize(), numLayers());
    }

    /** Options of a {@link CharLanguageModel}; defaults: LSTM, embedding 64, hidden 128, 1 layer, F32, seed 0. */
    public static final class Builder {
        private final CharVocabulary vocabulary;
        private Cell cell = DEFAULT_CELL;
        private int embed = DEFAULT_EMBED, hidden = DEFAULT_HIDDEN, layers = DEFAULT_LAYERS;
        private DType dtype = DType.F32;
        private long seed;

        private Builder(CharVocabulary vocabulary) {
            if (vocabulary == null || vocabulary.size() == 0) {
                throw new IllegalArgumentException("CharLanguageModel: the vocabulary must hold at least one character");
            }
            this.vocabulary = vocabulary;
        }

        /** The recurrent cell of every layer (default LSTM). */
        public Builder cell(Cell c) {
            this.cell = c;
            return this;
        }

        /** D, the size of a character's embedding (default {@value #DEFAULT_EMBED}). */
        public Builder embed(int d) {
            this.embed = d;
            return this;
        }

        /** H, the hidden size of every layer (default {@value #DEFAULT_HIDDEN}). */
        public Builder hidden(int h) {
            this.hidden = h;
            return this;
        }

        /** L, the number of stacked recurrent layers (default {@value #DEFAULT_LAYERS}). */
        public Builder layers(int l) {
            this.layers = l;
            return this;
        }

        public Builder dtype(DType d) {
            this.dtype = d;
            return this;
        }

        /** Seed of the weight initialization. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * A model with cs231n's initialization: W_embed ~ N(0, 0.01²), the cells' Wx ~ N(0, 1/D) and Wh ~ N(0, 1/H),
         * W_vocab ~ N(0, 1/H), zero biases — small scores at the start, so the first loss is close to ln V.
         */
        public CharLanguageModel build() {
            checkSize("embedding size", embed);
            checkSize("hidden size", hidden);
            checkSize("number of layers", layers);
            if (cell == null || dtype == null) {
                throw new IllegalArgumentException("CharLanguageModel: cell and dtype must not be null");
            }
            Rng rng = new Rng(seed);
            Embedding e = new Embedding(vocabulary.size(), embed, rng, dtype);
            List<RecurrentLayer> stack = new ArrayList<>();
            for (int k = 0; k < layers; k++) {
                int in = k == 0 ? embed : hidden;
                stack.add(switch (cell) {
                    case RNN -> new Rnn(in, hidden, rng, dtype);
                    case LSTM -> new Lstm(in, hidden, rng, dtype);
                    case GRU -> new Gru(in, hidden, rng, dtype);
                });
            }
            return new CharLanguageModel(vocabulary, cell, e, stack, new TemporalLinear(hidden, vocabulary.size(), rng, dtype));
        }

        private static void checkSize(String what, int n) {
            if (n < 1) {
                throw new IllegalArgumentException("CharLanguageModel: invalid " + what + ": " + n + " (must be >= 1)");
            }
        }
    }
}
