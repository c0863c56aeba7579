package io.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MemoryBudgetTest {
    private static final long MIB = 1L << 20;

    @Test
    void whatFitsPassesAndWhatDoesNotIsRefusedInOneLineWithSizesAndTheWayOut() throws Exception {
        SmallHeap.run(64 * MIB, () -> {
            MemoryBudget.require(MIB, "a small thing", "");
            MemoryBudget.Exceeded e = catchThrowableOfType(
                    () -> MemoryBudget.require(3L << 30, "data.idx: 1000000 x 28 x 28 images", "load fewer examples (--limit N)"),
                    MemoryBudget.Exceeded.class);
            assertThat(e.getMessage()).startsWith("data.idx: 1000000 x 28 x 28 images needs 3 GiB, but the JVM may use ")
                    .contains(" of it free) — give it more with java -Xmx").endsWith("g, or load fewer examples (--limit N)")
                    .doesNotContain("\n");
            assertThat(e.message("DENDRITE_JVM_OPTS=-Xmx")).contains("give it more with DENDRITE_JVM_OPTS=-Xmx");
            assertThat(Long.parseLong(e.suggestedHeap().replace("g", ""))).isGreaterThanOrEqualTo(4);
            assertThat(e.needed()).isEqualTo(3L << 30);
        });
    }

    @Test
    void anArrayLongerThanJavaAllowsOrAnOverflowingEstimateIsRefusedWhateverTheHeap() {
        assertThatThrownBy(() -> MemoryBudget.requireArray(784L * 2_000_000_000L, Float.BYTES, "Linear(784→2000000000): a weight", "make the network smaller"))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessage("Linear(784→2000000000): a weight would hold 1568000000000 elements, more than one Java array"
                        + " holds (2147483639) — make the network smaller");
        assertThatThrownBy(() -> MemoryBudget.require(-1, "an overflowed count", "")).isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessage("an overflowed count needs more than 8 EiB, more than any heap holds");
    }

    @Test
    void aRefusalNamesWhereWhenRethrownAndKeepsItsNumbers() {
        MemoryBudget.Exceeded e = catchThrowableOfType(() -> MemoryBudget.require(-1, "Linear(1→2)", "x"),
                MemoryBudget.Exceeded.class);
        assertThat(e.in("model.dnd").getMessage()).startsWith("model.dnd: Linear(1→2) needs");
    }

    @Test
    void sizesReadAndPrintLikePeopleWriteThem() {
        assertThat(MemoryBudget.parseBytes("512m")).isEqualTo(512 * MIB);
        assertThat(MemoryBudget.parseBytes("2G")).isEqualTo(2L << 30);
        assertThat(MemoryBudget.parseBytes("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> MemoryBudget.parseBytes("lots")).hasMessageContaining("-Ddendrite.memory.max=lots");
        assertThat(MemoryBudget.format(512)).isEqualTo("512 bytes");
        assertThat(MemoryBudget.format(512 * MIB)).isEqualTo("512 MiB");
        assertThat(MemoryBudget.format(7 * MIB / 2 * 1024)).isEqualTo("3.5 GiB");
        assertThat(MemoryBudget.format(1000 * MIB)).isEqualTo("1000 MiB");
    }
}
