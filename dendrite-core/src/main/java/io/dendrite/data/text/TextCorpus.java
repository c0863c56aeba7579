package io.dendrite.data.text;

import io.dendrite.data.DataFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text for a character-level language model: a training part, a held-out part for perplexity, and the
 * {@link CharVocabulary} of both (so that the held-out text encodes without unknown characters).
 *
 * <p>{@link #read(Path)} takes any UTF-8 text file and holds out its end: the last {@value #HELD_OUT_PERCENT} %
 * of the characters, from the start of a line. {@link Fortunes} builds one from Debian's fortune cookies.
 */
public final class TextCorpus {
    /** The share of a text {@link #read(Path)} holds out, in percent. */
    public static final int HELD_OUT_PERCENT = 10;

    private final String name;
    private final String train;
    private final String heldOut;
    private final CharVocabulary vocabulary;

    /**
     * @param name    what the text is, for messages (a file name)
     * @param train   the training text
     * @param heldOut the held-out text (may be empty)
     */
    public TextCorpus(String name, String train, String heldOut) {
        this.name = name;
        this.train = train;
        this.heldOut = heldOut;
        this.vocabulary = CharVocabulary.of(train, heldOut);
    }

    /** A UTF-8 text file with its last {@value #HELD_OUT_PERCENT} % held out (see {@link #read(Path, double)}). */
    public static TextCorpus read(Path file) throws IOException {
        return read(file, HELD_OUT_PERCENT / 100.0);
    }

    /**
     * A UTF-8 text file; the held-out part starts at the first line start at or after character
     * {@code c = ⌈(1 − heldOutFraction) × length⌉}, or when no line starts after it, at the last line start before
     * it, or when the text is one line, at character c.
     *
     * @param heldOutFraction in [0, 1)
     * @throws DataFileException when the file is empty or not UTF-8, naming the byte offset of the first bad byte
     */
    public static TextCorpus read(Path file, double heldOutFraction) throws IOException {
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("TextCorpus.read: held-out fraction must be in [0, 1), got "
                    + heldOutFraction);
        }
        String text = readUtf8(file);
        if (text.isEmpty()) {
            throw new DataFileException(file, "expected a UTF-8 text, found an empty file");
        }
        int cut = (int) Math.ceil(text.length() * (1 - heldOutFraction)); // in [1, length]
        if (heldOutFraction > 0) {
            int after = text.indexOf('\n', cut - 1);
            int before = text.lastIndexOf('\n', cut - 1);
            if (after >= 0 && after + 1 < text.length()) {
                cut = after + 1;
            } else if (before >= 0) {
                cut = before + 1;
            }
        }
        if (cut < text.length() && Character.isLowSurrogate(text.charAt(cut)) && cut > 0) {
            cut--; // never split a surrogate pair
        }
        return new TextCorpus(file.getFileName().toString(), text.substring(0, cut), text.substring(cut));
    }

    /**
     * Reads {@code file} as strict UTF-8.
     *
     * @throws DataFileException naming the byte offset of the first malformed byte
     */
    static String readUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new DataFileException(file, "expected UTF-8 text, found a byte sequence that is not UTF-8 at byte "
                    + in.position() + String.format(" (0x%02X)", bytes[in.position()] & 0xFF));
        }
        decoder.flush(out);
        if (out.position() > 0 && out.get(0) == '\uFEFF') {
            return new String(out.array(), 1, out.position() - 1); // a byte-order mark is no character of the text
        }
        return new String(out.array(), 0, out.position());
    }

    /** What the text is (a file name, or "fortunes"). */
    public String name() {
        return name;
    }

    /** The training text. */
    public String train() {
        return train;
    }

    /** The held-out text. */
    public String heldOut() {
        return heldOut;
    }

    /** The characters of both parts. */
    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /** The training text as character ids. */
    public int[] encodedTrain() {
        return vocabulary.encode(train);
    }

    /** The held-out text as character ids. */
    public int[] encodedHeldOut() {
        return vocabulary.encode(heldOut);
    }

    @Override
    public String toString() {
        return "TextCorpus(" + name + ": " + train.length() + " training and " + heldOut.length()
                + " held-out characters, " + vocabulary.size() + " distinct)";
    }
}
