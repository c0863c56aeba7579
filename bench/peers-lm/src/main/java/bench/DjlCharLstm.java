package bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The character LSTM language model of {@code dendrite lm train} on PyTorch (libtorch) through DJL: embedding (V, D)
 * → LSTM (L layers of H) → linear (H → V) → softmax cross-entropy averaged per character; Adam, gradients clipped
 * to a global L2 norm of 5; truncated backpropagation through time over B streams of the text in windows of T
 * characters, (h, c) carried from window to window and detached. Same vocabulary (the text's distinct code points),
 * same sizes, same stream layout.
 *
 * <p>usage: DjlCharLstm TEXT_FILE [iterations=150] [warmup=10] [B=32] [T=50] [D=64] [H=128] [L=2] [lr=2e-3]
 * <br>Prints {@code RESULT lm djl chars_per_second=… } for the timed iterations after the warm-up ones.
 */
public final class DjlCharLstm {
    /** Embedding → LSTM → Linear; inputs (ids (B, T), h0, c0), outputs (scores (B, T, V), h, c). */
    static final class CharLstm extends AbstractBlock {
        private final Parameter embedding;
        private final LSTM lstm;
        private final Linear out;
        private final int vocab;
        private final int embed;

        CharLstm(int vocab, int embed, int hidden, int layers) {
            this.vocab = vocab;
            this.embed = embed;
            embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(vocab, embed)).build());
            lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hidden).setNumLayers(layers)
                    .optBatchFirst(true).optReturnState(true).build());
            out = addChildBlock("out", Linear.builder().setUnits(vocab).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray ids = inputs.get(0);
            Device device = ids.getDevice();
            NDArray x = ids.getNDArrayInternal().embedding(ids, ps.getValue(embedding, device, training),
                    SparseFormat.DENSE).singletonOrThrow();                          // (B, T, D)
            NDList r = lstm.forward(ps, new NDList(x, inputs.get(1), inputs.get(2)), training);   // out, h, c
            NDArray scores = out.forward(ps, new NDList(r.get(0)), training).singletonOrThrow();  // (B, T, V)
            return new NDList(scores, r.get(1), r.get(2));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            long b = inputs[0].get(0), t = inputs[0].get(1);
            return new Shape[]{new Shape(b, t, vocab), inputs[1], inputs[2]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            long b = inputShapes[0].get(0), t = inputShapes[0].get(1);
            Shape x = new Shape(b, t, embed);
            lstm.initialize(manager, dataType, x, inputShapes[1], inputShapes[2]);
            Shape[] lstmOut = lstm.getOutputShapes(new Shape[]{x, inputShapes[1], inputShapes[2]});
            out.initialize(manager, dataType, lstmOut[0]);
        }
    }

    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int iterations = arg(args, 1, 150), warmup = arg(args, 2, 10), b = arg(args, 3, 32), t = arg(args, 4, 50);
        int d = arg(args, 5, 64), h = arg(args, 6, 128), layers = arg(args, 7, 2);
        float lr = args.length > 8 ? Float.parseFloat(args[8]) : 2e-3f;
        int[] cps = text.codePoints().toArray();
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int cp : cps) {
            distinct.add(cp);
        }
        int[] vocab = distinct.stream().mapToInt(Integer::intValue).toArray();
        int[] ids = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            ids[i] = java.util.Arrays.binarySearch(vocab, cps[i]);
        }
        int v = vocab.length;
        int streamLength = ids.length / b, windows = (streamLength - 1) / t;
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "engine=%s version=%s djl=%s threads=%s interop=%s V=%d B=%d T=%d D=%d H=%d L=%d"
                        + " windows/epoch=%d%n", engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                System.getProperty("ai.djl.pytorch.num_threads"), System.getProperty("ai.djl.pytorch.num_interop_threads"),
                v, b, t, d, h, layers, windows);
        try (NDManager root = NDManager.newBaseManager(); Model model = Model.newInstance("char-lstm")) {
            model.setBlock(new CharLstm(v, d, h, layers));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
                    .optInitializer(new NormalInitializer(0.08f), Parameter.Type.WEIGHT);
            try (Trainer trainer = model.newTrainer(cfg)) {
                Shape state = new Shape(layers, b, h);
                trainer.initialize(new Shape(b, t), state, state);
                NDArray hState = root.zeros(state), cState = root.zeros(state);
                int[] x = new int[b * t];
                float[] y = new float[b * t];
                long start = 0;
                double lossSum = 0;
                int lossCount = 0;
                for (int it = 0; it < warmup + iterations; it++) {
                    int k = it % windows;
                    if (k == 0) {   // a new pass over the streams starts from zero states
                        hState.close();
                        cState.close();
                        hState = root.zeros(state);
                        cState = root.zeros(state);
                    }
                    if (it == warmup) {
                        start = System.nanoTime();
                    }
                    for (int s = 0; s < b; s++) {
                        for (int j = 0; j < t; j++) {
                            int at = s * streamLength + k * t + j;
                            x[s * t + j] = ids[at];
                            y[s * t + j] = ids[at + 1];
                        }
                    }
                    try (NDManager m = root.newSubManager()) {
                        NDArray xs = m.create(x, new Shape(b, t));
                        NDArray ys = m.create(y, new Shape((long) b * t));
                        NDList result;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            result = trainer.forward(new NDList(xs, hState, cState));
                            NDArray scores = result.get(0).reshape(-1, v);
                            NDArray loss = trainer.getLoss().evaluate(new NDList(ys), new NDList(scores));
                            gc.backward(loss);
                            if (it >= warmup + iterations - 20) {
                                lossSum += loss.getFloat();
                                lossCount++;
                            }
                        }
                        clipGlobalNorm(trainer, 5f);
                        trainer.step();
                        NDArray nextH = result.get(1).stopGradient(), nextC = result.get(2).stopGradient();
                        nextH.attach(root);
                        nextC.attach(root);
                        hState.close();
                        cState.close();
                        hState = nextH;
                        cState = nextC;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double chars = (double) iterations * b * t;
                System.out.printf(Locale.ROOT, "RESULT lm djl chars_per_second=%.0f iterations=%d seconds=%.3f"
                        + " mean_loss_last_%d=%.4f ln_V=%.4f%n", chars / seconds, iterations, seconds, lossCount,
                        lossSum / lossCount, Math.log(v));
            }
        }
    }

    /** Scales every gradient by 5 / norm when their global L2 norm exceeds 5, as Dendrite's clipNorm does. */
    static void clipGlobalNorm(Trainer trainer, float maxNorm) {
        double sq = 0;
        for (var p : trainer.getModel().getBlock().getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            sq += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            for (var p : trainer.getModel().getBlock().getParameters()) {
                p.getValue().getArray().getGradient().muli(maxNorm / norm);
            }
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
