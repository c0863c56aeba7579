package io.dendrite.io.onnx;

import io.dendrite.io.FileFormatException;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Damaged ONNX files — cut short, wrong wire types, impossible lengths, garbage — get one-line errors with the byte. */
class OnnxDamagedFilesTest {
    private static final String SOURCE = "m.onnx";

    private static byte[] exported(Network net) {
        return OnnxCodec.encode(OnnxExport.toModel(net, net.inputShape().orElseThrow()));
    }

    @Test
    void everyPrefixOfAnExportIsRefusedAsTruncated() {
        byte[] full = exported(OnnxNetworks.perLayer(DType.F32).get("BatchNorm2d"));
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            try {
                OnnxModel m = OnnxCodec.decode(part, SOURCE);
                fail("a file cut at byte " + cut + " of " + full.length + " decoded: " + m);
            } catch (FileFormatException e) {
                assertThat(e.getMessage()).startsWith(SOURCE + ": ").doesNotContain("\n");
            }
        }
    }

    @Test
    void aTruncatedFileNamesTheFileTheByteAndTheField(@TempDir Path tmp) throws IOException {
        byte[] full = exported(OnnxNetworks.everyLayer(DType.F32));
        Path file = tmp.resolve("cut.onnx");
        Files.write(file, Arrays.copyOf(full, full.length - 100));
        assertThatThrownBy(() -> OnnxImport.read(file)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(file + ": at byte ")
                .hasMessageContaining("truncated or damaged: GraphProto claims")
                .hasMessageMatching(".*claims \\d+ bytes, but only \\d+ are left in the ModelProto");
    }

    @Test
    void aFieldWithTheWrongWireTypeIsNamed() {
        byte[] bytes = {0x0A, 0x01, 0x00};           // field 1 (ir_version, a varint) as length-delimited
        assertThatThrownBy(() -> OnnxCodec.decode(bytes, SOURCE)).isInstanceOf(FileFormatException.class)
                .hasMessage(SOURCE + ": at byte 1 (in ModelProto): field 1 (ir_version) has wire type 2 (length-delimited),"
                        + " expected 0 (varint)");
        byte[] graph = {0x38, 0x05};                  // field 7 (graph, a message) as a varint
        assertThatThrownBy(() -> OnnxCodec.decode(graph, SOURCE))
                .hasMessageContaining("field 7 (GraphProto) has wire type 0 (varint), expected 2 (length-delimited)");
    }

    @Test
    void aHugeLengthIsRefusedBeforeAnythingIsAllocated() {
        // graph (field 7) claiming 2^62 bytes; then a tensor whose dims promise 10^18 floats with 4 bytes of data
        byte[] huge = {0x3A, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, 0x40, 0x00};
        assertThatThrownBy(() -> OnnxCodec.decode(huge, SOURCE)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("GraphProto claims 4611686018427387904 bytes, but only 1 are left");
        ProtoWriter tensor = new ProtoWriter().packedInt64(OnnxFields.Tensor.DIMS, new long[]{1_000_000_000L, 1_000_000_000L})
                .int64(OnnxFields.Tensor.DATA_TYPE, OnnxTensor.FLOAT).string(OnnxFields.Tensor.NAME, "W1")
                .bytes(OnnxFields.Tensor.RAW_DATA, new byte[4]);
        byte[] model = new ProtoWriter().message(OnnxFields.Model.GRAPH,
                new ProtoWriter().message(OnnxFields.Graph.INITIALIZER, tensor)).toByteArray();
        assertThatThrownBy(() -> OnnxCodec.decode(model, SOURCE)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("tensor 'W1' of type FLOAT and shape [1000000000, 1000000000] needs more than 2^31"
                        + " values, its data holds 4");
    }

    @Test
    void rawDataOfTheWrongSizeIsNamed() {
        ProtoWriter tensor = new ProtoWriter().packedInt64(OnnxFields.Tensor.DIMS, new long[]{2, 3})
                .int64(OnnxFields.Tensor.DATA_TYPE, OnnxTensor.FLOAT).string(OnnxFields.Tensor.NAME, "b1")
                .bytes(OnnxFields.Tensor.RAW_DATA, new byte[20]);
        byte[] model = new ProtoWriter().message(OnnxFields.Model.GRAPH,
                new ProtoWriter().message(OnnxFields.Graph.INITIALIZER, tensor)).toByteArray();
        assertThatThrownBy(() -> OnnxCodec.decode(model, SOURCE))
                .hasMessage(SOURCE + ": at byte 4 (in TensorProto): tensor 'b1' of type FLOAT and shape [2, 3] needs 24 bytes,"
                        + " its data holds 20");
    }

    @Test
    void brokenVarintsTagsAndWireTypesAreRefused() {
        byte[] longVarint = new byte[12];
        Arrays.fill(longVarint, (byte) 0xFF);
        longVarint[0] = 0x08;
        assertThatThrownBy(() -> OnnxCodec.decode(longVarint, SOURCE)).hasMessageContaining("longer than 10 bytes");
        assertThatThrownBy(() -> OnnxCodec.decode(new byte[]{0x00, 0x01}, SOURCE))
                .hasMessageContaining("invalid field number 0 — not a protobuf message (is this an ONNX file?)");
        assertThatThrownBy(() -> OnnxCodec.decode(new byte[]{0x0B}, SOURCE)).hasMessageContaining("deprecated group wire type 3");
        assertThatThrownBy(() -> OnnxCodec.decode(new byte[]{0x0E}, SOURCE)).hasMessageContaining("invalid wire type 6");
        assertThatThrownBy(() -> OnnxCodec.decode(new byte[]{0x08, (byte) 0x80}, SOURCE))
                .hasMessageContaining("truncated: ir_version runs past the end of the file");
        byte[] badUtf8 = {0x12, 0x02, (byte) 0xC3, 0x28};        // producer_name with an invalid UTF-8 sequence
        assertThatThrownBy(() -> OnnxCodec.decode(badUtf8, SOURCE)).hasMessageContaining("producer_name is not valid UTF-8");
    }

    @Test
    void filesThatAreNotOnnxAreRefused(@TempDir Path tmp) throws IOException {
        Path text = tmp.resolve("notes.onnx");
        Files.writeString(text, "hello, this is not a model\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OnnxImport.read(text)).isInstanceOf(FileFormatException.class).hasMessageStartingWith(text + ": ");
        Path empty = tmp.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> OnnxImport.read(empty))
                .hasMessage(empty + ": the file is empty, expected an ONNX model (a protobuf ModelProto)");
        byte[] noGraph = new ProtoWriter().int64(OnnxFields.Model.IR_VERSION, 8).toByteArray();
        assertThatThrownBy(() -> OnnxCodec.decode(noGraph, SOURCE)).hasMessageContaining("the model has no graph");
    }

    @Test
    void externalDataIsRefusedWithTheWayOut() {
        ProtoWriter entry = new ProtoWriter().string(OnnxFields.Entry.KEY, "location").string(OnnxFields.Entry.VALUE, "w.bin");
        ProtoWriter tensor = new ProtoWriter().packedInt64(OnnxFields.Tensor.DIMS, new long[]{3})
                .int64(OnnxFields.Tensor.DATA_TYPE, OnnxTensor.FLOAT).string(OnnxFields.Tensor.NAME, "fc.weight")
                .message(OnnxFields.Tensor.EXTERNAL_DATA, entry).int64(OnnxFields.Tensor.DATA_LOCATION, 1);
        byte[] model = new ProtoWriter().message(OnnxFields.Model.GRAPH,
                new ProtoWriter().message(OnnxFields.Graph.INITIALIZER, tensor)).toByteArray();
        assertThatThrownBy(() -> OnnxCodec.decode(model, SOURCE))
                .hasMessageContaining("tensor 'fc.weight' keeps its values in an external data file")
                .hasMessageContaining("save_as_external_data=False");
    }

    @Test
    void unknownFieldsOfEveryWireTypeAreSkipped() throws IOException {
        byte[] valid = exported(OnnxNetworks.perLayer(DType.F32).get("Linear"));
        ProtoWriter extra = new ProtoWriter().int64(99, 7).float32(98, 1f).bytes(97, new byte[]{1, 2, 3});
        byte[] tail = extra.toByteArray();
        byte[] withFixed64 = {(byte) 0x81, 0x06, 1, 2, 3, 4, 5, 6, 7, 8};     // field 96, wire type 1 (fixed 64-bit)
        byte[] all = concat(concat(tail, withFixed64), valid);
        OnnxModel m = OnnxCodec.decode(all, SOURCE);
        assertThat(OnnxImport.fromModel(m, SOURCE).network().params()).containsKeys("W1", "b1");
    }

    @Test
    void randomDamageEndsInAnIoExceptionOrAValidModelNeverInAnotherFailure() {
        byte[] valid = exported(OnnxNetworks.everyLayer(DType.F32));
        Random r = new Random(42);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] b = valid.clone();
            int flips = 1 + r.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            try {
                OnnxImport.fromModel(OnnxCodec.decode(b, SOURCE), SOURCE);
            } catch (IOException e) {
                refused++;
                assertThat(e.getMessage()).startsWith(SOURCE + ": ");
            } catch (RuntimeException | Error e) {
                throw new AssertionError("trial " + trial + ": damage led to " + e, e);
            }
        }
        assertThat(refused).isGreaterThan(100);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void theCodecRoundTripsAModelExactly() throws IOException {
        OnnxModel m = OnnxExport.toModel(OnnxNetworks.everyLayer(DType.F64), new int[]{2, 8, 8});
        OnnxModel back = OnnxCodec.decode(OnnxCodec.encode(m), SOURCE);
        assertThat(back.irVersion()).isEqualTo(m.irVersion());
        assertThat(back.opsets()).isEqualTo(m.opsets());
        assertThat(back.metadata()).isEqualTo(m.metadata());
        assertThat(back.graph().nodes()).hasSameSizeAs(m.graph().nodes());
        for (int k = 0; k < m.graph().nodes().size(); k++) {
            OnnxNode a = m.graph().nodes().get(k), b = back.graph().nodes().get(k);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.inputs()).isEqualTo(a.inputs());
            assertThat(b.outputs()).isEqualTo(a.outputs());
            assertThat(b.attributes().keySet()).isEqualTo(a.attributes().keySet());
            a.attributes().forEach((name, attr) -> assertThat(b.attributes().get(name).valueText()).isEqualTo(attr.valueText()));
        }
        for (Map.Entry<String, OnnxTensor> e : m.graph().initializers().entrySet()) {
            OnnxTensor t = back.graph().initializers().get(e.getKey());
            assertThat(t.dims()).isEqualTo(e.getValue().dims());
            assertThat(t.raw()).isEqualTo(e.getValue().raw());
        }
        assertThat(back.graph().inputs().get(0).dims()).isEqualTo(m.graph().inputs().get(0).dims());
        assertThat(List.of(back.graph().docString())).containsExactly(m.graph().docString());
    }
}
