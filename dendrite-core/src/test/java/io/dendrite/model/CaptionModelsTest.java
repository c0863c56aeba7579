package io.dendrite.model;

import io.dendrite.data.Dataset;
import io.dendrite.data.text.CaptionData;
import io.dendrite.data.text.MnistCaptions;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.io.ModelFile;
import io.dendrite.nn.Layer;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving and loading caption models with their vocabulary and image encoder; the slot encoder; the kinds. */
class CaptionModelsTest {
    @TempDir
    Path dir;

    /** 40 random "digits" of 28×28 with labels 0–9, enough to compose captioned strips. */
    private static Dataset digits() {
        Rng rng = new Rng(3);
        float[] px = new float[40 * 784];
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 10;
            for (int k = 0; k < 784; k++) {
                px[i * 784 + k] = (float) rng.nextDouble();
            }
        }
        return new Dataset(px, new int[]{1, 28, 28}, labels, 10);
    }

    private static SlotEncoder slotEncoder() {
        return new SlotEncoder(SimpleConvNet.builder().filterNum(4).hiddenSize(6).weightInit("he").seed(5).build(), 28);
    }

    private static CaptioningRnn model(int inputDim, CaptioningRnn.Cell cell) {
        CaptioningRnn m = CaptioningRnn.builder().vocabulary(MnistCaptions.vocabulary()).inputDim(inputDim)
                .wordvecDim(8).hiddenDim(12).cell(cell).metric(CaptionModel.Metric.BLEU1).reg(1e-3).seed(2).build();
        for (Parameter p : m.params().values()) {   // larger than at init, so that the captions differ by image
            p.value().muli(4);
        }
        return m;
    }

    @Test
    void aSavedModelLoadsWithItsWordsAndEncoderAndCaptionsAlike() throws IOException {
        CaptionData data = MnistCaptions.generate(digits(), 12, 7);
        SlotEncoder encoder = slotEncoder();
        Tensor features = encoder.encode(data.features());
        assertThat(features.shape()).containsExactly(12, 4 * 6);
        CaptioningRnn model = model(24, CaptioningRnn.Cell.GRU);
        Path file = dir.resolve("caption.dnd");
        CaptionModels.save(model, encoder, Map.of("dataset", "mnist"), file);

        CaptionModels.Loaded back = CaptionModels.load(file);
        assertThat(back.metadata()).containsEntry("dataset", "mnist");
        assertThat(back.model()).isInstanceOf(CaptioningRnn.class);
        assertThat(back.model().spec()).isEqualTo(model.spec());
        assertThat(back.model().vocabulary().words()).isEqualTo(MnistCaptions.vocabulary().words());
        assertThat(back.model().captionMetric()).isEqualTo(CaptionModel.Metric.BLEU1);
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            assertThat(back.model().params().get(e.getKey()).value().toDoubleArray()).as(e.getKey())
                    .containsExactly(e.getValue().value().toDoubleArray());
        }
        Tensor again = back.encoder().encode(data.features());
        assertThat(again.toDoubleArray()).containsExactly(features.toDoubleArray());
        assertThat(back.model().sample(again, 5)).isDeepEqualTo(model.sample(features, 5));
        assertThat(back.model().sampleBeam(again, 3, 5)).isDeepEqualTo(model.sampleBeam(features, 3, 5));
        assertThat(back.model().sample(again, 5, 0.7, new Rng(9))).isDeepEqualTo(model.sample(features, 5, 0.7, new Rng(9)));
        int[][] captions = data.captions();
        assertThat(back.model().loss(again, captions)).isEqualTo(model.loss(features, captions));
    }

    @Test
    void pixelsAndGivenFeaturesRoundTripToo() throws IOException {
        CaptionData data = MnistCaptions.generate(digits(), 5, 1);
        CaptioningRnn pixels = model(28 * 112, CaptioningRnn.Cell.LSTM);
        Path file = dir.resolve("pixels.dnd");
        CaptionModels.save(pixels, ImageEncoder.pixels(), Map.of(), file);
        CaptionModels.Loaded back = CaptionModels.load(file);
        assertThat(back.encoder()).isSameAs(ImageEncoder.pixels());
        Tensor x = back.encoder().encode(data.features());
        assertThat(x.shape()).containsExactly(5, 28 * 112);
        assertThat(back.model().sampleBeam(x, 2, 5)).isDeepEqualTo(pixels.sampleBeam(x, 2, 5));

        CaptioningRnn given = CaptioningRnn.builder().vocabulary(Vocabulary.of(List.of("a", "man", "dog"))).inputDim(6)
                .dtype(DType.F64).build();
        CaptionModels.save(given, null, Map.of(), dir.resolve("coco.dnd"));
        CaptionModels.Loaded coco = CaptionModels.load(dir.resolve("coco.dnd"));
        assertThat(coco.encoder()).isNull();
        assertThat(coco.model().dtype()).isEqualTo(DType.F64);
        assertThat(coco.model().vocabulary().words()).endsWith("a", "man", "dog");
    }

    @Test
    void slotFeaturesAreTheNetworksPenultimateActivationsOfEachDigitInOrder() {
        CaptionData data = MnistCaptions.generate(digits(), 3, 11);
        SlotEncoder encoder = slotEncoder();
        Tensor features = encoder.encode(data.features());
        Tensor image = data.features();
        List<Layer> layers = encoder.network().layers().layers();
        for (int n = 0; n < 3; n++) {
            for (int slot = 0; slot < 4; slot++) {
                double[] crop = new double[784];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        crop[y * 28 + x] = image.get(n, 0, y, slot * 28 + x);
                    }
                }
                Tensor h = Tensor.of(crop, 1, 1, 28, 28).to(DType.F32);
                for (Layer l : layers.subList(0, layers.size() - 1)) {   // all but the last Linear
                    l.setTraining(false);
                    h = l.forward(h);
                }
                for (int f = 0; f < 6; f++) {
                    assertThat(features.get(n, slot * 6 + f)).as("image %d slot %d feature %d", n, slot, f)
                            .isEqualTo(h.get(0, f));
                }
            }
        }
        assertThat(encoder.featureDim(new int[]{1, 28, 112})).isEqualTo(24);
        assertThatThrownBy(() -> encoder.encode(Tensor.zeros(DType.F32, 2, 1, 28, 100)))
                .hasMessageContaining("do not split into slots (1, 28, 28)");
    }

    @Test
    void networksAndCaptionModelsRefuseEachOthersFiles() throws IOException {
        Path net = dir.resolve("net.dnd");
        ModelStore.save(slotEncoder().network(), Map.of(), net);
        assertThatThrownBy(() -> CaptionModels.load(net)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds a network, not a captioning model");
        Path cap = dir.resolve("cap.dnd");
        CaptionModels.save(model(4, CaptioningRnn.Cell.RNN), null, Map.of(), cap);
        assertThatThrownBy(() -> ModelStore.load(cap)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds a captioning model, not a network");
        CaptioningRnn noWords = CaptioningRnn.builder().vocabularySize(3).inputDim(2).build();
        assertThatThrownBy(() -> CaptionModels.save(noWords, null, Map.of(), dir.resolve("x.dnd")))
                .hasMessageContaining("knows no words");
        assertThat(dir.resolve("x.dnd")).doesNotExist();
    }

    @Test
    void aDamagedArchitectureOrMissingParameterIsRefusedNamingTheFile() throws IOException {
        Path cap = dir.resolve("cap.dnd");
        CaptioningRnn m = model(4, CaptioningRnn.Cell.RNN);
        CaptionModels.save(m, null, Map.of(), cap);
        ModelFile.Contents c = ModelFile.read(cap);
        Path unknown = dir.resolve("unknown.dnd");
        ModelFile.write(unknown, new ModelFile.Contents(c.architecture().replace("model rnn", "model lstm-x"),
                c.metadata(), c.parameters(), c.buffers()));
        assertThatThrownBy(() -> CaptionModels.load(unknown)).hasMessageContaining(unknown.toString())
                .hasMessageContaining("unknown captioning model 'lstm-x' (expected one of rnn");
        Map<String, Tensor> fewer = new java.util.LinkedHashMap<>(c.parameters());
        fewer.remove("Wh");
        Path missing = dir.resolve("missing.dnd");
        ModelFile.write(missing, new ModelFile.Contents(c.architecture(), c.metadata(), fewer, c.buffers()));
        assertThatThrownBy(() -> CaptionModels.load(missing)).hasMessageContaining("lacks parameter Wh");
        Path badWords = dir.resolve("words.dnd");
        ModelFile.write(badWords, new ModelFile.Contents(c.architecture().replace("\"<START>\", ", ""),
                c.metadata(), c.parameters(), c.buffers()));
        assertThatThrownBy(() -> CaptionModels.load(badWords)).hasMessageContaining("no caption vocabulary");
    }

    @Test
    void kindsAreRegisteredOnce() {
        assertThat(CaptionModels.kinds()).startsWith("rnn");
        assertThatThrownBy(() -> CaptionModels.register("rnn", CaptioningRnn::fromSpec))
                .hasMessageContaining("kind 'rnn' is registered already");
        assertThatThrownBy(() -> CaptionModels.create(ModelSpec.parse("nope"), MnistCaptions.vocabulary(), DType.F32, 0))
                .hasMessageContaining("unknown captioning model 'nope'");
        CaptionModel m = CaptionModels.create(ModelSpec.parse("rnn cell=gru inputDim=5 wordvecDim=3 hiddenDim=4"),
                MnistCaptions.vocabulary(), DType.F32, 1);
        assertThat(m.toString()).isEqualTo("CaptioningRnn(gru, D=5, W=3, H=4, V=14)");
        assertThat(m.metricName()).isEqualTo("exact-caption accuracy (greedy)");
    }
}
