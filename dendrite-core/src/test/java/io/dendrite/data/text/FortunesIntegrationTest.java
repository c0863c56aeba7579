package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dendrite.data.DataCache;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reads the real fortunes from the cache ({@code $DENDRITE_DATA} or {@code ~/.cache/dendrite/}) when they are
 * there; skipped, with a message, when they are not. Fetch them with {@code ./dendrite fetch fortunes}.
 */
class FortunesIntegrationTest {
    private static Path cached() {
        DataCache cache = DataCache.defaultCache();
        if (!Fortunes.isCached(cache)) {
            String why = "FortunesIntegrationTest: fortunes is not in the cache " + cache.root()
                    + " — skipped; run `./dendrite fetch fortunes` to enable this test";
            System.err.println(why); // surefire prints no assumption messages on the console
            assumeTrue(false, why);
        }
        return cache.folder(Fortunes.NAME);
    }

    @Test
    void sizesRecordsAndCharacters() throws IOException {
        TextCorpus c = Fortunes.load(cached());
        assertThat(c.train().length()).isEqualTo(2_305_976);
        assertThat(c.heldOut().length()).isEqualTo(270_653);
        assertThat(c.vocabulary().size()).isEqualTo(113);
        assertThat(c.vocabulary().chars()).startsWith("\u0007\u0008\t\n !\"#$%&'()*+,-./0123456789:;<=>?@ABC")
                .endsWith("xyz{|}~\u0080\u0088\u0097\u0099\u009c\u009d\u00a2\u00a3\u00c2\u00c3\u00df\u00e2\u00e9\u00fc");
        assertThat(c.train()).startsWith("7:30, Channel 5: The Bionic Dog (Action/Adventure)\n");
        int records = 0;
        for (String line : (c.train() + c.heldOut()).split("\n", -1)) {
            records += line.equals("%") ? 1 : 0;
        }
        assertThat(records).isEqualTo(15_217);
        CharStreams s = new CharStreams(c.encodedTrain(), 64, 100);
        assertThat(s.numWindows()).isEqualTo(360);
    }
}
