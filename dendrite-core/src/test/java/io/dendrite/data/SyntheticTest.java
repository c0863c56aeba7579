package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;

class SyntheticTest {
    @Test
    void spiralHasKArmsOfNPointsWithRadiusLinspace() {
        Dataset s = Synthetic.spiral(100, 3, new Rng(0));
        assertThat(s.size()).isEqualTo(300);
        assertThat(s.sampleShape()).containsExactly(2);
        assertThat(s.numClasses()).isEqualTo(3);
        assertThat(s.classCounts()).containsExactly(100, 100, 100);
        assertThat(s.label(150)).isEqualTo(1);
        for (int j = 0; j < 3; j++) {
            for (int i : new int[] {0, 33, 99}) {
                float[] p = s.sample(100 * j + i);
                assertThat(Math.hypot(p[0], p[1])).isCloseTo(i / 99.0, within(1e-6));
            }
        }
        assertThat(Synthetic.spiral(100, 3, new Rng(0)).data()).containsExactly(s.data());
        assertThat(Synthetic.spiral(100, 3, new Rng(1)).data()).isNotEqualTo(s.data());
    }

    @Test
    void spiralAnglesFollowTheirArm() {
        // Noise 0.2 around t = 4j + 4i/(n-1): the angle atan2(x, y) of the last point of arm j is near 4(j+1).
        Dataset s = Synthetic.spiral(50, 2, new Rng(4));
        for (int j = 0; j < 2; j++) {
            float[] p = s.sample(50 * j + 49);
            double t = 4 * (j + 1);
            assertThat(Math.cos(Math.atan2(p[0], p[1]) - t)).isGreaterThan(Math.cos(1.0));
        }
    }

    @Test
    void logicGates() {
        assertThat(Synthetic.and().data()).containsExactly(0, 0, 1, 0, 0, 1, 1, 1);
        assertThat(Synthetic.and().labels()).containsExactly(0, 0, 0, 1);
        assertThat(Synthetic.or().labels()).containsExactly(0, 1, 1, 1);
        assertThat(Synthetic.nand().labels()).containsExactly(1, 1, 1, 0);
        assertThat(Synthetic.xor().labels()).containsExactly(0, 1, 1, 0);
        assertThat(Synthetic.xor().x().shape()).containsExactly(4, 2);
    }
}
