package io.dendrite.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes pickles byte for byte as Python 2's {@code cPickle.dump(obj, f, 2)} does, one opcode at a
 * time, for tests of {@link Pickle} (cPickle memoizes what it writes with BINPUT, numbering from 1,
 * switching to LONG_BINPUT at 256; writes Python 2 {@code str} as SHORT_BINSTRING under 256 bytes,
 * else BINSTRING; ints as BININT1, BININT2 or BININT; bools as NEWTRUE / NEWFALSE; APPENDS in batches
 * of 1000). {@link #cifarBatch} writes a whole CIFAR-10 batch as cs231n's {@code data_batch_1} is
 * laid out; the other methods let a test write a damaged one.
 */
public final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int memo = 1;

    /** The 3072 pixel bytes of CIFAR-10 samples, one row each, and their labels. */
    public record Batch(String batchLabel, int[] labels, byte[] data, int rows, List<String> filenames) {
    }

    /** cPickle's protocol-2 dump of {'data': array, 'labels': [...], 'batch_label': '...', 'filenames': [...]}. */
    public static byte[] cifarBatch(Batch b) {
        PickleBytes p = new PickleBytes().proto().op('}').put().op('(');
        p.str("data").ndarray(b.rows(), b.data().length / Math.max(1, b.rows()), b.data());
        p.str("labels").op(']').put();
        p.listItems(b.labels().length, i -> p.integer(b.labels()[i]));
        p.str("batch_label").str(b.batchLabel());
        p.str("filenames").op(']').put();
        p.listItems(b.filenames().size(), i -> p.str(b.filenames().get(i)));
        return p.op('u').op('.').bytes();
    }

    /** cPickle's dump of batches.meta: {'num_cases_per_batch': n, 'label_names': [...], 'num_vis': 3072}. */
    public static byte[] cifarMeta(int perBatch, List<String> labelNames) {
        PickleBytes p = new PickleBytes().proto().op('}').put().op('(');
        p.str("num_cases_per_batch").integer(perBatch);
        p.str("label_names").op(']').put();
        p.listItems(labelNames.size(), i -> p.str(labelNames.get(i)));
        p.str("num_vis").integer(3072);
        return p.op('u').op('.').bytes();
    }

    public PickleBytes proto() {
        return op(0x80).raw(2);
    }

    /** One opcode byte. */
    public PickleBytes op(int code) {
        out.write(code);
        return this;
    }

    /** Raw bytes, as they are. */
    public PickleBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public PickleBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** BINPUT (or LONG_BINPUT) of the next memo index. */
    public PickleBytes put() {
        int i = memo++;
        return i < 256 ? op('q').raw(i) : op('r').le32(i);
    }

    public PickleBytes le32(long v) {
        return raw((int) v & 0xFF, (int) (v >> 8) & 0xFF, (int) (v >> 16) & 0xFF, (int) (v >> 24) & 0xFF);
    }

    /** A Python 2 str of latin-1 text, memoized. */
    public PickleBytes str(String text) {
        return binstring(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A Python 2 str holding {@code bytes}: SHORT_BINSTRING or BINSTRING, memoized. */
    public PickleBytes binstring(byte[] bytes) {
        if (bytes.length < 256) {
            op('U').raw(bytes.length);
        } else {
            op('T').le32(bytes.length);
        }
        return raw(bytes).put();
    }

    public PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').raw((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M').raw((int) v & 0xFF, (int) (v >> 8));
        }
        return op('J').le32(v);
    }

    /** GLOBAL module\nname\n, memoized. */
    public PickleBytes global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII)).put();
    }

    /** A C-ordered uint8 array of shape (rows, cols) as numpy's __reduce__ pickles it under Python 2. */
    public PickleBytes ndarray(int rows, int cols, byte[] data) {
        global("numpy.core.multiarray", "_reconstruct").global("numpy", "ndarray");
        integer(0).op(0x85).put().str("b").op(0x87).put().op('R').put();       // _reconstruct(ndarray, (0,), 'b')
        op('(').integer(1).integer(rows).integer(cols).op(0x86).put();          // (1, (rows, cols),
        global("numpy", "dtype").str("u1").integer(0).integer(1).op(0x87).put().op('R').put();  // dtype('u1', 0, 1)
        op('(').integer(3).str("|").op('N').op('N').op('N').integer(-1).integer(-1).integer(0).op('t').put().op('b');
        op(0x89).binstring(data);                                                //  False, rawdata)
        return op('t').put().op('b');                                            // BUILD
    }

    /** MARK, the items, APPENDS — in batches of 1000 as cPickle writes long lists. */
    public PickleBytes listItems(int n, java.util.function.IntConsumer item) {
        for (int start = 0; start < n; start += 1000) {
            int end = Math.min(n, start + 1000);
            if (end - start == 1) {
                item.accept(start);
                op('a');
            } else {
                op('(');
                for (int i = start; i < end; i++) {
                    item.accept(i);
                }
                op('e');
            }
        }
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
