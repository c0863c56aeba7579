package io.dendrite.bench;

import io.dendrite.data.Fetcher;
import io.dendrite.data.Mnist;
import io.dendrite.data.TrainTest;
import io.dendrite.data.text.CaptionData;
import io.dendrite.data.text.CaptionMetrics;
import io.dendrite.data.text.MnistCaptions;
import io.dendrite.model.CaptioningTransformer;
import io.dendrite.optim.Adam;
import io.dendrite.train.ConsoleProgress;
import io.dendrite.train.History;
import io.dendrite.train.Solver;

import java.util.Locale;

/**
 * Trains a {@link CaptioningTransformer} on the MNIST captioning task (real MNIST from the cache) through the Solver
 * and reports held-out exact-caption accuracy and BLEU-1 under greedy decoding — the measurement, not a
 * unit test. Memory: the four 28 × 28 digit slots of each 28 × 112 image as four tokens ({@code patches}), or, with
 * {@code flat}, the whole image as the notebook's single token.
 *
 * <pre>
 *   mvn -q -o -pl dendrite-core test-compile
 *   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector -Ddendrite.threads=1 \
 *       -cp dendrite-core/target/test-classes:dendrite-core/target/classes io.dendrite.bench.CaptioningTransformerRun \
 *       [epochs=6] [train=10000] [val=2000] [memory=patches|flat] [E=64] [layers=2] [heads=4] [F=256] [lr=1e-3] [decay=1.0]
 *       [dropout=0.1]
 * </pre>
 */
public final class CaptioningTransformerRun {
    private CaptioningTransformerRun() {
    }

    public static void main(String[] args) throws Exception {
        String[] defaults = {"epochs=6", "train=10000", "val=2000", "memory=patches", "E=64", "layers=2", "heads=4",
                "F=256", "lr=1e-3", "decay=1.0", "dropout=0.1"};
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        for (String a : defaults) {
            String[] kv = a.split("=", 2);
            o.put(kv[0], kv[1]);
        }
        for (String a : args) {
            String[] kv = a.split("=", 2);
            o.put(kv[0], kv[1]);
        }
        Fetcher fetcher = Fetcher.standard();
        if (!fetcher.isCached("mnist")) {
            System.err.println("MNIST is not cached in " + fetcher.cache().root() + " — run ./dendrite fetch mnist");
            System.exit(2);
        }
        TrainTest mnist = Mnist.load(fetcher.cache().folder("mnist"), true, true);
        boolean flat = o.get("memory").equals("flat");
        CaptionData.Splits splits = MnistCaptions.splits(mnist, Integer.parseInt(o.get("train")),
                Integer.parseInt(o.get("val")), 231, flat);
        CaptionData.Batch train = splits.train().all(), val = splits.val().all();
        // the Solver picks its best epoch on captions of other MNIST training digits, so that the held-out figures
        // below come from data no choice was made on
        CaptionData.Batch select = MnistCaptions.generate(mnist.train(), 1000, 777, flat).all();
        CaptioningTransformer.Builder b = CaptioningTransformer.builder(MnistCaptions.vocabulary())
                .wordVecDim(Integer.parseInt(o.get("E"))).numHeads(Integer.parseInt(o.get("heads")))
                .numLayers(Integer.parseInt(o.get("layers"))).feedforwardDim(Integer.parseInt(o.get("F")))
                .dropout(Double.parseDouble(o.get("dropout"))).maxLength(MnistCaptions.CAPTION_LENGTH - 1).seed(1);
        CaptioningTransformer model = flat ? b.inputDim(MnistCaptions.HEIGHT * MnistCaptions.WIDTH).build()
                : b.inputDim(28 * 28).patches(28, 28).build();
        System.out.println(model + ", " + o + ", threads " + io.dendrite.tensor.kernel.Threads.count()
                + ", train " + splits.train() + ", val " + splits.val());
        long t0 = System.nanoTime();
        History h = Solver.builder(model).train(train.features(), train.captions())
                .validation(select.features(), select.captions()).updateRule(new Adam(Double.parseDouble(o.get("lr")))).lrDecay(Double.parseDouble(o.get("decay")))
                .numEpochs(Integer.parseInt(o.get("epochs"))).batchSize(50).numTrainSamples(1000).numValSamples(1000)
                .seed(2).listener(ConsoleProgress.toStdout(100)).build().train();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        int[][] sampled = model.sample(val.features(), MnistCaptions.CAPTION_LENGTH - 1);
        double sampleSeconds = (System.nanoTime() - t1) / 1e9;
        double exact = CaptionMetrics.exactAccuracy(sampled, val.captions(), MnistCaptions.vocabulary());
        double bleu = CaptionMetrics.meanBleu1(sampled, val.captions(), MnistCaptions.vocabulary());
        int epochs = Integer.parseInt(o.get("epochs"));
        System.out.printf(Locale.ROOT, "trained %d epochs in %.1f s (%.0f captions/s, evaluations included); best"
                + " selection-set %s %.4f at epoch %d%n", epochs, seconds, (double) train.captions().length * epochs / seconds,
                h.metric(), h.bestValAcc(), h.bestEpoch());
        System.out.printf(Locale.ROOT, "held-out (%d captions from MNIST test digits): exact-caption accuracy %.4f,"
                + " BLEU-1 %.4f; greedy sampling %.1f s%n", sampled.length, exact, bleu, sampleSeconds);
        for (int i = 0; i < 5; i++) {
            System.out.println("  truth: " + MnistCaptions.vocabulary().decodeToString(val.captions()[i])
                    + "   sampled: " + MnistCaptions.vocabulary().decodeToString(sampled[i]));
        }
    }
}
