package io.dendrite.viz;

import java.awt.Color;

/** Colors shared by every plot: a ten-color qualitative palette and helpers to lighten and scale. */
final class Palette {
    /** Distinct hues in the order of matplotlib's "tab10", so plots look familiar next to the book's. */
    private static final Color[] QUALITATIVE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    private Palette() {
    }

    /** Color number {@code i}, cycling after ten. */
    static Color color(int i) {
        return QUALITATIVE[Math.floorMod(i, QUALITATIVE.length)];
    }

    static Color[] colors() {
        return QUALITATIVE.clone();
    }

    /** Mixes {@code c} with white; {@code amount} 0 keeps the color, 1 gives white. */
    static Color lighten(Color c, double amount) {
        return new Color(
                mix(c.getRed(), 255, amount), mix(c.getGreen(), 255, amount), mix(c.getBlue(), 255, amount));
    }

    /** Sequential white-to-blue scale for t in [0, 1] (clamped). */
    static Color blues(double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color(mix(247, 8, u), mix(251, 48, u), mix(255, 107, u));
    }

    private static int mix(int from, int to, double amount) {
        return (int) Math.round(from + (to - from) * amount);
    }
}
