package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.data.DataFileException;
import io.dendrite.io.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir
    Path tmp;

    static final Vocabulary V = Vocabulary.of(List.of("a", "cat", "sat", "on", "the", "mat"));

    @Test
    void specialTokensComeFirstWithCs231nIds() {
        assertThat(V.words()).startsWith("<NULL>", "<START>", "<END>", "<UNK>", "a", "cat");
        assertThat(V.size()).isEqualTo(10);
        assertThat(V.id("<NULL>")).isZero();
        assertThat(V.id("<START>")).isEqualTo(1);
        assertThat(V.id("<END>")).isEqualTo(2);
        assertThat(V.id("<UNK>")).isEqualTo(3);
        assertThat(V.id("cat")).isEqualTo(5);
        assertThat(V.word(9)).isEqualTo("mat");
        assertThat(V.id("dog")).isEqualTo(Vocabulary.UNK_ID);
        assertThat(V.contains("dog")).isFalse();
        assertThat(Vocabulary.isSpecial(3)).isTrue();
        assertThat(Vocabulary.isSpecial(4)).isFalse();
    }

    @Test
    void encodeIsStartWordsEndThenNullPadding() {
        assertThat(V.encode("a cat sat", 7)).containsExactly(1, 4, 5, 6, 2, 0, 0);
        assertThat(V.encode(List.of("the", "dog"), 5)).containsExactly(1, 8, 3, 2, 0);
        assertThat(V.encode("", 3)).containsExactly(1, 2, 0);
        assertThat(V.encode("  a   mat \n", 4)).containsExactly(1, 4, 9, 2);
        assertThatThrownBy(() -> V.encode("a cat sat on", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 words does not fit in 5 ids").hasMessageContaining("at most 3 words");
    }

    @Test
    void decodeStopsAtEndAndSkipsNullAndStart() {
        assertThat(V.decode(new int[] {1, 4, 5, 2, 0, 0})).containsExactly("a", "cat");
        assertThat(V.decode(new int[] {4, 0, 1, 5, 3, 2, 6, 7})).containsExactly("a", "cat", "<UNK>");
        assertThat(V.decode(new int[] {1, 6, 7})).containsExactly("sat", "on"); // no <END>: all of it
        assertThat(V.decodeToString(V.encode("the cat sat on the mat", 10))).isEqualTo("the cat sat on the mat");
        assertThatThrownBy(() -> V.decode(new int[] {1, 10})).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("word id 10").hasMessageContaining("[0, 10)");
    }

    @Test
    void readsCs231nVocabJsonAndWritesItBack() throws IOException {
        Path f = tmp.resolve("coco2014_vocab.json");
        Files.writeString(f, "{\"idx_to_word\": [\"<NULL>\", \"<START>\", \"<END>\", \"<UNK>\", \"a\", \"man\"],\n"
                + " \"word_to_idx\": {\"<NULL>\": 0, \"<START>\": 1, \"<END>\": 2, \"<UNK>\": 3, \"man\": 5, \"a\": 4}}");
        Vocabulary v = Vocabulary.read(f);
        assertThat(v.words()).containsExactly("<NULL>", "<START>", "<END>", "<UNK>", "a", "man");
        assertThat(v.id("man")).isEqualTo(5);

        Path back = tmp.resolve("back.json");
        Files.writeString(back, V.toJson());
        assertThat(Vocabulary.read(back).words()).isEqualTo(V.words());
    }

    @Test
    void badVocabFilesAreRefusedNamingFileAndProblem() throws IOException {
        assertRefused("[1, 2]", "expected a JSON object with idx_to_word and word_to_idx");
        assertRefused("{\"word_to_idx\": {}}", "idx_to_word to be a list of words, found no such key");
        assertRefused("{\"idx_to_word\": [\"<NULL>\"], \"word_to_idx\": []}", "word_to_idx to be an object");
        assertRefused("{\"idx_to_word\": [\"<NULL>\", 7], \"word_to_idx\": {}}", "idx_to_word[1] should be a string");
        assertRefused("{\"idx_to_word\": [\"<NULL>\", \"<START>\"], \"word_to_idx\": {\"<NULL>\": 0}}",
                "idx_to_word has 2 words but word_to_idx has 1");
        assertRefused("{\"idx_to_word\": [\"<NULL>\", \"<START>\"], \"word_to_idx\": {\"<NULL>\": 0, \"<START>\": 0}}",
                "word_to_idx[\"<START>\"] = 0 disagrees");
        assertRefused("{\"idx_to_word\": [\"<NULL>\", \"<END>\"], \"word_to_idx\": {\"<NULL>\": 0, \"<END>\": 1}}",
                "id 1 must be <START>, found <END>");

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"idx_to_word\": [\"<NULL>\",\n ]}");
        assertThatThrownBy(() -> Vocabulary.read(bad)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("line 2, column 2");
    }

    private void assertRefused(String text, String message) throws IOException {
        Path f = tmp.resolve("vocab.json");
        Files.writeString(f, text);
        assertThatThrownBy(() -> Vocabulary.read(f)).as(text).isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(message);
    }

    @Test
    void ofRefusesDuplicatesAndSpecials() {
        assertThatThrownBy(() -> Vocabulary.of(List.of("a", "b", "a"))).hasMessageContaining("\"a\" appears twice");
        assertThatThrownBy(() -> Vocabulary.of(List.of("<END>"))).hasMessageContaining("\"<END>\" appears twice");
        assertThatThrownBy(() -> Vocabulary.fromIdToWord(List.of("<NULL>", "<START>", "<END>")))
                .hasMessageContaining("id 3 must be <UNK>, found no word (3 words)");
    }
}
