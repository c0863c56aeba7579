package io.dendrite.data.text;

import io.dendrite.data.DataFileException;
import io.dendrite.io.JsonText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caption vocabulary as cs231n's assignment 3 uses it: words ↔ ids, with the four special tokens first —
 * {@code <NULL>} = 0 (padding), {@code <START>} = 1, {@code <END>} = 2, {@code <UNK>} = 3 (a word outside the
 * vocabulary).
 *
 * <p>A caption of T+1 ids reads {@code <START> w1 … wk <END> <NULL> … <NULL>}; the model sees the first T as
 * input and predicts the last T, and the loss skips the {@code <NULL>} targets ({@link Tokens}). Words are taken
 * as they are: cs231n's vocabulary is lower case, so lower-case a caption before encoding it with that one.
 *
 * <p>{@link #read(Path)} reads cs231n's {@code coco2014_vocab.json}, an object with {@code idx_to_word} (a list
 * of words, the index is the id) and {@code word_to_idx} (the inverse map); the two must agree.
 */
public final class Vocabulary {
    /** The padding token, id {@value #NULL_ID}. */
    public static final String NULL = "<NULL>";
    /** The token that starts every caption, id {@value #START_ID}. */
    public static final String START = "<START>";
    /** The token that ends every caption, id {@value #END_ID}. */
    public static final String END = "<END>";
    /** The token that stands for a word outside the vocabulary, id {@value #UNK_ID}. */
    public static final String UNK = "<UNK>";
    /** Id of {@link #NULL}. */
    public static final int NULL_ID = 0;
    /** Id of {@link #START}. */
    public static final int START_ID = 1;
    /** Id of {@link #END}. */
    public static final int END_ID = 2;
    /** Id of {@link #UNK}. */
    public static final int UNK_ID = 3;
    /** The special tokens in id order. */
    public static final List<String> SPECIALS = List.of(NULL, START, END, UNK);

    private final List<String> idToWord;
    private final Map<String, Integer> wordToId;

    private Vocabulary(List<String> idToWord, String source) {
        String problem = problem(idToWord);
        if (problem != null) {
            throw new IllegalArgumentException(source + ": " + problem);
        }
        Map<String, Integer> map = new HashMap<>(idToWord.size() * 2);
        for (int i = 0; i < idToWord.size(); i++) {
            map.put(idToWord.get(i), i);
        }
        this.idToWord = List.copyOf(idToWord);
        this.wordToId = map;
    }

    /** What is wrong with an id → word list, or null: the specials must be ids 0–3, words non-empty and distinct. */
    private static String problem(List<String> idToWord) {
        for (int i = 0; i < SPECIALS.size(); i++) {
            if (idToWord.size() <= i || !SPECIALS.get(i).equals(idToWord.get(i))) {
                return "id " + i + " must be " + SPECIALS.get(i) + ", found "
                        + (idToWord.size() <= i ? "no word (" + idToWord.size() + " words)" : idToWord.get(i));
            }
        }
        Map<String, Integer> seen = new HashMap<>(idToWord.size() * 2);
        for (int i = 0; i < idToWord.size(); i++) {
            String w = idToWord.get(i);
            if (w == null || w.isEmpty()) {
                return "word " + i + " is empty";
            }
            Integer before = seen.put(w, i);
            if (before != null) {
                return "word \"" + w + "\" appears twice, as ids " + before + " and " + i;
            }
        }
        return null;
    }

    /** The special tokens (ids 0–3) followed by {@code words} in the order given (ids 4, 5, …). */
    public static Vocabulary of(List<String> words) {
        List<String> all = new ArrayList<>(SPECIALS.size() + words.size());
        all.addAll(SPECIALS);
        all.addAll(words);
        return new Vocabulary(all, "Vocabulary.of");
    }

    /**
     * A vocabulary from a complete id → word list (cs231n's {@code idx_to_word}), whose first four entries must
     * be the special tokens.
     */
    public static Vocabulary fromIdToWord(List<String> idToWord) {
        return new Vocabulary(idToWord, "Vocabulary.fromIdToWord");
    }

    /**
     * Reads cs231n's vocabulary file ({@code coco2014_vocab.json}: {@code {"idx_to_word": [...],
     * "word_to_idx": {...}}}).
     *
     * @throws DataFileException when the file is not such an object, the two maps disagree, or the special
     *                           tokens are not ids 0–3; the message names the file and what was expected
     */
    public static Vocabulary read(Path file) throws IOException {
        Object json = JsonText.read(file);
        if (!(json instanceof Map<?, ?> top)) {
            throw new DataFileException(file, "expected a JSON object with idx_to_word and word_to_idx, found a "
                    + kind(json));
        }
        Object list = top.get("idx_to_word");
        Object map = top.get("word_to_idx");
        if (!(list instanceof List<?> words)) {
            throw new DataFileException(file, "expected idx_to_word to be a list of words, found "
                    + (list == null ? "no such key (keys: " + top.keySet() + ")" : "a " + kind(list)));
        }
        if (!(map instanceof Map<?, ?> ids)) {
            throw new DataFileException(file, "expected word_to_idx to be an object of word → id, found "
                    + (map == null ? "no such key (keys: " + top.keySet() + ")" : "a " + kind(map)));
        }
        List<String> idToWord = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            if (!(words.get(i) instanceof String w)) {
                throw new DataFileException(file, "idx_to_word[" + i + "] should be a string, found a "
                        + kind(words.get(i)));
            }
            idToWord.add(w);
        }
        if (ids.size() != idToWord.size()) {
            throw new DataFileException(file, "idx_to_word has " + idToWord.size() + " words but word_to_idx has "
                    + ids.size());
        }
        for (Map.Entry<?, ?> e : ids.entrySet()) {
            Object id = e.getValue();
            if (!(id instanceof Long n) || n < 0 || n >= idToWord.size() || !idToWord.get((int) (long) n).equals(e.getKey())) {
                throw new DataFileException(file, "word_to_idx[" + JsonText.quote((String) e.getKey()) + "] = " + id
                        + " disagrees with idx_to_word (expected the index of that word there)");
            }
        }
        String problem = problem(idToWord);
        if (problem != null) {
            throw new DataFileException(file, "idx_to_word: " + problem + " (cs231n's vocabulary starts "
                    + String.join(" ", SPECIALS) + ")");
        }
        return new Vocabulary(idToWord, file.toString());
    }

    private static String kind(Object v) {
        if (v instanceof Map) {
            return "JSON object";
        }
        if (v instanceof List) {
            return "JSON list";
        }
        if (v instanceof String) {
            return "string";
        }
        return JsonText.isNull(v) ? "null" : v instanceof Boolean ? "boolean" : "number (" + v + ")";
    }

    /** Number of words, the special tokens included. */
    public int size() {
        return idToWord.size();
    }

    /** The word of {@code id}. */
    public String word(int id) {
        if (id < 0 || id >= idToWord.size()) {
            throw new IndexOutOfBoundsException("word id " + id + " is outside the vocabulary [0, " + size() + ")");
        }
        return idToWord.get(id);
    }

    /** The id of {@code word}, or {@link #UNK_ID} when the vocabulary does not hold it. */
    public int id(String word) {
        Integer id = wordToId.get(word);
        return id == null ? UNK_ID : id;
    }

    /** True when the vocabulary holds {@code word}. */
    public boolean contains(String word) {
        return wordToId.containsKey(word);
    }

    /** All words in id order — cs231n's {@code idx_to_word} (unmodifiable). */
    public List<String> words() {
        return idToWord;
    }

    /** True for the ids of the four special tokens. */
    public static boolean isSpecial(int id) {
        return id >= NULL_ID && id <= UNK_ID;
    }

    /**
     * A caption as a row of {@code length} ids: {@code <START>}, the words' ids ({@link #UNK_ID} for unknown
     * words), {@code <END>}, then {@code <NULL>} up to {@code length}.
     *
     * @throws IllegalArgumentException when the words do not fit: at most {@code length − 2} words
     */
    public int[] encode(List<String> words, int length) {
        if (words.size() + 2 > length) {
            throw new IllegalArgumentException("a caption of " + words.size() + " words does not fit in " + length
                    + " ids (<START>, at most " + (length - 2) + " words, <END>): " + String.join(" ", words));
        }
        int[] row = new int[length];
        row[0] = START_ID;
        for (int i = 0; i < words.size(); i++) {
            row[i + 1] = id(words.get(i));
        }
        row[words.size() + 1] = END_ID;
        return row;
    }

    /** As {@link #encode(List, int)}, the words being {@code caption} split at white space. */
    public int[] encode(String caption, int length) {
        String s = caption.strip();
        return encode(s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+")), length);
    }

    /**
     * The words of a caption row: stops at the first {@code <END>}, skips {@code <NULL>} and {@code <START>};
     * {@code <UNK>} stays (it is a word the model produced).
     */
    public List<String> decode(int[] ids) {
        List<String> words = new ArrayList<>();
        for (int id : ids) {
            if (id == END_ID) {
                break;
            }
            if (id != NULL_ID && id != START_ID) {
                words.add(word(id));
            }
        }
        return words;
    }

    /** {@link #decode(int[])} joined with single spaces. */
    public String decodeToString(int[] ids) {
        return String.join(" ", decode(ids));
    }

    /** This vocabulary in cs231n's JSON form ({@code idx_to_word}, {@code word_to_idx}), readable by {@link #read}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"idx_to_word\": [");
        for (int i = 0; i < idToWord.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(JsonText.quote(idToWord.get(i)));
        }
        sb.append("], \"word_to_idx\": {");
        for (int i = 0; i < idToWord.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(JsonText.quote(idToWord.get(i))).append(": ").append(i);
        }
        return sb.append("}}").toString();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " words: " + String.join(" ", idToWord.subList(0, Math.min(8, size())))
                + (size() > 8 ? " …)" : ")");
    }
}
