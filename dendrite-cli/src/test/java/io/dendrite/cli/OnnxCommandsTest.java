package io.dendrite.cli;

import io.dendrite.cli.CommandsTest.Result;
import io.dendrite.io.onnx.OnnxImport;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dendrite export --format onnx} and {@code dendrite import FILE.onnx} end to end, in-process. */
class OnnxCommandsTest {

    @Test
    void exportWritesAnOnnxModelThatScoresAsTheModelFile(@TempDir Path tmp) throws IOException {
        Path model = CommandsTest.imageModel(tmp);
        Result r = run("export", "--format", "onnx", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path onnx = tmp.resolve("halves.onnx");                     // OUT defaults to MODEL with .onnx
        assertThat(r.out()).contains("  input  x (N, 1, 8, 8)").contains("  output scores (N, 2)")
                .contains("  output probabilities (N, 2)").contains("wrote    ONNX opset 17, ").contains(" to " + onnx);
        Tensor x = Tensor.randn(new Rng(4), DType.F32, 3, 1, 8, 8);
        Network original = ModelStore.load(model).network();
        assertThat(OnnxImport.read(onnx).scores(x).toFloatArray()).isEqualTo(original.scores(x).toFloatArray());
    }

    @Test
    void theFormatFollowsTheExtensionOfOutUnlessGiven(@TempDir Path tmp) throws IOException {
        Path model = CommandsTest.imageModel(tmp);
        Path onnx = tmp.resolve("net.onnx");
        assertThat(run("export", model.toString(), onnx.toString()).code()).isZero();
        assertThat(OnnxImport.read(onnx).inputShape().orElseThrow()).containsExactly(1, 8, 8);
        assertThat(ExportCommand.formatOf(Path.of("w.NPZ"))).isEqualTo("npz");
        assertThat(ExportCommand.formatOf(null)).isEqualTo("npz");
        assertThat(ExportCommand.formatOf(Path.of("w.onnx"))).isEqualTo("onnx");
        Path upper = tmp.resolve("upper.bin");
        assertThat(run("export", "--format", "ONNX", model.toString(), upper.toString()).code()).isZero();
        assertThat(OnnxImport.read(upper).inputShape()).isPresent();

        Result bad = run("export", "--format", "tflite", model.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).isEqualTo("dendrite export: unknown --format 'tflite': expected npz, safetensors or onnx");
        Result compressed = run("export", "--format", "onnx", "--compressed", model.toString(), tmp.resolve("c.onnx").toString());
        assertThat(compressed.err()).contains("--compressed applies to npz only, not to onnx");
    }

    @Test
    void importBuildsTheNetworkFromTheGraphAndRecordsShapeAndClasses(@TempDir Path tmp) throws IOException {
        Path model = CommandsTest.imageModel(tmp);
        Path onnx = tmp.resolve("halves.onnx");
        assertThat(run("export", "--format", "onnx", model.toString()).code()).isZero();
        Path back = tmp.resolve("back.dnd");
        Result r = run("import", onnx.toString(), "--out", back.toString(), "--dataset", "mnist");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 3 layers, 4 parameters (672 values) from " + onnx + " (made by dendrite)")
                .contains("wrote    " + back + " (samples (1, 8, 8), 2 classes)");
        ModelStore.Loaded loaded = ModelStore.load(back);
        assertThat(loaded.metadata()).containsEntry("inputShape", "(1, 8, 8)").containsEntry("numClasses", "2")
                .containsEntry("importedFrom", "halves.onnx").containsEntry("dataset", "mnist")
                .containsEntry("pixelScale", "1/255");
        Tensor x = Tensor.randn(new Rng(5), DType.F32, 4, 1, 8, 8);
        assertThat(loaded.network().scores(x).toFloatArray())
                .isEqualTo(ModelStore.load(model).network().scores(x).toFloatArray());

        Path image = tmp.resolve("left.png");
        CommandsTest.writeHalf(image, 24, 24, true, false, "png");
        Result predict = run("predict", "--model-file", back.toString(), "--top", "1", image.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).contains("1. 0 ");
    }

    @Test
    void importOfAPyTorchStyleFileNeedsNoModelOptionsAndRefusesThem(@TempDir Path tmp) throws IOException, URISyntaxException {
        Path fixture = tmp.resolve("torch_mlp.onnx");
        Files.copy(Path.of(OnnxImport.class.getResource("torch_mlp.onnx").toURI()), fixture);
        Result r = run("import", fixture.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(made by pytorch 2.3.0)").contains("wrote    " + tmp.resolve("torch_mlp.dnd")
                + " (samples (1, 4, 4), 3 classes)");
        assertThat(ModelStore.load(tmp.resolve("torch_mlp.dnd")).metadata()).containsEntry("onnxProducer", "pytorch_2.3.0")
                .doesNotContainKey("dataset");

        Result withModel = run("import", fixture.toString(), "--model", "fc", "--classes", "3");
        assertThat(withModel.code()).isEqualTo(1);
        assertThat(withModel.err().strip()).isEqualTo("dendrite import: " + fixture
                + " is an ONNX model and carries its architecture; drop --model, --classes");
    }

    @Test
    void aDamagedOnnxFileFailsWithOneLine(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.onnx");
        Files.write(bad, new byte[]{0x3A, 0x7F, 0x01});
        Result r = run("import", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("dendrite import: " + bad + ": at byte 1 (in ModelProto): truncated or damaged:")
                .doesNotContain("\n");
    }
}
