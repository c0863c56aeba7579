package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleTest {
    @TempDir
    Path dir;

    static byte[] pixels(int rows) {
        byte[] data = new byte[rows * 3072];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) (7 * (k / 3072) + k % 3072);
        }
        return data;
    }

    static PickleBytes.Batch batch(int rows) {
        int[] labels = new int[rows];
        List<String> files = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            labels[i] = (3 + 5 * i) % 10;
            files.add("img_" + i + ".png");
        }
        return new PickleBytes.Batch("training batch 1 of 5", labels, pixels(rows), rows, files);
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(PickleTest.class.getResource("/io/dendrite/data/cifar/" + name).toURI());
    }

    @Test
    void readsACPickleProtocol2CifarBatch() throws IOException {
        Path f = write("data_batch_1", PickleBytes.cifarBatch(batch(3)));
        Map<?, ?> d = (Map<?, ?>) Pickle.load(f);
        assertThat(d).hasSize(4);
        assertThat(Pickle.text(Pickle.get(d, "batch_label"))).isEqualTo("training batch 1 of 5");
        assertThat(Pickle.get(d, "labels")).isEqualTo(List.of(3L, 8L, 3L));
        assertThat(((List<?>) Pickle.get(d, "filenames")).stream().map(Pickle::text)).containsExactly(
                "img_0.png", "img_1.png", "img_2.png");
        Pickle.NdArray a = (Pickle.NdArray) Pickle.get(d, "data");
        assertThat(a.dtype()).isEqualTo("|u1");
        assertThat(a.shape()).containsExactly(3, 3072);
        assertThat(a.fortranOrder()).isFalse();
        assertThat(a.size()).isEqualTo(3 * 3072);
        assertThat(a.data()).containsExactly(pixels(3));
        assertThat(Pickle.get(d, "fine_labels")).isNull();
    }

    @Test
    void longListsUseLongBinputAndBatchedAppends() throws IOException {
        // 1100 file names: memo indices pass 255 (LONG_BINPUT) and APPENDS comes in batches of 1000
        Path f = write("big", PickleBytes.cifarBatch(batch(1100)));
        Map<?, ?> d = (Map<?, ?>) Pickle.load(f);
        assertThat((List<?>) Pickle.get(d, "labels")).hasSize(1100).element(1099).isEqualTo((long) (3 + 5 * 1099) % 10);
        assertThat(Pickle.text(((List<?>) Pickle.get(d, "filenames")).get(1099))).isEqualTo("img_1099.png");
    }

    @Test
    void readsWhatPython3AndNumpyWrite() throws Exception {
        for (String name : List.of("py3_protocol2_batch", "py3_protocol4_batch")) {
            Map<?, ?> d = (Map<?, ?>) Pickle.load(resource(name));
            assertThat(Pickle.get(d, "labels")).as(name).isEqualTo(List.of(3L, 8L, 0L, 9L));
            Pickle.NdArray a = (Pickle.NdArray) Pickle.get(d, "data");
            assertThat(a.shape()).as(name).containsExactly(4, 3072);
            assertThat(a.data()).as(name).containsExactly(pixels(4));
        }
        Map<?, ?> p2 = (Map<?, ?>) Pickle.load(resource("py3_protocol2_batch"));
        assertThat(p2.keySet()).allMatch(k -> k instanceof Pickle.Bytes);   // b'data': bytes keys via _codecs.encode
        Map<?, ?> p4 = (Map<?, ?>) Pickle.load(resource("py3_protocol4_batch"));
        assertThat(p4.keySet()).allMatch(k -> k instanceof String);
        assertThat(Pickle.get(p4, "batch_label")).isEqualTo("testing batch 1 of 1");
        Map<?, ?> meta = (Map<?, ?>) Pickle.load(resource("py3_batches.meta"));
        assertThat(Pickle.get(meta, "num_vis")).isEqualTo(3072L);
        assertThat(((List<?>) Pickle.get(meta, "label_names")).stream().map(Pickle::text)).startsWith("airplane", "automobile");
    }

    @Test
    void truncatedFilesNameTheFileAndTheByte() throws IOException {
        byte[] good = PickleBytes.cifarBatch(batch(2));
        Path cut = write("cut_in_data", Arrays.copyOf(good, good.length - 3000));
        assertThatThrownBy(() -> Pickle.load(cut)).isInstanceOf(FileFormatException.class)
                .hasMessageStartingWith(cut.toString() + ": byte ").hasMessageContaining("opcode BINSTRING (0x54 'T')")
                .hasMessageContaining("declares 6144 bytes, but only");
        Path noStop = write("no_stop", Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> Pickle.load(noStop)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("no_stop").hasMessageContaining("truncated at byte " + (good.length - 1))
                .hasMessageContaining("without its STOP");
        Path empty = write("empty", new byte[0]);
        assertThatThrownBy(() -> Pickle.load(empty)).hasMessageContaining("empty: is empty");
        Path inArg = write("in_arg", new PickleBytes().proto().op('M').raw(1).bytes());
        assertThatThrownBy(() -> Pickle.load(inArg)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("in_arg").hasMessageContaining("BININT2");
        assertThatThrownBy(() -> Pickle.load(dir.resolve("absent"))).hasMessageContaining("absent")
                .hasMessageContaining("not found");
    }

    @Test
    void aHugeDeclaredLengthIsRefusedBeforeAllocating() throws IOException {
        Path f = write("huge", new PickleBytes().proto().op('T').le32(0x7FFFFFF0L).raw(1, 2, 3).bytes());
        assertThatThrownBy(() -> Pickle.load(f)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("huge: byte 2, opcode BINSTRING (0x54 'T'): declares 2147483632 bytes, but only 3 are left");
        Path neg = write("negative", new PickleBytes().proto().op('T').le32(-5).bytes());
        assertThatThrownBy(() -> Pickle.load(neg)).hasMessageContaining("negative: byte 2").hasMessageContaining("invalid length -5");
        Path unicode = write("unicode", new PickleBytes().proto().op('X').le32(0xFFFFFFFFL).bytes());
        assertThatThrownBy(() -> Pickle.load(unicode)).hasMessageContaining("BINUNICODE").hasMessageContaining("invalid length 4294967295");
    }

    @Test
    void aFileThatOnlyPushesIsStoppedBeforeFillingTheHeap() throws IOException {
        byte[] pushes = new byte[PickleReader.MAX_VALUES + 3];
        java.util.Arrays.fill(pushes, (byte) 'N');
        pushes[0] = (byte) 0x80;
        pushes[1] = 2;
        Path f = write("pushes", pushes);
        assertThatThrownBy(() -> Pickle.load(f)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("pushes: byte " + (PickleReader.MAX_VALUES + 2) + ", opcode NONE (0x4e 'N'): more than");
    }

    @Test
    void osSystemIsRefusedAndNothingRuns() throws IOException {
        Path marker = dir.resolve("pwned");
        // the classic exploit: GLOBAL os.system, then REDUCE with a shell command
        byte[] evil = new PickleBytes().proto().global("os", "system").op('(').str("touch " + marker).op('t').op('R')
                .op('.').bytes();
        Path f = write("evil", evil);
        assertThatThrownBy(() -> Pickle.load(f)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("evil: byte 2, opcode GLOBAL (0x63 'c'): refused global os.system")
                .hasMessageContaining("numpy.core.multiarray._reconstruct").hasMessageContaining("nothing is ever imported or called");
        assertThat(marker).doesNotExist();
        byte[] stackGlobal = new PickleBytes().proto().op(0x8c).raw(8).raw("builtins".getBytes(StandardCharsets.US_ASCII))
                .op(0x8c).raw(4).raw("eval".getBytes(StandardCharsets.US_ASCII)).op(0x93).bytes();
        Path g = write("eval", stackGlobal);
        assertThatThrownBy(() -> Pickle.load(g)).hasMessageContaining("STACK_GLOBAL").hasMessageContaining("refused global builtins.eval");
        // an allowed name cannot be called outside its role either
        Path h = write("ndarray_call", new PickleBytes().proto().global("numpy", "ndarray").op(')').op('R').op('.').bytes());
        assertThatThrownBy(() -> Pickle.load(h)).hasMessageContaining("REDUCE").hasMessageContaining("numpy.ndarray cannot be called");
    }

    @Test
    void opcodesOutsideTheStructureAreRefusedByName() throws IOException {
        Path inst = write("inst", new PickleBytes().proto().op('(').op('i').bytes());
        assertThatThrownBy(() -> Pickle.load(inst)).isInstanceOf(FileFormatException.class)
                .hasMessage(inst + ": byte 3, opcode INST (0x69 'i'): this opcode is not part of the structure Dendrite"
                        + " reads (numpy arrays in dicts, lists and tuples of ints and strings); refused");
        Path unknown = write("unknown", new PickleBytes().proto().op(0xff).bytes());
        assertThatThrownBy(() -> Pickle.load(unknown)).hasMessageContaining("byte 2, unknown opcode 0xff");
        Path proto5 = write("proto5", new PickleBytes().op(0x80).raw(5).bytes());
        assertThatThrownBy(() -> Pickle.load(proto5)).hasMessageContaining("protocol 5 is not read");
        Path badGet = write("get", new PickleBytes().proto().op('h').raw(9).bytes());
        assertThatThrownBy(() -> Pickle.load(badGet)).hasMessageContaining("BINGET").hasMessageContaining("memo entry 9 was never stored");
        Path twoValues = write("two", new PickleBytes().proto().integer(1).integer(2).op('.').bytes());
        assertThatThrownBy(() -> Pickle.load(twoValues)).hasMessageContaining("STOP").hasMessageContaining("found 2 value(s)");
        Path appendToInt = write("append", new PickleBytes().proto().integer(1).integer(2).op('a').bytes());
        assertThatThrownBy(() -> Pickle.load(appendToInt)).hasMessageContaining("APPEND").hasMessageContaining("expected a list");
    }

    @Test
    void arraysWhoseDataDoesNotFitTheShapeOrDtypeAreRefused() throws IOException {
        PickleBytes short_ = new PickleBytes().proto().ndarray(2, 3072, new byte[3072]).op('.');
        Path f = write("short", short_.bytes());
        assertThatThrownBy(() -> Pickle.load(f)).isInstanceOf(FileFormatException.class).hasMessageContaining("short: byte")
                .hasMessageContaining("BUILD").hasMessageContaining("the array's data holds 3072 bytes, its shape (2, 3072) of |u1 needs 6144");
        byte[] objectDtype = new PickleBytes().proto().ndarray(1, 4, new byte[4]).op('.').bytes();
        String text = new String(objectDtype, StandardCharsets.ISO_8859_1).replace("U\u0002u1", "U\u0002O8");
        Path g = write("object", text.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Pickle.load(g)).hasMessageContaining("dtype 'O8' is not read");
        Path unbuilt = write("unbuilt", new PickleBytes().proto().op(']').global("numpy.core.multiarray", "_reconstruct")
                .global("numpy", "ndarray").integer(0).op(0x85).str("b").op(0x87).op('R').op('a').op('.').bytes());
        assertThatThrownBy(() -> Pickle.load(unbuilt)).hasMessageContaining("APPEND").hasMessageContaining("before its BUILD");
    }
}
