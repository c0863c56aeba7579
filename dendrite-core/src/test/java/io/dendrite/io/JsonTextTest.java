package io.dendrite.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTextTest {
    @TempDir
    Path tmp;

    @Test
    void readsAFileIntoMapsListsAndScalars() throws IOException {
        Path f = Files.writeString(tmp.resolve("v.json"), "\uFEFF{\"a\": [1, \"é\", null], \"b\": {\"c\": true}}");
        Object v = JsonText.read(f);
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertThat(a.get(0)).isEqualTo(1L);
        assertThat(a.get(1)).isEqualTo("é");
        assertThat(JsonText.isNull(a.get(2))).isTrue();
        assertThat(m.get("b")).isEqualTo(Map.of("c", true));
        assertThat(JsonText.quote("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
    }

    @Test
    void errorsNameTheFileLineAndColumn() throws IOException {
        Path f = Files.writeString(tmp.resolve("bad.json"), "{\n  \"a\": 1,\n  \"a\": 2\n}");
        assertThatThrownBy(() -> JsonText.read(f)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 3, column 3")
                .hasMessageContaining("duplicate key \"a\"");
        Path latin1 = Files.write(tmp.resolve("latin1.json"), new byte[] {'"', (byte) 0xE9, '"'});
        assertThatThrownBy(() -> JsonText.read(latin1)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("not UTF-8");
    }
}
