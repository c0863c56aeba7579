package io.dendrite.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TokensTest {
    static final int[][] ROWS = {{1, 7, 5, 2, 0, 0}, {1, 9, 2, 0, 0, 0}};

    @Test
    void inputsAreTheFirstTColumnsTargetsTheLastT() {
        Tensor x = Tokens.inputs(ROWS);
        assertThat(x.shape()).containsExactly(2, 5);
        assertThat(x.dtype()).isEqualTo(DType.F32);
        assertThat(x.toDoubleArray()).containsExactly(1, 7, 5, 2, 0, 1, 9, 2, 0, 0);
        assertThat(Tokens.inputs(ROWS, DType.F64).dtype()).isEqualTo(DType.F64);
        assertThat(Tokens.targets(ROWS)).isDeepEqualTo(new int[][] {{7, 5, 2, 0, 0}, {9, 2, 0, 0, 0}});
    }

    @Test
    void maskSkipsNullTargets() {
        boolean[][] m = Tokens.mask(Tokens.targets(ROWS), Vocabulary.NULL_ID);
        assertThat(m[0]).containsExactly(true, true, true, false, false);
        assertThat(m[1]).containsExactly(true, true, false, false, false);
        assertThat(Tokens.fullMask(2, 3)[1]).containsExactly(true, true, true);
    }

    @Test
    void raggedOrTooShortRowsAreRefused() {
        assertThatThrownBy(() -> Tokens.inputs(new int[][] {{1, 2, 3}, {1, 2}}))
                .hasMessageContaining("row 1 has 2 ids, row 0 has 3");
        assertThatThrownBy(() -> Tokens.targets(new int[][] {{1}})).hasMessageContaining("T+1 ≥ 2");
        assertThatThrownBy(() -> Tokens.inputs(new int[0][])).hasMessageContaining("no rows");
    }
}
