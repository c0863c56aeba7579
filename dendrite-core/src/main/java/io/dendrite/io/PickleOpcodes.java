package io.dendrite.io;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pickle opcodes: the byte values of those {@link PickleReader} interprets, and the names of all of
 * them (Python's {@code pickletools.opcodes}, protocols 0–5) so that a refused opcode is named.
 */
final class PickleOpcodes {
    static final int MARK = '(';
    static final int STOP = '.';
    static final int BININT = 'J';
    static final int BININT1 = 'K';
    static final int BININT2 = 'M';
    static final int NONE = 'N';
    static final int REDUCE = 'R';
    static final int BINSTRING = 'T';
    static final int SHORT_BINSTRING = 'U';
    static final int BINUNICODE = 'X';
    static final int BINBYTES = 'B';
    static final int SHORT_BINBYTES = 'C';
    static final int EMPTY_LIST = ']';
    static final int APPEND = 'a';
    static final int BUILD = 'b';
    static final int GLOBAL = 'c';
    static final int APPENDS = 'e';
    static final int BINGET = 'h';
    static final int LONG_BINGET = 'j';
    static final int BINPUT = 'q';
    static final int LONG_BINPUT = 'r';
    static final int SETITEM = 's';
    static final int TUPLE = 't';
    static final int EMPTY_TUPLE = ')';
    static final int SETITEMS = 'u';
    static final int EMPTY_DICT = '}';
    static final int PROTO = 0x80;
    static final int TUPLE1 = 0x85;
    static final int TUPLE2 = 0x86;
    static final int TUPLE3 = 0x87;
    static final int NEWTRUE = 0x88;
    static final int NEWFALSE = 0x89;
    static final int SHORT_BINUNICODE = 0x8c;
    static final int STACK_GLOBAL = 0x93;
    static final int MEMOIZE = 0x94;
    static final int FRAME = 0x95;

    private static final Map<Integer, String> NAMES = new HashMap<>();

    static {
        String[] table = {
            "INT I", "BININT J", "BININT1 K", "BININT2 M", "LONG L", "LONG1 0x8a", "LONG4 0x8b", "STRING S",
            "BINSTRING T", "SHORT_BINSTRING U", "BINBYTES B", "SHORT_BINBYTES C", "BINBYTES8 0x8e",
            "BYTEARRAY8 0x96", "NEXT_BUFFER 0x97", "READONLY_BUFFER 0x98", "NONE N", "NEWTRUE 0x88",
            "NEWFALSE 0x89", "UNICODE V", "SHORT_BINUNICODE 0x8c", "BINUNICODE X", "BINUNICODE8 0x8d", "FLOAT F",
            "BINFLOAT G", "EMPTY_LIST ]", "APPEND a", "APPENDS e", "LIST l", "EMPTY_TUPLE )", "TUPLE t",
            "TUPLE1 0x85", "TUPLE2 0x86", "TUPLE3 0x87", "EMPTY_DICT }", "DICT d", "SETITEM s", "SETITEMS u",
            "EMPTY_SET 0x8f", "ADDITEMS 0x90", "FROZENSET 0x91", "POP 0", "DUP 2", "MARK (", "POP_MARK 1",
            "GET g", "BINGET h", "LONG_BINGET j", "PUT p", "BINPUT q", "LONG_BINPUT r", "MEMOIZE 0x94",
            "EXT1 0x82", "EXT2 0x83", "EXT4 0x84", "GLOBAL c", "STACK_GLOBAL 0x93", "REDUCE R", "BUILD b",
            "INST i", "OBJ o", "NEWOBJ 0x81", "NEWOBJ_EX 0x92", "PROTO 0x80", "STOP .", "FRAME 0x95",
            "PERSID P", "BINPERSID Q",
        };
        for (String entry : table) {
            String[] p = entry.split(" ");
            int code = p[1].startsWith("0x") ? Integer.parseInt(p[1].substring(2), 16) : p[1].charAt(0);
            NAMES.put(code, p[0]);
        }
    }

    /** "the argument of opcode …" for every byte value, made once: the reader names it for each argument it reads. */
    private static final String[] ARGUMENTS = new String[256];

    static {
        for (int op = 0; op < 256; op++) {
            ARGUMENTS[op] = "the argument of " + describe(op);
        }
    }

    private PickleOpcodes() {
    }

    /** "the argument of opcode BINSTRING (0x54 'T')". */
    static String argument(int op) {
        return ARGUMENTS[op];
    }

    /** "opcode GLOBAL (0x63 'c')", or "unknown opcode 0xff" for a byte that is no pickle opcode. */
    static String describe(int op) {
        String code = String.format(Locale.ROOT, "0x%02x", op) + (op >= 0x20 && op < 0x7f ? " '" + (char) op + "'" : "");
        String name = NAMES.get(op);
        return name != null ? "opcode " + name + " (" + code + ")" : "unknown opcode " + code;
    }
}
