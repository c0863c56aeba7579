package io.dendrite.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pickle stack machine behind {@link Pickle#load}: one opcode at a time, a value stack, a mark
 * stack and a memo, as Python's {@code pickle._Unpickler} — restricted to the opcodes listed on
 * {@link Pickle}. Globals and their calls are {@link PickleNumpy}'s.
 */
final class PickleReader {
    /** The longest module or attribute name of a GLOBAL: far above the real ones. */
    private static final int MAX_NAME_BYTES = 256;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_LENGTH = Integer.MAX_VALUE - 8;
    /**
     * The most values on the stack and in the memo: a CIFAR-10 batch needs some 20 000; a file of one-byte
     * opcodes that only pushes and memoizes is refused here instead of filling the heap.
     */
    static final int MAX_VALUES = 1 << 22;

    private final ByteInput in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long opStart;
    private int op;

    PickleReader(ByteInput in) {
        this.in = in;
    }

    /** Runs the opcodes up to STOP and returns the value left on the stack. */
    Object read() throws IOException {
        if (in.remaining() == 0) {
            throw in.error("is empty; expected a pickle (it starts with PROTO, byte 0x80)");
        }
        while (true) {
            opStart = in.position();
            if (in.remaining() == 0) {
                throw in.error("truncated at byte " + opStart + ": the pickle ends without its STOP opcode"
                        + " (incomplete download or copy?)");
            }
            op = in.u8("opcode");
            if (op == PickleOpcodes.STOP) {
                if (stack.size() != 1 || !marks.isEmpty()) {
                    throw fail("expected one value on the stack and no open MARK, found " + stack.size()
                            + " value(s) and " + marks.size() + " MARK(s)");
                }
                return finished(stack.get(0));
            }
            step();
        }
    }

    private void step() throws IOException {
        switch (op) {
            case PickleOpcodes.PROTO -> {
                int v = in.u8(what());
                if (v < 2 || v > 4) {
                    throw fail("protocol " + v + " is not read (protocols 2 to 4 are: Python 2's cPickle writes 2;"
                            + " re-save with pickle.dump(obj, f, protocol=2))");
                }
            }
            case PickleOpcodes.FRAME -> in.i64(what()); // frames only group bytes for buffered reading
            case PickleOpcodes.MARK -> {
                if (marks.size() >= MAX_VALUES) {
                    throw fail("more than " + MAX_VALUES + " open MARKs; not the structure of a data file");
                }
                marks.add(stack.size());
            }
            case PickleOpcodes.EMPTY_DICT -> push(new LinkedHashMap<>());
            case PickleOpcodes.EMPTY_LIST -> push(new ArrayList<>());
            case PickleOpcodes.EMPTY_TUPLE -> push(List.of());
            case PickleOpcodes.TUPLE -> push(tuple(popMark()));
            case PickleOpcodes.TUPLE1, PickleOpcodes.TUPLE2, PickleOpcodes.TUPLE3 -> push(tuple(pop(op - PickleOpcodes.TUPLE1 + 1)));
            case PickleOpcodes.APPEND -> appendAll(pop(1));
            case PickleOpcodes.APPENDS -> appendAll(popMark());
            case PickleOpcodes.SETITEM -> setAll(pop(2));
            case PickleOpcodes.SETITEMS -> setAll(popMark());
            case PickleOpcodes.BINPUT -> put(in.u8(what()));
            case PickleOpcodes.LONG_BINPUT -> put(in.u32(what()));
            case PickleOpcodes.MEMOIZE -> put(memo.size());
            case PickleOpcodes.BINGET -> get(in.u8(what()));
            case PickleOpcodes.LONG_BINGET -> get(in.u32(what()));
            case PickleOpcodes.BININT -> push((long) (int) in.u32(what()));
            case PickleOpcodes.BININT1 -> push((long) in.u8(what()));
            case PickleOpcodes.BININT2 -> push((long) in.u16(what()));
            case PickleOpcodes.NONE -> push(null);
            case PickleOpcodes.NEWTRUE -> push(Boolean.TRUE);
            case PickleOpcodes.NEWFALSE -> push(Boolean.FALSE);
            case PickleOpcodes.SHORT_BINSTRING, PickleOpcodes.SHORT_BINBYTES -> push(new Pickle.Bytes(data(in.u8(what()))));
            case PickleOpcodes.BINSTRING -> push(new Pickle.Bytes(data((int) in.u32(what())))); // signed length
            case PickleOpcodes.BINBYTES -> push(new Pickle.Bytes(data(in.u32(what()))));
            case PickleOpcodes.SHORT_BINUNICODE -> push(utf8(data(in.u8(what()))));
            case PickleOpcodes.BINUNICODE -> push(utf8(data(in.u32(what()))));
            case PickleOpcodes.GLOBAL -> push(global(line("module"), line("name")));
            case PickleOpcodes.STACK_GLOBAL -> {
                List<Object> names = pop(2);
                if (!(names.get(0) instanceof String module) || !(names.get(1) instanceof String name)) {
                    throw fail("expected the module and the name as two strings, found " + kinds(names));
                }
                push(global(module, name));
            }
            case PickleOpcodes.REDUCE -> {
                List<Object> fa = pop(2);
                try {
                    push(PickleNumpy.call(fa.get(0), fa.get(1)));
                } catch (IllegalArgumentException e) {
                    throw fail(e.getMessage());
                }
            }
            case PickleOpcodes.BUILD -> build();
            default -> throw fail("this opcode is not part of the structure Dendrite reads (numpy arrays in dicts,"
                    + " lists and tuples of ints and strings); refused");
        }
    }

    private void push(Object v) throws FileFormatException {
        if (stack.size() >= MAX_VALUES) {
            throw fail("more than " + MAX_VALUES + " values on the stack; not the structure of a data file");
        }
        stack.add(v);
    }

    private String what() {
        return PickleOpcodes.argument(op);
    }

    private FileFormatException fail(String detail) {
        return in.error("byte " + opStart + ", " + PickleOpcodes.describe(op) + ": " + detail);
    }

    /** Reads {@code length} bytes of a string argument, refusing a length the file cannot hold before allocating. */
    private byte[] data(long length) throws IOException {
        if (length < 0 || length > MAX_LENGTH) {
            throw fail("invalid length " + length);
        }
        if (length > in.remaining()) {
            throw fail("declares " + length + " bytes, but only " + in.remaining() + " are left in the file"
                    + " (truncated, or not a pickle)");
        }
        return in.bytes((int) length, what());
    }

    private String utf8(byte[] bytes) throws FileFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail("the " + bytes.length + "-byte string is not valid UTF-8");
        }
    }

    /** A newline-terminated ASCII name of GLOBAL. */
    private String line(String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (in.remaining() == 0) {
                throw fail("the " + what + " name is cut off by the end of the file");
            }
            int c = in.u8(what());
            if (c == '\n') {
                return sb.toString();
            }
            if (c < 0x20 || c > 0x7e || sb.length() >= MAX_NAME_BYTES) {
                throw fail("the " + what + " name is not a short line of printable ASCII");
            }
            sb.append((char) c);
        }
    }

    private Object global(String module, String name) throws FileFormatException {
        PickleNumpy.Global g = PickleNumpy.Global.of(module, name);
        if (g == null) {
            throw fail("refused global " + module + "." + name + " — only " + PickleNumpy.Global.allowed()
                    + " are read, and nothing is ever imported or called");
        }
        return g;
    }

    private void put(long key) throws FileFormatException {
        if (stack.isEmpty()) {
            throw fail("nothing on the stack to store in the memo");
        }
        if (memo.size() >= MAX_VALUES && !memo.containsKey(key)) {
            throw fail("more than " + MAX_VALUES + " memo entries; not the structure of a data file");
        }
        memo.put(key, stack.get(stack.size() - 1));
    }

    private void get(long key) throws FileFormatException {
        if (!memo.containsKey(key)) {
            throw fail("memo entry " + key + " was never stored");
        }
        push(memo.get(key));
    }

    private List<Object> pop(int n) throws FileFormatException {
        int from = stack.size() - n;
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (from < floor) {
            throw fail("needs " + n + " value(s) on the stack, found " + (stack.size() - floor));
        }
        List<Object> out = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return out;
    }

    private List<Object> popMark() throws FileFormatException {
        if (marks.isEmpty()) {
            throw fail("no MARK before it");
        }
        int from = marks.remove(marks.size() - 1);
        List<Object> out = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return out;
    }

    private Object top(Class<?> kind, String what) throws FileFormatException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        Object t = stack.size() > floor ? stack.get(stack.size() - 1) : null;
        if (!kind.isInstance(t)) {
            throw fail("expected " + what + " below the items, found " + PickleNumpy.kind(t));
        }
        return t;
    }

    /** A tuple may hold a global (the arguments of numpy's _reconstruct name numpy.ndarray). */
    private List<Object> tuple(List<Object> items) throws FileFormatException {
        for (Object v : items) {
            if (v instanceof PickleNumpy.Unbuilt u) {
                throw fail("a " + u + " is used before its BUILD set its state");
            }
        }
        return Collections.unmodifiableList(items);
    }

    @SuppressWarnings("unchecked")
    private void appendAll(List<Object> items) throws FileFormatException {
        List<Object> list = (List<Object>) top(ArrayList.class, "a list");
        for (Object v : items) {
            list.add(finished(v));
        }
    }

    @SuppressWarnings("unchecked")
    private void setAll(List<Object> items) throws FileFormatException {
        if (items.size() % 2 != 0) {
            throw fail("expected key-value pairs, found an odd number of items (" + items.size() + ")");
        }
        Map<Object, Object> dict = (Map<Object, Object>) top(Map.class, "a dict");
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            if (!(key == null || key instanceof String || key instanceof Pickle.Bytes || key instanceof Long
                    || key instanceof Boolean)) {
                throw fail("a dict key must be a string, bytes, an int, a bool or None, found " + PickleNumpy.kind(key));
            }
            dict.put(key, finished(items.get(i + 1)));
        }
    }

    /** BUILD: sets the state of the object below it (a numpy dtype or array) and stores the finished value. */
    private void build() throws FileFormatException {
        List<Object> objState = pop(2);
        Object obj = objState.get(0);
        Object built;
        try {
            built = PickleNumpy.build(obj, objState.get(1));
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        push(built);
        memo.replaceAll((k, v) -> v == obj ? built : v); // the memo held the object before its state was set
    }

    /** Refuses a numpy object whose BUILD has not come yet: it must not end up inside a container. */
    private Object finished(Object v) throws FileFormatException {
        if (v instanceof PickleNumpy.Unbuilt u) {
            throw fail("a " + u + " is used before its BUILD set its state");
        }
        if (v instanceof PickleNumpy.Global g) {
            throw fail("the global " + g + " is used as a value; it may only be called");
        }
        return v;
    }

    private static String kinds(List<Object> values) {
        List<String> k = new ArrayList<>();
        for (Object v : values) {
            k.add(PickleNumpy.kind(v));
        }
        return String.join(", ", k);
    }
}
