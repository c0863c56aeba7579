package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharStreamsTest {
    static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void windowsCutTheTextIntoParallelStreamsThatContinue() {
        // 23 ids, 2 streams of L = 11 (id 22 dropped), windows of T = 3: (11 - 1) / 3 = 3 per epoch
        CharStreams s = new CharStreams(range(23), 2, 3);
        assertThat(s.streamLength()).isEqualTo(11);
        assertThat(s.numWindows()).isEqualTo(3);
        assertThat(s.window(0)).isDeepEqualTo(new int[][] {{0, 1, 2, 3}, {11, 12, 13, 14}});
        assertThat(s.window(1)).isDeepEqualTo(new int[][] {{3, 4, 5, 6}, {14, 15, 16, 17}});
        assertThat(s.window(2)).isDeepEqualTo(new int[][] {{6, 7, 8, 9}, {17, 18, 19, 20}});
        assertThatThrownBy(() -> s.window(3)).hasMessageContaining("window 3 is outside [0, 3)");
    }

    @Test
    void everyTargetIsTheNextIdOfItsStreamAndTheNextWindowStartsWhereThisOneEnded() {
        int[] ids = range(1000);
        CharStreams s = new CharStreams(ids, 7, 10);
        List<int[][]> windows = new ArrayList<>();
        s.forEach(windows::add);
        assertThat(windows).hasSize(s.numWindows());
        for (int k = 0; k < windows.size(); k++) {
            int[][] x = windows.get(k);
            int[][] y = Tokens.targets(windows.get(k));
            for (int r = 0; r < 7; r++) {
                for (int t = 0; t < 10; t++) {
                    assertThat(y[r][t]).isEqualTo(x[r][t] + 1); // ids are positions: the target is the next one
                }
                if (k > 0) {
                    assertThat(x[r][0]).isEqualTo(windows.get(k - 1)[r][10]);
                }
            }
        }
    }

    @Test
    void windowsForTheSolverAreTheTextsConsecutiveWindowsSharingOneId() {
        int[][] rows = CharStreams.windows(range(11), 3); // (11 - 1) / 3 = 3 rows
        assertThat(rows).isDeepEqualTo(new int[][] {{0, 1, 2, 3}, {3, 4, 5, 6}, {6, 7, 8, 9}});
        assertThat(CharStreams.windows(range(4), 3)).hasNumberOfRows(1);
        assertThatThrownBy(() -> CharStreams.windows(range(3), 3)).hasMessageContaining("3 ids give no window");
        // read as the Solver's STREAMS reads them (stream r = rows r·S … r·S + S − 1), they are CharStreams' windows
        int[] ids = range(61);
        int[][] w = CharStreams.windows(ids, 5); // 12 rows
        CharStreams s = new CharStreams(range(60), 3, 5); // 3 streams of L = 20 = S·T with S = 4 rows each
        for (int j = 0; j < s.numWindows(); j++) {
            for (int r = 0; r < 3; r++) {
                assertThat(s.window(j)[r]).isEqualTo(w[r * 4 + j]);
            }
        }
    }

    @Test
    void tooShortTextsAreRefused() {
        assertThatThrownBy(() -> new CharStreams(range(10), 4, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 per stream, fewer than one window of 2 steps needs (3)");
        assertThatThrownBy(() -> new CharStreams(range(10), 0, 2)).hasMessageContaining("at least 1");
        assertThat(new CharStreams(range(3), 1, 2).numWindows()).isEqualTo(1);
    }
}
