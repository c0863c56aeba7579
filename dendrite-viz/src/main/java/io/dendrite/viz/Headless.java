package io.dendrite.viz;

/**
 * Puts AWT into headless mode before any chart or image is created.
 *
 * <p>Dendrite draws plots on servers and in CI where there is no display; without this property
 * the first font lookup may try to open one and fail. Every public entry point of this package
 * calls {@link #ensure()} first. The property only has an effect if it is set before AWT's
 * graphics environment initializes, which is why it lives in a static initializer reached early.
 */
final class Headless {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Headless() {
    }

    /** Triggers the static initializer; cheap after the first call. */
    static void ensure() {
        // the work happens once, in the static initializer
    }
}
