package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.data.DataFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
    @TempDir
    Path tmp;

    @Test
    void charVocabularyIsTheSortedDistinctCharacters() {
        CharVocabulary v = CharVocabulary.of("hello world", "\tzé");
        assertThat(v.chars()).isEqualTo("\t dehlorwzé");
        assertThat(v.size()).isEqualTo(11);
        assertThat(v.id('h')).isEqualTo(4);
        assertThat(v.id('q')).isEqualTo(-1);
        assertThat(v.id(0x1F600)).isEqualTo(-1);
        assertThat(v.encode("hello")).containsExactly(4, 3, 5, 5, 6);
        assertThat(v.decode(v.encode("world\tzé"))).isEqualTo("world\tzé");
        assertThat(v.decode(new int[] {4, 3, 5}, 1, 3)).isEqualTo("el");
        assertThat(CharVocabulary.of(v.chars()).chars()).isEqualTo(v.chars()); // rebuilt from its characters
        assertThatThrownBy(() -> v.encode("hex")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' (U+0078) at position 2").hasMessageContaining("11 characters");
        assertThatThrownBy(() -> v.encode("h\u0007")).hasMessageContaining("U+0007 at position 1");
    }

    @Test
    void charactersBeyondTheBmpAreOneIdEach() {
        String s = "a😀b😀";
        CharVocabulary v = CharVocabulary.of(s);
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.codePoint(2)).isEqualTo(0x1F600);
        assertThat(v.encode(s)).containsExactly(0, 2, 1, 2);
        assertThat(v.decode(v.encode(s))).isEqualTo(s);
    }

    @Test
    void readHoldsOutTheEndFromALineStart() throws IOException {
        Path f = tmp.resolve("text.txt");
        String text = "line one\nline two\nline three\nline four\n"; // 39 characters
        Files.writeString(f, text);
        TextCorpus c = TextCorpus.read(f, 0.25); // c = ceil(29.25) = 30, no line starts after it: the one before
        assertThat(c.train()).isEqualTo("line one\nline two\nline three\n");
        assertThat(c.heldOut()).isEqualTo("line four\n");
        assertThat(c.train() + c.heldOut()).isEqualTo(text);
        assertThat(c.name()).isEqualTo("text.txt");
        assertThat(c.vocabulary().chars()).isEqualTo("\n efhilnortuw");
        assertThat(c.vocabulary().decode(c.encodedHeldOut())).isEqualTo("line four\n");

        TextCorpus half = TextCorpus.read(f, 0.5); // c = 20, inside "line three": the next line start, 29
        assertThat(half.heldOut()).isEqualTo("line four\n");
        TextCorpus most = TextCorpus.read(f, 0.9); // c = 4: the next line start, 9
        assertThat(most.train()).isEqualTo("line one\n");

        TextCorpus all = TextCorpus.read(f, 0);
        assertThat(all.train()).isEqualTo(text);
        assertThat(all.heldOut()).isEmpty();

        Path oneLine = tmp.resolve("one.txt");
        Files.writeString(oneLine, "abcdefghij");
        TextCorpus c1 = TextCorpus.read(oneLine); // no line start after the cut: cut at the character
        assertThat(c1.train()).isEqualTo("abcdefghi");
        assertThat(c1.heldOut()).isEqualTo("j");
    }

    @Test
    void badFilesAreRefusedNamingTheFile() throws IOException {
        Path latin1 = tmp.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> TextCorpus.read(latin1)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(latin1.toString()).hasMessageContaining("not UTF-8 at byte 3 (0xE9)");
        Path empty = Files.createFile(tmp.resolve("empty.txt"));
        assertThatThrownBy(() -> TextCorpus.read(empty)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("empty file");
        assertThatThrownBy(() -> TextCorpus.read(empty, 1)).hasMessageContaining("[0, 1)");
    }

    @Test
    void aByteOrderMarkIsNoCharacter() throws IOException {
        Path f = tmp.resolve("bom.txt");
        Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i', '\n'});
        assertThat(TextCorpus.read(f, 0).train()).isEqualTo("hi\n");
    }
}
