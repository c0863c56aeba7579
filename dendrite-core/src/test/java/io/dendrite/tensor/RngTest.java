package io.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RngTest {
    @Test
    void streamMatchesAnIndependentXoshiroImplementation() {
        // xoshiro256** seeded by SplitMix64, computed in Python with 64-bit masks
        Rng rng = new Rng(42);
        assertThat(rng.nextLong()).isEqualTo(1546998764402558742L);
        assertThat(rng.nextLong()).isEqualTo(6990951692964543102L);
        assertThat(rng.nextLong()).isEqualTo(-5902157311460992607L);
        assertThat(rng.nextDouble()).isEqualTo(0.9246929453253876);
    }

    @Test
    void restoredStateContinuesTheStreamIncludingAKeptGaussian() {
        Rng rng = new Rng(7);
        rng.nextGaussian();                    // leaves the pair's second value kept for the next call
        long[] state = rng.state();
        double[] expected = {rng.nextGaussian(), rng.nextDouble(), rng.nextGaussian()};

        Rng other = new Rng(99);
        other.restore(state);
        assertThat(new double[]{other.nextGaussian(), other.nextDouble(), other.nextGaussian()}).containsExactly(expected);

        long[] copy = other.state();
        copy[0] ^= 1;                          // state() hands out a copy: changing it leaves the generator alone
        assertThat(other.state()).isNotEqualTo(copy);
    }

    @Test
    void impossibleStatesAreRefused() {
        Rng rng = new Rng(1);
        assertThatThrownBy(() -> rng.restore(new long[4])).hasMessageContaining("6 numbers").hasMessageContaining("got 4");
        assertThatThrownBy(() -> rng.restore(new long[6])).hasMessageContaining("all zero");
        long[] badFlag = rng.state();
        badFlag[4] = 2;
        assertThatThrownBy(() -> rng.restore(badFlag)).hasMessageContaining("flag 2");
        assertThat(rng.state()).as("a refused state changes nothing").isNotEqualTo(badFlag);
        assertThat(rng.nextLong()).isEqualTo(new Rng(1).nextLong());
    }
}
