package io.dendrite.train;

import io.dendrite.model.GanModels;
import io.dendrite.model.Network;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.ConvTranspose2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.GanLoss;
import io.dendrite.nn.LeakyReLU;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Tanh;
import io.dendrite.nn.Unflatten;
import io.dendrite.nn.WeightInit;
import io.dendrite.optim.Adam;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GAN trainer on a few hundred MNIST-like synthetic digits: reproducible, resumable, each step moving one network. */
class GanTrainerTest {
    /** 28×28 "digits" in [−1, 1]: class c is a bright bar over rows 2c..2c+7 with a little seeded noise. */
    static Tensor toyImages(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] px = new float[n * 784];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            for (int r = 0; r < 28; r++) {
                for (int col = 0; col < 28; col++) {
                    boolean on = r >= 2 * c && r < 2 * c + 8 && col >= 6 && col < 22;
                    double v = (on ? 0.9 : 0.05) + 0.05 * rng.nextDouble();
                    px[i * 784 + r * 28 + col] = (float) (2 * v - 1);
                }
            }
        }
        return Tensor.of(px, n, 1, 28, 28);
    }

    static int[] toyLabels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        return y;
    }

    /** The DCGAN's shape at a fraction of its width: noise 8 → 64 → 8·7·7 → (4, 14, 14) → (1, 28, 28). */
    static GanModels.Gan tinyDc(long seed) {
        Rng rng = new Rng(seed);
        DType f32 = DType.F32;
        Network g = Network.builder().inputShape(8)
                .add(new Linear(8, 64, rng, f32)).add(new ReLU()).add(new BatchNorm(64, f32))
                .add(new Linear(64, 8 * 7 * 7, rng, f32)).add(new ReLU()).add(new BatchNorm(8 * 7 * 7, f32))
                .add(new Unflatten(8, 7, 7))
                .add(new ConvTranspose2d(8, 4, 4, 2, 1, WeightInit.xavier(), rng, f32)).add(new ReLU()).add(new BatchNorm2d(4, f32))
                .add(new ConvTranspose2d(4, 1, 4, 2, 1, WeightInit.xavier(), rng, f32)).add(new Tanh())
                .build();
        Network d = Network.builder().inputShape(1, 28, 28)
                .add(new Conv2d(1, 4, 5, 1, 0, rng, f32)).add(new LeakyReLU(0.01)).add(new MaxPool2d(2, 2, 2))
                .add(new Conv2d(4, 8, 5, 1, 0, rng, f32)).add(new LeakyReLU(0.01)).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten()).add(new Linear(128, 32, rng, f32)).add(new LeakyReLU(0.01)).add(new Linear(32, 1, rng, f32))
                .build();
        return new GanModels.Gan("dc", g, d, GanLoss.VANILLA);
    }

    /** The fully connected GAN at a fraction of its width, with the given losses. */
    static GanModels.Gan tinyFc(long seed, GanLoss loss) {
        Rng rng = new Rng(seed);
        DType f32 = DType.F32;
        Network g = Network.builder().inputShape(8)
                .add(new Linear(8, 32, rng, f32)).add(new ReLU()).add(new Linear(32, 784, rng, f32)).add(new Tanh())
                .add(new Unflatten(1, 28, 28)).build();
        Network d = Network.builder().inputShape(1, 28, 28)
                .add(new Flatten()).add(new Linear(784, 32, rng, f32)).add(new LeakyReLU(0.01)).add(new Linear(32, 1, rng, f32))
                .build();
        return new GanModels.Gan(loss == GanLoss.VANILLA ? "fc" : "ls", g, d, loss);
    }

    private static GanTrainer.Builder trainer(GanModels.Gan gan, int epochs) {
        return GanTrainer.builder(gan).images(toyImages(192, 1)).batchSize(32).numEpochs(epochs).seed(7).previewCount(4);
    }

    private static Map<String, float[]> state(GanModels.Gan gan) {
        Map<String, float[]> s = new LinkedHashMap<>();
        gan.generator().params().forEach((k, p) -> s.put("G/" + k, p.value().toFloatArray()));
        gan.generator().buffers().forEach((k, b) -> s.put("G/" + k, b.toFloatArray()));
        gan.discriminator().params().forEach((k, p) -> s.put("D/" + k, p.value().toFloatArray()));
        return s;
    }

    private static void assertSame(Map<String, float[]> a, Map<String, float[]> b) {
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        a.forEach((k, v) -> assertThat(b.get(k)).as(k).containsExactly(v));
    }

    @Test
    void aSeededTinyDcganRunReproducesItselfBitForBit() {
        GanModels.Gan a = tinyDc(3), b = tinyDc(3);
        List<float[]> previews = new ArrayList<>();
        GanHistory ha = trainer(a, 2).listener(new GanListener() {
            @Override
            public void onEpochEnd(EpochSummary s) {
                previews.add(s.samples().toFloatArray());
                assertThat(s.samples().shape()).containsExactly(4, 1, 28, 28);
            }
        }).build().train();
        GanHistory hb = trainer(b, 2).build().train();
        assertThat(ha.discriminatorLoss()).hasSize(12).containsExactly(hb.discriminatorLoss());
        assertThat(ha.generatorLoss()).containsExactly(hb.generatorLoss());
        assertSame(state(a), state(b));
        assertThat(previews).hasSize(2);
        for (double v : ha.discriminatorLoss()) {
            assertThat(v).isFinite();
        }
        GanHistory other = trainer(tinyDc(3), 1).seed(8).build().train();
        assertThat(other.discriminatorLoss()[1]).as("another seed draws other batches and noise")
                .isNotEqualTo(ha.discriminatorLoss()[1]);
    }

    @Test
    void aDcganResumedFromItsFirstEpochCheckpointEndsAsTheUninterruptedRun(@TempDir Path dir) throws IOException {
        GanModels.Gan whole = tinyDc(3);
        GanHistory h = trainer(whole, 2).build().train();

        GanModels.Gan first = tinyDc(3);
        trainer(first, 1).checkpointDir(dir).options(Map.of("model", "tiny")).build().train();
        Path file = dir.resolve(GanTrainer.CHECKPOINT_FILE);
        assertThat(GanTrainer.recordedOptions(file)).containsEntry("model", "tiny");

        GanModels.Gan resumed = tinyDc(99);   // other starting weights: everything must come from the checkpoint
        GanTrainer t = trainer(resumed, 2).build().resume(file);
        assertThat(t.history().epochs()).isEqualTo(1);
        GanHistory hr = t.train();
        assertThat(hr.discriminatorLoss()).containsExactly(h.discriminatorLoss());
        assertThat(hr.generatorLoss()).containsExactly(h.generatorLoss());
        assertSame(state(whole), state(resumed));
        assertThat(hr.epochs()).isEqualTo(2);
    }

    @Test
    void fullyConnectedAndLeastSquaresRunsReproduceAndResume(@TempDir Path dir) throws IOException {
        for (GanLoss loss : GanLoss.values()) {
            GanModels.Gan a = tinyFc(5, loss), b = tinyFc(5, loss);
            GanHistory ha = trainer(a, 2).build().train();
            trainer(b, 1).checkpointDir(dir).build().train();
            GanHistory hb = trainer(b, 2).build().resume(dir.resolve(GanTrainer.CHECKPOINT_FILE)).train();
            assertThat(hb.generatorLoss()).as(loss.toString()).containsExactly(ha.generatorLoss());
            assertSame(state(a), state(b));
        }
    }

    @Test
    void theGeneratorStepLeavesTheDiscriminatorAndTheDiscriminatorStepLeavesTheGenerator() {
        GanModels.Gan gan = tinyDc(4);
        GanTrainer t = trainer(gan, 1).build();
        Tensor real = toyImages(32, 2);
        Map<String, float[]> g0 = params(gan.generator()), d0 = params(gan.discriminator());
        t.discriminatorStep(real, 1);
        Map<String, float[]> d1 = params(gan.discriminator());
        assertSame(g0, params(gan.generator()));
        assertThat(d1.get("W1")).isNotEqualTo(d0.get("W1"));
        t.generatorStep(32, 1);
        assertSame(d1, params(gan.discriminator()));
        assertThat(params(gan.generator()).get("W1")).isNotEqualTo(g0.get("W1"));
        // the G step's backward through D did accumulate into D's gradients; the next D step starts from zero
        assertThat(gan.discriminator().params().get("W1").grad().abs().sum()).isPositive();
    }

    private static Map<String, float[]> params(Network net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        net.params().forEach((k, p) -> m.put(k, p.value().toFloatArray()));
        return m;
    }

    /** An update rule that changes nothing: the gradients of one step stay to be read, at unchanged weights. */
    private static final class Frozen implements io.dendrite.optim.UpdateRule {
        @Override
        public void update(Tensor w, Tensor dw, io.dendrite.optim.State state) {
        }

        @Override
        public double learningRate() {
            return 0;
        }

        @Override
        public void setLearningRate(double lr) {
        }
    }

    /** A small F64 GAN with batch norm in G, so that both steps' gradients can be checked against finite differences. */
    private static GanModels.Gan tinyF64(long seed) {
        Rng rng = new Rng(seed);
        DType f64 = DType.F64;
        Network g = Network.builder().inputShape(3)
                .add(new Linear(3, 6, rng, f64)).add(new ReLU()).add(new BatchNorm(6, f64))
                .add(new Linear(6, 16, rng, f64)).add(new Tanh()).add(new Unflatten(1, 4, 4)).build();
        Network d = Network.builder().inputShape(1, 4, 4)
                .add(new Conv2d(1, 2, 3, 1, 1, rng, f64)).add(new LeakyReLU(0.01)).add(new Flatten())
                .add(new Linear(32, 1, rng, f64)).build();
        return new GanModels.Gan("tiny", g, d, GanLoss.VANILLA);
    }

    @Test
    void bothStepsGradientsMatchFiniteDifferences() {
        for (GanLoss loss : GanLoss.values()) {
            GanModels.Gan gan = tinyF64(8);
            Tensor real = Tensor.rand(new Rng(4), DType.F64, 6, 1, 4, 4).mul(2).sub(1);
            GanTrainer t = GanTrainer.builder(gan.generator(), gan.discriminator()).loss(loss).images(real).batchSize(6)
                    .generatorRule(new Frozen()).discriminatorRule(new Frozen()).seed(3).build();
            // G step first: its noise is the trainer's first draw
            Tensor z = GanTrainer.noise(new Rng(3 ^ GanTrainer.NOISE_SEED), DType.F64, 6, 3);
            t.generatorStep(6, 1);
            java.util.function.DoubleSupplier lossG = () -> {
                Tensor fake = gan.generator().layers().forward(z);
                return loss.generator(gan.discriminator().layers().forward(fake)).loss();
            };
            for (Map.Entry<String, Parameter> e : gan.generator().params().entrySet()) {
                Tensor num = io.dendrite.check.GradientCheck.numericalGradient(lossG, e.getValue().value(), 1e-6);
                assertThat(io.dendrite.check.GradientCheck.relError(num, e.getValue().grad())).as(loss + " G " + e.getKey())
                        .isLessThan(1e-6);
            }
            // D step next: its noise is the second draw; the fake batch is fixed, D's parameters vary
            Rng stream = new Rng(3 ^ GanTrainer.NOISE_SEED);
            GanTrainer.noise(stream, DType.F64, 6, 3);
            Tensor fake = gan.generator().layers().forward(GanTrainer.noise(stream, DType.F64, 6, 3)).copy();
            t.discriminatorStep(real, 1);
            java.util.function.DoubleSupplier lossD = () -> loss.discriminator(gan.discriminator().layers().forward(real),
                    gan.discriminator().layers().forward(fake).copy()).loss();
            for (Map.Entry<String, Parameter> e : gan.discriminator().params().entrySet()) {
                Tensor num = io.dendrite.check.GradientCheck.numericalGradient(lossD, e.getValue().value(), 1e-6);
                assertThat(io.dendrite.check.GradientCheck.relError(num, e.getValue().grad())).as(loss + " D " + e.getKey())
                        .isLessThan(1e-6);
            }
        }
    }

    @Test
    void onAToyEachNetworkLowersItsOwnLossWhileTheOtherStandsStill() {
        for (GanLoss loss : GanLoss.values()) {
            GanModels.Gan gan = tinyFc(6, loss);
            GanTrainer t = trainer(gan, 1).build();
            Tensor real = toyImages(32, 3);
            double d0 = t.discriminatorStep(real, 1), d = d0;
            for (int i = 0; i < 40; i++) {
                d = t.discriminatorStep(real, 1);
            }
            assertThat(d).as(loss + ": D alone learns to tell the bars from the noise").isLessThan(0.5 * d0);
            Map<String, float[]> frozen = params(gan.discriminator());
            double g0 = t.generatorStep(32, 1), g = g0;
            for (int i = 0; i < 40; i++) {
                g = t.generatorStep(32, 1);
            }
            assertThat(g).as(loss + ": G alone learns to fool the frozen D").isLessThan(0.5 * g0);
            assertSame(frozen, params(gan.discriminator()));
        }
    }

    @Test
    void vanillaLossesStartNearTwoLn2AndLn2WhenTheDiscriminatorIsUndecided() {
        GanModels.Gan gan = tinyFc(6, GanLoss.VANILLA);
        for (Parameter p : gan.discriminator().params().values()) {
            p.value().fill(0);   // D outputs logit 0 for everything: L_D = 2 ln 2, L_G = ln 2
        }
        GanTrainer t = trainer(gan, 1).build();
        assertThat(t.discriminatorStep(toyImages(32, 2), 1)).isCloseTo(2 * Math.log(2), org.assertj.core.api.Assertions.within(1e-6));
        for (Parameter p : gan.discriminator().params().values()) {
            p.value().fill(0);
        }
        assertThat(t.generatorStep(32, 1)).isCloseTo(Math.log(2), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void aNonFiniteWeightStopsTrainingNamingTheNetworkAndLayer() {
        GanModels.Gan gan = tinyDc(4);
        gan.generator().params().get("W2").value().set(Float.NaN, 0, 0);
        assertThatThrownBy(() -> trainer(gan, 1).build().train())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("training diverged").hasMessageContaining("discriminator step of iteration 1 (epoch 1)")
                .hasMessageContaining("of the generator").hasMessageContaining("Linear(64→392)")
                .hasMessageContaining("Lower the learning rates");
    }

    @Test
    void refusesImagesOutOfRangeADiscriminatorWithBatchStatisticsAndSharedRules() {
        GanModels.Gan gan = tinyFc(1, GanLoss.VANILLA);
        assertThatThrownBy(() -> GanTrainer.builder(gan).images(GanTrainer.toUnitRange(toyImages(64, 1)).mul(255)).batchSize(32).build())
                .hasMessageContaining("[−1, 1]").hasMessageContaining("fromUnitRange");
        assertThatThrownBy(() -> GanTrainer.builder(gan).images(toyImages(20, 1)).batchSize(32).build())
                .hasMessageContaining("20 real images cannot fill one batch of 32");
        Adam shared = new Adam(1e-3);
        assertThatThrownBy(() -> GanTrainer.builder(gan).images(toyImages(64, 1)).batchSize(32).generatorRule(shared)
                .discriminatorRule(shared).build()).hasMessageContaining("separate update-rule instances");
        Network bnD = Network.builder().add(new Flatten()).add(new Linear(784, 4)).add(new BatchNorm(4)).add(new Linear(4, 1)).build();
        assertThatThrownBy(() -> GanTrainer.builder(gan.generator(), bnD).images(toyImages(64, 1)).batchSize(32).build())
                .hasMessageContaining("batch statistics").hasMessageContaining("running_mean1");
        Network twoScores = Network.builder().add(new Flatten()).add(new Linear(784, 2)).build();
        assertThatThrownBy(() -> GanTrainer.builder(gan.generator(), twoScores).images(toyImages(64, 1)).batchSize(32).build())
                .hasMessageContaining("one score per image, (N, 1)").hasMessageContaining("(2, 2)");
        assertThatThrownBy(() -> GanTrainer.builder(gan).images(toyImages(64, 1).reshape(64, 784)).batchSize(32).build())
                .hasMessageContaining("(1, 28, 28)").hasMessageContaining("(784,)");
    }

    @Test
    void resumeRefusesASolverCheckpointAModelFileAndAnotherGan(@TempDir Path dir) throws IOException {
        GanModels.Gan fc = tinyFc(1, GanLoss.VANILLA);
        trainer(fc, 1).checkpointDir(dir).build().train();
        Path file = dir.resolve(GanTrainer.CHECKPOINT_FILE);
        assertThatThrownBy(() -> trainer(tinyDc(1), 2).build().resume(file))
                .hasMessageContaining("the checkpoint's generator is another network");
        assertThatThrownBy(() -> trainer(tinyFc(1, GanLoss.LEAST_SQUARES), 2).build().resume(file))
                .hasMessageContaining("trained with vanilla losses, this one with least-squares");
        Path model = dir.resolve("g.dnd");
        io.dendrite.model.ModelStore.save(fc.generator(), Map.of(), model);
        assertThatThrownBy(() -> trainer(tinyFc(1, GanLoss.VANILLA), 2).build().resume(model))
                .hasMessageContaining("is a model file, not the checkpoint of a GAN run");
        assertThatThrownBy(() -> Solver.recordedOptions(file)).hasMessageContaining("checkpoint of a GAN run")
                .hasMessageContaining("gan train --resume");
    }

    @Test
    void noiseIsUniformInMinusOneToOneAndSeeded() {
        Tensor z = GanTrainer.noise(new Rng(1), DType.F64, 1000, 96);
        assertThat(z.min()).isGreaterThanOrEqualTo(-1);
        assertThat(z.max()).isLessThan(1);
        assertThat(z.mean()).isBetween(-0.02, 0.02);
        assertThat(z.toDoubleArray()).containsExactly(GanTrainer.noise(new Rng(1), DType.F64, 1000, 96).toDoubleArray());
        assertThat(GanTrainer.fromUnitRange(Tensor.of(new double[]{0, 0.5, 1}, 3)).toDoubleArray()).containsExactly(-1, 0, 1);
        assertThat(GanTrainer.toUnitRange(Tensor.of(new double[]{-1, 0, 1}, 3)).toDoubleArray()).containsExactly(0, 0.5, 1);
    }

    @Test
    void qualityIsMeasuredEveryEpochWithTheClassifier() {
        Tensor real = GanTrainer.toUnitRange(toyImages(2000, 9));
        // one epoch of 20 iterations: the Solver keeps the best epoch, so the classifier must be sure after its last
        Network classifier = SampleQuality.trainClassifier(real, toyLabels(2000), 10, 1, 1, null);
        SampleQuality q = SampleQuality.of(classifier, real);
        SampleQuality.Scores self = q.score(GanTrainer.toUnitRange(toyImages(200, 10)));
        assertThat(self.coverage()).as("real images cover every class").isEqualTo(10);
        assertThat(self.meanConfidence()).isGreaterThan(0.8);
        SampleQuality.Scores blank = q.score(Tensor.zeros(DType.F32, 50, 1, 28, 28).add(0.5));
        assertThat(blank.coverage()).as("one image repeated covers at most one class").isLessThanOrEqualTo(1);
        assertThat(blank.frechetDistance()).isGreaterThan(10 * self.frechetDistance());

        List<SampleQuality.Scores> seen = new ArrayList<>();
        GanHistory h = trainer(tinyFc(2, GanLoss.VANILLA), 2).quality(q, 64).listener(new GanListener() {
            @Override
            public void onEpochEnd(EpochSummary s) {
                seen.add(s.quality());
            }
        }).build().train();
        assertThat(seen).hasSize(2).doesNotContainNull();
        assertThat(h.hasQuality()).isTrue();
        assertThat(h.frechetDistance()).containsExactly(seen.get(0).frechetDistance(), seen.get(1).frechetDistance());
        assertThat(h.epochsCsv()).startsWith("epoch,d_loss,g_loss,seconds,coverage,confidence,frechet_distance\n1,");
        assertThat(trainer(tinyFc(2, GanLoss.VANILLA), 1).build().train().epochsCsv()).contains(",-,-,-");
    }

    @Test
    void theCoursesThreeGansHaveTheNotebooksShapes() {
        for (String kind : GanModels.KINDS) {
            GanModels.Gan gan = GanModels.of(kind, 0);
            assertThat(gan.noiseDim()).isEqualTo(96);
            Tensor x = gan.generator().scores(GanTrainer.noise(new Rng(0), DType.F32, 3, 96));
            assertThat(x.shape()).containsExactly(3, 1, 28, 28);
            assertThat(x.max()).isLessThanOrEqualTo(1);
            assertThat(gan.discriminator().scores(x).shape()).containsExactly(3, 1);
        }
        assertThat(GanModels.of("ls", 0).loss()).isEqualTo(GanLoss.LEAST_SQUARES);
        // the notebook's parameter counts: D 267,009 and G 1,858,320 (fc); D 1,117,697 and G 6,580,801 plus batch norm (dc)
        assertThat(count(GanModels.of("fc", 0).discriminator())).isEqualTo(784 * 256 + 256 + 256 * 256 + 256 + 256 + 1);
        assertThat(count(GanModels.of("fc", 0).generator())).isEqualTo(96 * 1024 + 1024 + 1024 * 1024 + 1024 + 1024 * 784 + 784);
        assertThat(count(GanModels.of("dc", 0).discriminator()))
                .isEqualTo(32 * 25 + 32 + 64 * 32 * 25 + 64 + 1024 * 1024 + 1024 + 1024 + 1);
        assertThat(GanModels.of("dc", 0).generator().layers().toString()).contains("Unflatten(128, 7, 7)", "ConvTranspose2d(128→64, k=4, s=2, p=1)");
        assertThatThrownBy(() -> GanModels.of("wgan", 0)).hasMessageContaining("[fc, ls, dc]");
    }

    @Test
    void aDcganGeneratorSavesAndLoadsBitForBit(@TempDir Path dir) throws IOException {
        GanModels.Gan gan = tinyDc(2);
        trainer(gan, 1).build().train();   // running statistics that are not the initial ones
        Path file = dir.resolve("generator.dnd");
        io.dendrite.model.ModelStore.save(gan.generator(), Map.of(), file);
        Network back = io.dendrite.model.ModelStore.load(file).network();
        assertThat(GanModels.noiseDimOf(back)).isEqualTo(8);
        assertThat(GanTrainer.sample(back, 5, new Rng(3)).toFloatArray())
                .containsExactly(GanTrainer.sample(gan.generator(), 5, new Rng(3)).toFloatArray());
        assertThat(back.summary()).contains("Unflatten(8, 7, 7)");
    }

    @Test
    void theRealDcganTrainsAnIteration() {
        GanModels.Gan gan = GanModels.of("dc", 1);
        GanHistory h = GanTrainer.builder(gan).images(toyImages(16, 1)).batchSize(16).numEpochs(1).previewCount(2).build().train();
        assertThat(h.discriminatorLoss()).hasSize(1);
        assertThat(h.generatorLoss()[0]).isFinite();
    }

    private static long count(Network net) {
        return net.params().values().stream().mapToLong(p -> p.value().size()).sum();
    }
}
