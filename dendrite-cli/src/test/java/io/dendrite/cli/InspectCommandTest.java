package io.dendrite.cli;

import io.dendrite.cli.CommandsTest.Result;
import io.dendrite.io.Npy;
import io.dendrite.io.Npz;
import io.dendrite.model.Layout;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.model.SafetensorsWeights;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dendrite inspect} on every format it reads, on a damaged model, and on a file it does not know. */
class InspectCommandTest {

    @Test
    void aModelShowsArchitectureMetadataTensorsAndAnIntactChecksum(@TempDir Path tmp) throws IOException {
        Path model = CommandsTest.imageModel(tmp);
        Result r = run("inspect", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Dendrite model file").contains("checksum     CRC-32C ok")
                .contains("architecture").contains("inputShape").contains("(1, 8, 8)")
                .containsPattern("parameters   4, \\d+ elements, \\d+ bytes")
                .containsPattern("W1 +\\(64, 10\\) +float32 +640 elements +2560 bytes")
                .contains("buffers      0, 0 elements, 0 bytes");
    }

    @Test
    void aDamagedModelReportsTheChecksumMismatchInsteadOfFailing(@TempDir Path tmp) throws IOException {
        Path model = CommandsTest.imageModel(tmp);
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 100] ^= 0x40;                    // one bit of a weight
        Path damaged = tmp.resolve("damaged.dnd");
        Files.write(damaged, bytes);
        Result r = run("inspect", damaged.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("checksum     DAMAGED: checksum mismatch: the CRC-32C stored at byte \\d+ is"
                + " [0-9a-f]{8}, the content gives [0-9a-f]{8}").contains("W1");   // the structure still shows

        Path cut = tmp.resolve("cut.dnd");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 40));
        Result t = run("inspect", cut.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("checksum     DAMAGED: truncated at byte 40").contains("structure    unreadable");
    }

    @Test
    void numpyFilesShowTheirArrays(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("W1", Tensor.zeros(DType.F64, 4, 3));
        arrays.put("b1", Tensor.zeros(DType.F32, 3));
        Path npz = tmp.resolve("w.npz");
        Npz.write(npz, arrays);
        Result r = run("inspect", npz.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("numpy archive (.npz)").contains("arrays       2, 15 elements")
                .containsPattern("W1 +\\(4, 3\\) +float64 +12 elements +96 bytes")
                .containsPattern("b1 +\\(3,\\) +float32");
        Path npy = tmp.resolve("a.npy");
        Npy.write(npy, Tensor.zeros(DType.F32, 2, 5));
        Result a = run("inspect", npy.toString());
        assertThat(a.out()).contains("numpy array (.npy)").containsPattern("\\(2, 5\\) +float32 +10 elements");
    }

    @Test
    void safetensorsShowMetadataAndTensorsFromTheHeader(@TempDir Path tmp) throws IOException {
        Network net = ModelStore.load(CommandsTest.imageModel(tmp)).network();
        Path st = tmp.resolve("w.safetensors");
        SafetensorsWeights.exportTo(net, st, Layout.TORCH);
        Result r = run("inspect", st.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(safetensors, ").contains("metadata     2 entries").containsPattern("format +dendrite")
                .containsPattern("layout +torch").contains("tensors      4, ")
                .containsPattern("W1 +\\(10, 64\\) +F32 +640 elements +2560 bytes");

        Path broken = tmp.resolve("broken.safetensors");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(st), 300));
        Result b = run("inspect", broken.toString());
        assertThat(b.code()).isEqualTo(1);
        assertThat(b.err().strip()).startsWith("dendrite inspect: " + broken + ": ").contains("truncated");
        assertThat(b.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void anOnnxModelShowsProducerOpsetsInputsNodesAndInitializers(@TempDir Path tmp) throws IOException {
        Path model = CommandsTest.imageModel(tmp);
        Path onnx = tmp.resolve("net.onnx");
        assertThat(run("export", model.toString(), onnx.toString()).code()).isZero();
        Result r = run("inspect", onnx.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ONNX model, IR version 8").contains("producer     dendrite")
                .contains("opsets       [ai.onnx 17]").contains("input        x [N, 1, 8, 8] FLOAT")
                .contains("output       scores [N, 2] FLOAT").contains("(Gemm)")
                .containsPattern("W1 +\\(64, 10\\) +FLOAT +640 elements +2560 bytes");
    }

    @Test
    void anUnknownFileSaysWhichFormatsAreUnderstood(@TempDir Path tmp) throws IOException {
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "not a model");
        Result r = run("inspect", text.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("dendrite inspect: " + text + ": not a file Dendrite understands: expected"
                + " Dendrite models and checkpoints (.dnd), numpy arrays (.npy, .npz), safetensors (.safetensors), ONNX models (.onnx)");
    }
}
