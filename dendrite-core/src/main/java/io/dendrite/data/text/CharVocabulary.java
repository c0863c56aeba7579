package io.dendrite.data.text;

import java.util.Arrays;

/**
 * Characters ↔ ids for a character-level language model: the distinct characters of a text, sorted by code
 * point, get ids 0, 1, 2, … — so the same text (or any text with the same characters) always gives the same ids.
 *
 * <p>Characters are Unicode code points, not Java {@code char}s: a character outside the Basic Multilingual
 * Plane is one id, not two surrogates. There is no unknown-character id: encoding a character the vocabulary
 * does not hold is an error, so build the vocabulary over every text it will encode (as {@link TextCorpus} does).
 */
public final class CharVocabulary {
    /** Dense lookup up to this code point; beyond it, binary search. */
    private static final int DENSE_LIMIT = 1 << 16;

    private final int[] codePoints;
    private final int[] dense;

    private CharVocabulary(int[] sortedDistinct) {
        this.codePoints = sortedDistinct;
        int max = sortedDistinct.length == 0 ? -1 : sortedDistinct[sortedDistinct.length - 1];
        this.dense = new int[Math.min(max + 1, DENSE_LIMIT)];
        Arrays.fill(dense, -1);
        for (int id = 0; id < sortedDistinct.length && sortedDistinct[id] < dense.length; id++) {
            dense[sortedDistinct[id]] = id;
        }
    }

    /** The distinct characters of {@code texts}, sorted by code point. */
    public static CharVocabulary of(CharSequence... texts) {
        boolean[] bmp = new boolean[DENSE_LIMIT];
        int[] others = new int[16];
        int otherCount = 0;
        for (CharSequence text : texts) {
            for (int i = 0; i < text.length(); ) {
                int cp = Character.codePointAt(text, i);
                i += Character.charCount(cp);
                if (cp < DENSE_LIMIT) {
                    bmp[cp] = true;
                } else {
                    if (otherCount == others.length) {
                        others = Arrays.copyOf(others, otherCount * 2);
                    }
                    others[otherCount++] = cp;
                }
            }
        }
        int[] extra = Arrays.stream(others, 0, otherCount).sorted().distinct().toArray();
        int n = 0;
        for (boolean b : bmp) {
            n += b ? 1 : 0;
        }
        int[] all = new int[n + extra.length];
        int k = 0;
        for (int cp = 0; cp < DENSE_LIMIT; cp++) {
            if (bmp[cp]) {
                all[k++] = cp;
            }
        }
        System.arraycopy(extra, 0, all, k, extra.length);
        return new CharVocabulary(all);
    }

    /** Number of characters. */
    public int size() {
        return codePoints.length;
    }

    /** The code point of {@code id}. */
    public int codePoint(int id) {
        if (id < 0 || id >= codePoints.length) {
            throw new IndexOutOfBoundsException("character id " + id + " is outside the vocabulary [0, "
                    + codePoints.length + ")");
        }
        return codePoints[id];
    }

    /** The id of {@code codePoint}, or -1 when the vocabulary does not hold it. */
    public int id(int codePoint) {
        if (codePoint >= 0 && codePoint < dense.length) {
            return dense[codePoint];
        }
        if (codePoint < DENSE_LIMIT) {
            return -1;
        }
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /** True when the vocabulary holds {@code codePoint}. */
    public boolean contains(int codePoint) {
        return id(codePoint) >= 0;
    }

    /**
     * The ids of the characters of {@code text}.
     *
     * @throws IllegalArgumentException naming the character and its position when the vocabulary does not hold it
     */
    public int[] encode(CharSequence text) {
        int[] ids = new int[Character.codePointCount(text, 0, text.length())];
        int k = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            int id = id(cp);
            if (id < 0) {
                throw new IllegalArgumentException("character " + describe(cp) + " at position " + k
                        + " is not in the vocabulary of " + size() + " characters");
            }
            ids[k++] = id;
            i += Character.charCount(cp);
        }
        return ids;
    }

    /** The text of {@code ids}. */
    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    /** The text of {@code ids[from, to)}. */
    public String decode(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.appendCodePoint(codePoint(ids[i]));
        }
        return sb.toString();
    }

    /** All characters in id order, as one string. */
    public String chars() {
        StringBuilder sb = new StringBuilder(codePoints.length);
        for (int cp : codePoints) {
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** {@code 'a'} for printable characters, {@code U+0007} otherwise. */
    static String describe(int cp) {
        return Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)
                ? String.format("U+%04X", cp) : "'" + new String(Character.toChars(cp)) + "' (" + String.format("U+%04X", cp) + ")";
    }

    @Override
    public String toString() {
        return "CharVocabulary(" + size() + " characters)";
    }
}
