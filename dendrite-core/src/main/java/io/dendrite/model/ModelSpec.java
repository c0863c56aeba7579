package io.dendrite.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recipe of a ready-made network: its type (one of {@link Models#TYPES}: "two-layer", "fc", "simple-conv",
 * "lenet5", "residual-conv", …) and its options, printed as {@code type key=value key=value}. Saved models carry it so that
 * loading can build the same network before reading the weights.
 */
public record ModelSpec(String type, Map<String, String> options) {
    public ModelSpec {
        if (type == null || type.isBlank() || type.contains(" ")) {
            throw new IllegalArgumentException("invalid model type: '" + type + "'");
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public String get(String key) {
        String v = options.get(key);
        if (v == null) {
            throw new IllegalArgumentException("model spec '" + this + "' lacks option '" + key + "'");
        }
        return v;
    }

    public String get(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public double getDouble(String key) {
        return Double.parseDouble(get(key));
    }

    /** Parses the form written by {@link #toString()}. */
    public static ModelSpec parse(String text) {
        String[] parts = text.trim().split("\\s+");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("model spec '" + shown(text) + "': expected key=value, found '"
                        + shown(parts[i]) + "'");
            }
            options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new ModelSpec(parts[0], options);
    }

    /** Text for a message: one line (line breaks and control characters shown as ?), at most 80 characters. */
    static String shown(String text) {
        String t = text.strip().replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type);
        options.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
