package io.dendrite.cli;

import io.dendrite.model.Network;
import io.dendrite.cli.CommandsTest.Result;
import io.dendrite.io.Npz;
import io.dendrite.io.Safetensors;
import io.dendrite.model.ModelStore;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dendrite export} and {@code dendrite import} end to end, in-process. */
class ImportExportCommandsTest {

    private static Tensor scores(Path model, Tensor x) throws IOException {
        return ModelStore.load(model).network().scores(x);
    }

    @Test
    void exportThenImportGivesAModelThatScoresAlikeAndPredicts(@TempDir Path tmp) throws IOException {
        Path original = CommandsTest.imageModel(tmp);              // two-layer, 8×8 grayscale, hidden 10, 2 classes
        Path npz = tmp.resolve("halves.npz");

        Result export = run("export", original.toString());      // OUT defaults to MODEL with .npz
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("W1").contains("(64, 10)").contains("float32")
                .contains("wrote    4 arrays to " + npz);
        assertThat(Npz.read(npz).keySet()).containsExactly("W1", "b1", "W2", "b2");

        Path imported = tmp.resolve("imported.dnd");
        Result in = run("import", npz.toString(), "--out", imported.toString(), "--model", "two-layer", "--hidden", "10",
                "--input-shape", "1,8,8", "--classes", "2", "--seed", "7");
        assertThat(in.code()).as(in.err()).isZero();
        assertThat(in.out()).contains("imported 4 arrays from " + npz).contains("wrote    " + imported);

        Tensor x = Tensor.randn(new Rng(1), DType.F32, 5, 1, 8, 8);
        assertThat(scores(imported, x).toFloatArray()).isEqualTo(scores(original, x).toFloatArray());
        ModelStore.Loaded back = ModelStore.load(imported);
        assertThat(back.metadata()).containsEntry("inputShape", "(1, 8, 8)").containsEntry("numClasses", "2")
                .containsEntry("dataset", "mnist").containsEntry("pixelScale", "1/255")
                .containsEntry("importedFrom", "halves.npz");

        Path image = tmp.resolve("left.png");
        CommandsTest.writeHalf(image, 24, 24, true, false, "png");
        Result predict = run("predict", "--model-file", imported.toString(), "--top", "1", image.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).contains("1. 0 ");                 // class 0 ("left"), unnamed in the import
    }

    @Test
    void importLikeAnExistingModelKeepsItsArchitectureAndMetadata(@TempDir Path tmp) throws IOException {
        Path original = CommandsTest.imageModel(tmp);
        Path npz = tmp.resolve("w.npz");
        assertThat(run("export", original.toString(), npz.toString(), "--compressed").code()).isZero();

        Result in = run("import", npz.toString(), "--like", original.toString());
        assertThat(in.code()).as(in.err()).isZero();
        Path imported = tmp.resolve("w.dnd");                        // --out defaults to WEIGHTS with .dnd
        Tensor x = Tensor.randn(new Rng(2), DType.F32, 3, 1, 8, 8);
        assertThat(scores(imported, x).toFloatArray()).isEqualTo(scores(original, x).toFloatArray());
        assertThat(ModelStore.load(imported).metadata()).containsAllEntriesOf(ModelStore.load(original).metadata())
                .containsEntry("importedFrom", "w.npz");

        Result both = run("import", npz.toString(), "--like", original.toString(), "--model", "fc", "--classes", "3");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err().strip()).isEqualTo("dendrite import: --like " + original
                + " gives the architecture and metadata; drop --model, --classes");
    }

    @Test
    void anImportedModelEvaluatesLikeTheExportedOne(@TempDir Path tmp) throws IOException {
        Network net = TwoLayerNet.builder().inputDim(2).hiddenDim(20).numClasses(3).weightScale(1).seed(5).build();
        Path original = tmp.resolve("spiral.dnd");
        ModelStore.save(net, Map.of("dataset", "spiral", "inputShape", "(2,)", "numClasses", "3"), original);
        Path npz = tmp.resolve("spiral.npz");
        assertThat(run("export", original.toString(), npz.toString()).code()).isZero();
        Path imported = tmp.resolve("imported.dnd");
        Result in = run("import", npz.toString(), "--out", imported.toString(), "--dataset", "spiral",
                "--model", "two-layer", "--hidden", "20", "--input-shape", "2", "--classes", "3");
        assertThat(in.code()).as(in.err()).isZero();

        Result a = run("eval", "--model-file", original.toString(), "--seed", "0");
        Result b = run("eval", "--model-file", imported.toString(), "--seed", "0");    // dataset from the metadata
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        String accuracy = a.out().lines().filter(l -> l.startsWith("accuracy")).findFirst().orElseThrow();
        assertThat(b.out()).contains("spiral test: 300 examples").contains(accuracy);
    }

    @Test
    void mismatchesFailInOneLineNamingTheFileArrayAndShapes(@TempDir Path tmp) throws IOException {
        Path original = CommandsTest.imageModel(tmp);
        Path npz = tmp.resolve("w.npz");
        assertThat(run("export", original.toString(), npz.toString()).code()).isZero();
        Path out = tmp.resolve("never.dnd");

        Result wide = run("import", npz.toString(), "--out", out.toString(), "--model", "two-layer", "--hidden", "20",
                "--input-shape", "1,8,8", "--classes", "2");
        assertThat(wide.code()).isEqualTo(1);
        assertThat(wide.err().strip()).startsWith("dendrite import: " + npz + ": array W1 has shape (64, 10), the network's W1 is (64, 20)")
                .contains("array W2 has shape (10, 2), the network's W2 is (20, 2)");
        assertThat(wide.err().strip().lines().count()).isEqualTo(1);
        assertThat(out).doesNotExist();

        Map<String, Tensor> arrays = new LinkedHashMap<>(Npz.read(npz));
        arrays.put("W3", Tensor.zeros(DType.F32, 2, 2));
        Path extra = tmp.resolve("extra.npz");
        Npz.write(extra, arrays);
        String[] options = {"--out", out.toString(), "--model", "two-layer", "--hidden", "10", "--input-shape", "1,8,8",
                "--classes", "2"};
        Result strict = run(concat(new String[]{"import", extra.toString(), "--strict"}, options));
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains(extra + ": array W3 is not in the network, whose weights are W1, b1, W2, b2");
        assertThat(out).doesNotExist();

        Result lenient = run(concat(new String[]{"import", extra.toString(), "--no-strict"}, options));
        assertThat(lenient.code()).as(lenient.err()).isZero();
        assertThat(lenient.out()).contains("imported 4 arrays").contains("not in the network, ignored: W3");
        assertThat(out).isRegularFile();

        Path missing = tmp.resolve("missing.npz");
        Result none = run("import", missing.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err().strip()).isEqualTo("dendrite import: " + missing + ": weights file not found");

        Result noModel = run("export", tmp.resolve("nope.dnd").toString());
        assertThat(noModel.code()).isEqualTo(1);
        assertThat(noModel.err()).contains("nope.dnd").contains("not found");
    }

    @Test
    void bothCommandsHaveHelp() {
        for (String cmd : new String[]{"import", "export"}) {
            Result r = run(cmd, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: dendrite " + cmd).contains(".npz");
        }
        assertThat(run("import", "--help").out()).contains("--[no-]strict").contains("--input-shape").contains("--like");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void safetensorsExportAndImportRoundTripBitForBit(@TempDir Path tmp) throws IOException {
        Path original = CommandsTest.imageModel(tmp);
        Path st = tmp.resolve("w.safetensors");
        Result export = run("export", original.toString(), st.toString());           // format told by the extension
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("wrote    4 arrays to " + st);
        assertThat(Safetensors.read(st).metadata()).containsEntry("format", "dendrite").containsEntry("layout", "dendrite");

        Result in = run("import", st.toString(), "--like", original.toString());
        assertThat(in.code()).as(in.err()).isZero();
        Path imported = tmp.resolve("w.dnd");                                         // --out: WEIGHTS with .dnd
        assertThat(in.out()).contains("imported 4 arrays from " + st).contains("wrote    " + imported);
        Tensor x = Tensor.randn(new Rng(4), DType.F32, 3, 1, 8, 8);
        assertThat(scores(imported, x).toFloatArray()).isEqualTo(scores(original, x).toFloatArray());
    }

    @Test
    void torchLayoutExportIsTransposedAndImportsBack(@TempDir Path tmp) throws IOException {
        Path original = CommandsTest.imageModel(tmp);
        Path st = tmp.resolve("torch.bin");                                           // no telling extension
        Result export = run("export", original.toString(), st.toString(), "--format", "safetensors", "--layout", "torch");
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("W1             (10, 64)").contains("layout torch");
        assertThat(Safetensors.read(st).tensors().get("W1").shape()).containsExactly(10, 64);

        Path imported = tmp.resolve("back.dnd");
        Result in = run("import", st.toString(), "--like", original.toString(), "--out", imported.toString());
        assertThat(in.code()).as(in.err()).isZero();                                  // format told by the first bytes
        assertThat(in.out()).contains("layout torch: transposed W1, W2 from (out, in)");
        Tensor x = Tensor.randn(new Rng(5), DType.F32, 3, 1, 8, 8);
        assertThat(scores(imported, x).toFloatArray()).isEqualTo(scores(original, x).toFloatArray());

        Result wrong = run("import", st.toString(), "--like", original.toString(), "--out", imported.toString(),
                "--layout", "dendrite");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("array W1 has shape (10, 64), the network's W1 is (64, 10)")
                .contains("--layout torch");

        Result bad = run("export", original.toString(), tmp.resolve("x.out").toString(), "--format", "tflite");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err().strip()).isEqualTo("dendrite export: unknown --format 'tflite': expected npz, safetensors or onnx");
        Result notWeights = run("import", original.toString(), "--like", original.toString());
        assertThat(notWeights.code()).isEqualTo(1);
        assertThat(notWeights.err()).contains("not a weights file that import reads");
    }
}
