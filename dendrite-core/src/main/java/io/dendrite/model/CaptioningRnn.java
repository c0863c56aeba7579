package io.dendrite.model;

import io.dendrite.data.text.Tokens;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.nn.Embedding;
import io.dendrite.nn.Gru;
import io.dendrite.nn.Linear;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.Lstm;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.RecurrentLayer;
import io.dendrite.nn.Rnn;
import io.dendrite.nn.TemporalLinear;
import io.dendrite.nn.TemporalSoftmaxCrossEntropy;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * cs231n's {@code CaptioningRNN} (assignment 3): image features set the initial hidden state of a recurrent
 * network that reads the caption word by word and predicts the next word at every step.
 * <pre>
 *   features (N, D) → h0 = features·W_proj + b_proj                         (N, H)
 *   captions (N, T+1): input = captions[:, :T], target = captions[:, 1:], mask = target ≠ &lt;NULL&gt;
 *   x = W_embed[input]                                                     (N, T, W)
 *   h = cell(x, h0)              rnn | lstm | gru                            (N, T, H)
 *   scores = h·W_vocab + b_vocab                                           (N, T, V)
 *   loss = TemporalSoftmaxCrossEntropy(scores, target, mask) + 0.5·reg·Σ W²
 * </pre>
 * Parameters, named as in cs231n and in its order: {@code W_embed} (V, W), {@code W_proj} (D, H), {@code b_proj} (H),
 * {@code Wx} (W, G·H), {@code Wh} (H, G·H), {@code b} (G·H), for the GRU also {@code bh} (G·H) ({@link Gru}),
 * {@code W_vocab} (H, V), {@code b_vocab} (V); G = 1, 4, 3 for rnn, lstm, gru. cs231n draws them as here:
 * W_embed ~ N(0, 0.01²), W_proj ~ N(0, 1/D), Wx ~ N(0, 1/W), Wh ~ N(0, 1/H), W_vocab ~ N(0, 1/H), biases zero.
 * Regularization is the project's L2 term on the weight matrices (W_proj, W_embed, Wx, Wh, W_vocab, not the biases);
 * cs231n uses none, and neither does the default reg = 0.
 *
 * <p><b>Decoding</b> uses the cells' step APIs ({@code Rnn.step}, {@code Lstm.step}, {@code Gru.step}), one step for
 * the whole batch at a time, as cs231n's {@code sample}: greedy, beam search and temperature sampling
 * ({@link CaptionModel}). Beam search keeps, for every image, the {@code beamWidth} partial captions with the largest
 * sum of log-probabilities — not divided by their length, so a width of 1 is greedy decoding exactly; a caption that
 * has produced {@code <END>} keeps its score and competes with the longer ones; ties go to the earlier beam, then
 * to the smaller word id. All three are deterministic (temperature sampling for a given {@link Rng}).
 *
 * <p>A model built with {@link Builder#vocabularySize} knows no words, as cs231n's gradient-check setup (a
 * {@code word_to_idx} of 3 entries): it trains and decodes ids, but has no {@link #vocabulary()} to score or save with.
 */
public final class CaptioningRnn implements CaptionModel {
    /** The kind name of this model in {@link CaptionModels} and model files. */
    public static final String KIND = "rnn";
    /** cs231n's default word-vector size W. */
    public static final int DEFAULT_WORDVEC_DIM = 128;
    /** cs231n's default hidden size H. */
    public static final int DEFAULT_HIDDEN_DIM = 128;
    /** cs231n's W_embed ~ randn / 100. */
    public static final double EMBED_STD = 0.01;

    /** The recurrent cell. */
    public enum Cell {
        /** Vanilla tanh RNN ({@link Rnn}). */
        RNN,
        /** Long short-term memory ({@link Lstm}), cs231n's gate order i, f, o, g. */
        LSTM,
        /** Gated recurrent unit ({@link Gru}), PyTorch's formulation. */
        GRU;

        /** The cell named {@code name}: rnn, lstm or gru (any case). */
        public static Cell parse(String name) {
            for (Cell c : values()) {
                if (c.name().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown cell '" + name + "' (expected rnn, lstm or gru)");
        }

        /** Lower-case name, as options spell it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        int gates() {
            return switch (this) {
                case RNN -> 1;
                case LSTM -> 4;
                case GRU -> 3;
            };
        }
    }

    private final Vocabulary vocabulary;   // null when built from a size alone
    private final int vocabSize;
    private final int inputDim;
    private final int wordvecDim;
    private final int hiddenDim;
    private final Cell cell;
    private final double reg;
    private final Metric metric;
    private final DType dtype;
    private final Linear proj;
    private final Embedding embed;
    private final RecurrentLayer recurrent;
    private final TemporalLinear vocabScores;
    private final Map<String, Parameter> params;
    private final List<Parameter> regularized;

    private CaptioningRnn(Builder b) {
        this.vocabulary = b.vocabulary;
        this.vocabSize = b.vocabulary != null ? b.vocabulary.size() : b.vocabSize;
        this.inputDim = b.inputDim;
        this.wordvecDim = b.wordvecDim;
        this.hiddenDim = b.hiddenDim;
        this.cell = b.cell;
        this.reg = b.reg;
        this.metric = b.metric;
        this.dtype = b.dtype;
        int v = vocabSize, d = inputDim, w = wordvecDim, h = hiddenDim, gh = cell.gates() * h;
        Rng rng = new Rng(b.seed);
        // cs231n's order of drawing: W_embed, W_proj, Wx, Wh, W_vocab
        Tensor wEmbed = WeightInit.normal(rng, dtype, EMBED_STD, v, w);
        Tensor wProj = WeightInit.normal(rng, dtype, 1 / Math.sqrt(d), d, h);
        Tensor wx = WeightInit.normal(rng, dtype, 1 / Math.sqrt(w), w, gh);
        Tensor wh = WeightInit.normal(rng, dtype, 1 / Math.sqrt(h), h, gh);
        Tensor wVocab = WeightInit.normal(rng, dtype, 1 / Math.sqrt(h), h, v);
        this.embed = new Embedding(wEmbed);
        this.proj = new Linear(wProj, Tensor.zeros(dtype, h)).inputGradient(false);   // nobody needs d(features)
        this.recurrent = switch (cell) {
            case RNN -> new Rnn(wx, wh, Tensor.zeros(dtype, gh));
            case LSTM -> new Lstm(wx, wh, Tensor.zeros(dtype, gh));
            case GRU -> new Gru(wx, wh, Tensor.zeros(dtype, gh), Tensor.zeros(dtype, gh));
        };
        this.vocabScores = new TemporalLinear(wVocab, Tensor.zeros(dtype, v));
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("W_embed", embed.weight().named("W_embed"));
        p.put("W_proj", proj.weight().named("W_proj"));
        p.put("b_proj", proj.bias().named("b_proj"));
        for (Parameter q : recurrent.parameters()) {
            p.put(q.localName(), q);   // Wx, Wh, b (and the GRU's bh): cs231n's names already
        }
        p.put("W_vocab", vocabScores.weight().named("W_vocab"));
        p.put("b_vocab", vocabScores.bias().named("b_vocab"));
        this.params = Collections.unmodifiableMap(p);
        this.regularized = List.of(p.get("W_proj"), p.get("W_embed"), p.get("Wx"), p.get("Wh"), p.get("W_vocab"));
    }

    /** A builder with cs231n's defaults: rnn cell, W = H = 128, F32, reg 0, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The model {@code spec} describes (the inverse of {@link #spec()}), with fresh weights from {@code seed}. */
    public static CaptioningRnn fromSpec(ModelSpec spec, Vocabulary vocabulary, DType dtype, long seed) {
        if (!spec.type().equals(KIND)) {
            throw new IllegalArgumentException("CaptioningRnn: spec '" + spec + "' is of kind " + spec.type()
                    + ", not " + KIND);
        }
        try {
            return builder().vocabulary(vocabulary).inputDim(spec.getInt("inputDim"))
                    .wordvecDim(spec.getInt("wordvecDim")).hiddenDim(spec.getInt("hiddenDim"))
                    .cell(Cell.parse(spec.get("cell"))).reg(Double.parseDouble(spec.get("reg", "0")))
                    .metric(Metric.parse(spec.get("metric", "exact"))).dtype(dtype).seed(seed).build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CaptioningRnn: spec '" + spec + "' holds a value that is not a number: "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- training

    @Override
    public double loss(Tensor x, int[][] targets) {
        checkFeatures(x, "loss");
        checkCaptions(targets, x.shape(0));
        for (Parameter p : params.values()) {
            p.zeroGrad();
        }
        int[][] y = Tokens.targets(targets);                          // captions[:, 1:]
        boolean[][] mask = Tokens.mask(y, Vocabulary.NULL_ID);        // target ≠ <NULL>
        Tensor h0 = proj.forward(x);                                  // h0 = features·W_proj + b_proj   (N, H)
        Tensor words = embed.forward(Tokens.inputs(targets, dtype));  // W_embed[captions[:, :T]]       (N, T, W)
        recurrent.setInitialState(h0);
        Tensor h = recurrent.forward(words);                          // (N, T, H)
        Tensor scores = vocabScores.forward(h);                       // h·W_vocab + b_vocab            (N, T, V)
        LossResult data = TemporalSoftmaxCrossEntropy.compute(scores, y, mask);
        Tensor dh = vocabScores.backward(data.grad());                // dW_vocab, db_vocab; dh (N, T, H)
        Tensor dWords = recurrent.backward(dh);                       // dWx, dWh, db; dx (N, T, W)
        embed.backward(dWords);                                       // dW_embed, by word id
        proj.backward(recurrent.initialStateGradient());              // dW_proj, db_proj from dh0
        double regLoss = 0;
        if (reg > 0) {
            for (Parameter w : regularized) {
                regLoss += 0.5 * reg * w.value().square().sum();
                w.grad().addScaledi(w.value(), reg);                  // d/dW of 0.5·reg·W² is reg·W
            }
        }
        return data.loss() + regLoss;
    }

    // ---------------------------------------------------------------- decoding

    /** Picks the next word of every row from its scores (N, V). */
    private interface Chooser {
        int[] next(Tensor scores);
    }

    @Override
    public int[][] sample(Tensor features, int maxLength) {
        checkFeatures(features, "sample");
        checkLength(maxLength);
        return decode(features, maxLength, scores -> scores.argmax(1));
    }

    @Override
    public int[][] sample(Tensor features, int maxLength, double temperature, Rng rng) {
        checkFeatures(features, "sample");
        checkLength(maxLength);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(this + ": invalid temperature " + temperature
                    + " (expected a finite number > 0; greedy decoding is sample(features, maxLength))");
        }
        if (rng == null) {
            throw new IllegalArgumentException(this + ": temperature sampling needs an Rng (new Rng(seed))");
        }
        return decode(features, maxLength, scores -> draw(scores, temperature, rng));
    }

    /** Steps all rows together from {@code <START>}; a row that produced {@code <END>} is padded with {@code <NULL>}. */
    private int[][] decode(Tensor features, int maxLength, Chooser chooser) {
        int n = features.shape(0);
        int[][] out = new int[n][maxLength];   // zeros: <NULL>
        boolean[] ended = new boolean[n];
        int[] words = new int[n];
        java.util.Arrays.fill(words, Vocabulary.START_ID);
        Tensor[] state = initialState(features);
        int open = n;
        for (int t = 0; t < maxLength && open > 0; t++) {
            state = step(words, state);
            words = chooser.next(scores(state[0]));
            for (int i = 0; i < n; i++) {
                if (!ended[i]) {
                    out[i][t] = words[i];
                    if (words[i] == Vocabulary.END_ID) {
                        ended[i] = true;
                        open--;
                    }
                }
            }
        }
        return out;
    }

    /** One word per row drawn from softmax(scores / temperature), by inverse CDF with one uniform draw per row. */
    private static int[] draw(Tensor scores, double temperature, Rng rng) {
        int n = scores.shape(0), v = scores.shape(1);
        double[] s = scores.toDoubleArray();
        int[] words = new int[n];
        double[] p = new double[v];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, s[i * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                p[k] = Math.exp((s[i * v + k] - max) / temperature);   // shifted by the max: finite for any scores
                sum += p[k];
            }
            double u = rng.nextDouble() * sum;
            int k = 0;
            for (double acc = p[0]; acc <= u && k < v - 1; acc += p[++k]) {
                // walks to the first word whose cumulative weight exceeds u
            }
            words[i] = k;
        }
        return words;
    }

    @Override
    public int[][] sampleBeam(Tensor features, int beamWidth, int maxLength) {
        checkFeatures(features, "sampleBeam");
        checkLength(maxLength);
        if (beamWidth < 1) {
            throw new IllegalArgumentException(this + ": invalid beam width " + beamWidth + " (expected ≥ 1)");
        }
        int n = features.shape(0), b = beamWidth, rows = n * b, v = vocabSize;
        int[] ofImage = new int[rows];               // row i·B + k is beam k of image i
        for (int r = 0; r < rows; r++) {
            ofImage[r] = r / b;
        }
        Tensor[] state = initialState(features.gatherRows(ofImage));
        double[] score = new double[rows];
        boolean[] done = new boolean[rows];
        int[][] tokens = new int[rows][maxLength];
        for (int r = 0; r < rows; r++) {
            score[r] = r % b == 0 ? 0 : Double.NEGATIVE_INFINITY;   // one live beam per image to start with
        }
        int[] words = new int[rows];
        java.util.Arrays.fill(words, Vocabulary.START_ID);
        Beams kept = new Beams(b);
        for (int t = 0; t < maxLength; t++) {
            state = step(words, state);
            double[] logp = logSoftmax(scores(state[0]));
            int[] parent = new int[rows];
            double[] nextScore = new double[rows];
            int[] next = new int[rows];
            boolean open = false;
            for (int i = 0; i < n; i++) {
                kept.clear();
                for (int k = 0; k < b; k++) {
                    int r = i * b + k;
                    if (score[r] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    if (done[r]) {
                        kept.offer(score[r], r, Vocabulary.NULL_ID);   // an ended caption keeps its score
                        continue;
                    }
                    for (int w = 0; w < v; w++) {
                        kept.offer(score[r] + logp[r * v + w], r, w);
                    }
                }
                for (int k = 0; k < b; k++) {
                    int r = i * b + k;
                    boolean filled = k < kept.size;
                    parent[r] = filled ? kept.row[k] : i * b;
                    next[r] = filled ? kept.word[k] : Vocabulary.NULL_ID;
                    nextScore[r] = filled ? kept.score[k] : Double.NEGATIVE_INFINITY;
                }
            }
            int[][] grown = new int[rows][];
            boolean[] nextDone = new boolean[rows];
            for (int r = 0; r < rows; r++) {
                grown[r] = tokens[parent[r]].clone();
                nextDone[r] = done[parent[r]] || next[r] == Vocabulary.END_ID;
                if (!done[parent[r]]) {
                    grown[r][t] = next[r];
                }
                open |= !nextDone[r] && nextScore[r] != Double.NEGATIVE_INFINITY;
            }
            tokens = grown;
            done = nextDone;
            score = nextScore;
            words = next;
            for (int s = 0; s < state.length; s++) {
                state[s] = state[s].gatherRows(parent);   // every beam continues from its parent's state
            }
            if (!open) {
                break;
            }
        }
        int[][] best = new int[n][];
        for (int i = 0; i < n; i++) {
            best[i] = tokens[i * b];   // beams are kept best first
        }
        return best;
    }

    /** The best {@code width} (score, row, word) offers, best first; an equal score does not displace an earlier offer. */
    private static final class Beams {
        final double[] score;
        final int[] row;
        final int[] word;
        int size;

        Beams(int width) {
            score = new double[width];
            row = new int[width];
            word = new int[width];
        }

        void clear() {
            size = 0;
        }

        void offer(double s, int r, int w) {
            int width = score.length;
            if (size == width && !(s > score[width - 1])) {
                return;
            }
            int at = size < width ? size : width - 1;   // the free slot, or the last one, whose offer drops out
            while (at > 0 && s > score[at - 1]) {       // strict: earlier offers win ties
                score[at] = score[at - 1];
                row[at] = row[at - 1];
                word[at] = word[at - 1];
                at--;
            }
            score[at] = s;
            row[at] = r;
            word[at] = w;
            size = Math.min(width, size + 1);
        }
    }

    /** log softmax of every row of scores (N, V), in double. */
    private static double[] logSoftmax(Tensor scores) {
        int n = scores.shape(0), v = scores.shape(1);
        double[] s = scores.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, s[i * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(s[i * v + k] - max);
            }
            double lse = max + Math.log(sum);
            for (int k = 0; k < v; k++) {
                s[i * v + k] -= lse;
            }
        }
        return s;
    }

    /** h0 = features·W_proj + b_proj (and c0 = 0 for the LSTM), as the state array the steps pass on. */
    private Tensor[] initialState(Tensor features) {
        Tensor h0 = features.matmul(proj.weight().value()).add(proj.bias().value());
        return cell == Cell.LSTM ? new Tensor[]{h0, Tensor.zerosLike(h0)} : new Tensor[]{h0};
    }

    /** One step of the cell for every row, the input being the embeddings of {@code words}. */
    private Tensor[] step(int[] words, Tensor[] state) {
        Tensor x = embed.weight().value().gatherRows(words);   // W_embed[words]   (N, W)
        return switch (cell) {
            case RNN -> new Tensor[]{((Rnn) recurrent).step(x, state[0])};
            case GRU -> new Tensor[]{((Gru) recurrent).step(x, state[0])};
            case LSTM -> {
                Lstm.State s = ((Lstm) recurrent).step(x, new Lstm.State(state[0], state[1]));
                yield new Tensor[]{s.h(), s.c()};
            }
        };
    }

    /** Vocabulary scores h·W_vocab + b_vocab (N, V) of hidden states (N, H). */
    private Tensor scores(Tensor h) {
        return h.matmul(vocabScores.weight().value()).add(vocabScores.bias().value());
    }

    // ---------------------------------------------------------------- checks

    private void checkFeatures(Tensor x, String what) {
        if (x == null) {
            throw new IllegalArgumentException(this + ": " + what + " needs image features, got null");
        }
        if (x.ndim() != 2 || x.shape(1) != inputDim || x.shape(0) == 0) {
            throw new IllegalArgumentException(this + ": features " + Shapes.format(x.shape()) + " must be (N, "
                    + inputDim + ") with N ≥ 1 — one row of D = " + inputDim + " features per image; encode images"
                    + " (N, C, H, W) into features first");
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(this + ": features are " + x.dtype() + " but the parameters are "
                    + dtype + " — convert them with to(DType." + dtype + ")");
        }
    }

    private void checkCaptions(int[][] captions, int n) {
        if (captions == null || captions.length != n) {
            throw new IllegalArgumentException(this + ": " + (captions == null ? "no" : captions.length)
                    + " caption rows for " + n + " feature rows — one caption of T+1 ids per row of features");
        }
        if (captions[0] == null || captions[0].length < 2) {
            throw new IllegalArgumentException(this + ": caption rows need T+1 ≥ 2 ids (<START>, the words, <END>),"
                    + " got " + (captions[0] == null ? "none" : captions[0].length));
        }
    }

    private void checkLength(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException(this + ": invalid maxLength " + maxLength + " (expected ≥ 1 words)");
        }
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public Map<String, Parameter> params() {
        return params;
    }

    /** The words of the ids; throws for a model built from a vocabulary size alone. */
    @Override
    public Vocabulary vocabulary() {
        if (vocabulary == null) {
            throw new IllegalStateException(this + " was built from a vocabulary size alone and knows no words —"
                    + " build it with vocabulary(...) to score, print or save its captions");
        }
        return vocabulary;
    }

    /** True when the model knows its words (built with {@link Builder#vocabulary}). */
    public boolean hasVocabulary() {
        return vocabulary != null;
    }

    /** V, the number of word ids. */
    public int vocabularySize() {
        return vocabSize;
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    /** W, the size of a word vector. */
    public int wordvecDim() {
        return wordvecDim;
    }

    /** H, the size of the hidden state. */
    public int hiddenDim() {
        return hiddenDim;
    }

    /** The recurrent cell. */
    public Cell cell() {
        return cell;
    }

    /** The L2 regularization strength. */
    public double reg() {
        return reg;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Metric captionMetric() {
        return metric;
    }

    @Override
    public ModelSpec spec() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("cell", cell.id());
        o.put("inputDim", Integer.toString(inputDim));
        o.put("wordvecDim", Integer.toString(wordvecDim));
        o.put("hiddenDim", Integer.toString(hiddenDim));
        o.put("reg", Double.toString(reg));
        o.put("metric", metric.name().toLowerCase(Locale.ROOT));
        return new ModelSpec(KIND, o);
    }

    @Override
    public String toString() {
        return "CaptioningRnn(" + cell.id() + ", D=" + inputDim + ", W=" + wordvecDim + ", H=" + hiddenDim + ", V="
                + vocabSize + ")";
    }

    /** Options of a {@link CaptioningRnn}; a vocabulary (or its size) and the input dimension are required. */
    public static final class Builder {
        private Vocabulary vocabulary;
        private int vocabSize;
        private int inputDim;
        private int wordvecDim = DEFAULT_WORDVEC_DIM;
        private int hiddenDim = DEFAULT_HIDDEN_DIM;
        private Cell cell = Cell.RNN;
        private double reg;
        private Metric metric = Metric.EXACT;
        private DType dtype = DType.F32;
        private long seed;

        private Builder() {
        }

        /** The words: V = their number, and the special ids of {@link Vocabulary}. */
        public Builder vocabulary(Vocabulary v) {
            this.vocabulary = v;
            return this;
        }

        /** V alone, with no words (cs231n's gradient-check setup); {@link #vocabulary} wins when both are given. */
        public Builder vocabularySize(int v) {
            this.vocabSize = v;
            return this;
        }

        /** D, the features of one image. */
        public Builder inputDim(int d) {
            this.inputDim = d;
            return this;
        }

        /** W, the size of a word vector (default {@value #DEFAULT_WORDVEC_DIM}). */
        public Builder wordvecDim(int w) {
            this.wordvecDim = w;
            return this;
        }

        /** H, the size of the hidden state (default {@value #DEFAULT_HIDDEN_DIM}). */
        public Builder hiddenDim(int h) {
            this.hiddenDim = h;
            return this;
        }

        /** The recurrent cell (default rnn, as cs231n). */
        public Builder cell(Cell c) {
            this.cell = c;
            return this;
        }

        /** L2 strength on the weight matrices (default 0, as cs231n). */
        public Builder reg(double r) {
            this.reg = r;
            return this;
        }

        /** What {@link CaptioningRnn#metric} measures (default exact-caption accuracy). */
        public Builder metric(Metric m) {
            this.metric = m;
            return this;
        }

        /** F32 (default) or F64. */
        public Builder dtype(DType d) {
            this.dtype = d;
            return this;
        }

        /** Seed of the weights (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public CaptioningRnn build() {
            if (vocabulary == null && vocabSize < 1) {
                throw new IllegalStateException("CaptioningRnn: no vocabulary (call vocabulary(v), or"
                        + " vocabularySize(V) for ids without words)");
            }
            positive("input", inputDim, "inputDim(D), the features of one image");
            positive("word-vector", wordvecDim, "wordvecDim(W)");
            positive("hidden", hiddenDim, "hiddenDim(H)");
            if (!(reg >= 0) || Double.isInfinite(reg)) {
                throw new IllegalArgumentException("CaptioningRnn: invalid reg " + reg + " (expected a finite number ≥ 0)");
            }
            if (cell == null || metric == null || dtype == null) {
                throw new IllegalArgumentException("CaptioningRnn: cell, metric and dtype must not be null");
            }
            return new CaptioningRnn(this);
        }

        private static void positive(String what, int n, String call) {
            if (n < 1) {
                throw new IllegalArgumentException("CaptioningRnn: invalid " + what + " size " + n + " (set " + call
                        + " to a number ≥ 1)");
            }
        }
    }
}
