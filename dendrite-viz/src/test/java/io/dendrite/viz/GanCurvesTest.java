package io.dendrite.viz;

import static io.dendrite.viz.ImageAssertions.assertPng;
import static io.dendrite.viz.ImageAssertions.assertSvg;
import static io.dendrite.viz.ImageAssertions.distinctColors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanCurvesTest {
    @TempDir
    Path dir;

    private final Plots plots = Plots.defaults();

    private static double[] wave(int n, double level, double phase) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = level + 0.3 * Math.sin(i * 0.7 + phase);
        }
        return v;
    }

    @Test
    void ganLossesDrawBothNetworksAsPngAndSvg() throws IOException {
        BufferedImage png = assertPng(plots.ganLosses(wave(300, 1.2, 0), wave(300, 0.8, 1), dir.resolve("gan.png")), 800, 600);
        assertThat(distinctColors(png)).isGreaterThan(4);
        assertSvg(plots.ganLosses(wave(3, 1.2, 0), wave(3, 0.8, 1), dir.resolve("gan.svg")), 800, 600);
        plots.ganLosses(new double[]{1.4}, new double[]{0.7}, dir.resolve("one.png"));
    }

    @Test
    void sampleQualityDrawsThreePanels() throws IOException {
        Path out = plots.sampleQuality(new double[]{6, 9, 10}, new double[]{0.6, 0.8, 0.9}, new double[]{40, 12.5, 7},
                10, dir.resolve("quality.png"));
        assertThat(distinctColors(assertPng(out, 800, 600))).isGreaterThan(4);
    }

    @Test
    void refusesMismatchedAndNonFiniteSeries() {
        assertThatThrownBy(() -> plots.ganLosses(wave(3, 1, 0), wave(4, 1, 0), dir.resolve("x.png")))
                .hasMessageContaining("discriminator").hasMessageContaining("generator");
        assertThatThrownBy(() -> plots.ganLosses(new double[]{Double.NaN}, new double[]{1}, dir.resolve("x.png")))
                .hasMessageContaining("discriminator");
        assertThatThrownBy(() -> plots.sampleQuality(new double[]{1}, new double[]{0.5}, new double[]{Double.NaN}, 10,
                dir.resolve("x.png"))).hasMessageContaining("frechetDistance");
    }
}
