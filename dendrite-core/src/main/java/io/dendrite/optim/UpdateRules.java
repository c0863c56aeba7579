package io.dendrite.optim;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds update rules from their names (for the command line and for checkpoints):
 * {@code sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw}. Names are case-insensitive and ignore
 * {@code _} and {@code -}, so cs231n's {@code sgd_momentum} and {@code rms_prop} work too.
 */
public final class UpdateRules {
    /** Config key of the learning rate (cs231n's name). */
    public static final String LEARNING_RATE = "learning_rate";
    public static final String MOMENTUM = "momentum";
    public static final String DECAY_RATE = "decay_rate";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPSILON = "epsilon";
    public static final String WEIGHT_DECAY = "weight_decay";

    private static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");

    private UpdateRules() {
    }

    /** The canonical names, in the order of the chapter that introduces them. */
    public static List<String> names() {
        return NAMES;
    }

    /** The rule called {@code name} with its default hyperparameters and default learning rate. */
    public static UpdateRule create(String name) {
        return create(name, Map.of());
    }

    /** The rule called {@code name} with learning rate {@code lr} and its other defaults. */
    public static UpdateRule create(String name, double lr) {
        return create(name, Map.of(LEARNING_RATE, lr));
    }

    /**
     * The rule called {@code name}, hyperparameters taken from {@code config} (keys as {@link UpdateRule#config()}
     * writes them; values numbers or numeric strings); absent keys take the rule's defaults, unknown keys are refused.
     */
    public static UpdateRule create(String name, Map<String, ?> config) {
        String key = canonical(name);
        Map<String, ?> c = config == null ? Map.of() : config;
        Reader r = new Reader(key, c);
        UpdateRule rule = switch (key) {
            case "sgd" -> new Sgd(r.get(LEARNING_RATE, Sgd.DEFAULT_LEARNING_RATE));
            case "momentum" -> new Momentum(r.get(LEARNING_RATE, Momentum.DEFAULT_LEARNING_RATE),
                    r.get(MOMENTUM, Momentum.DEFAULT_MOMENTUM));
            case "nesterov" -> new Nesterov(r.get(LEARNING_RATE, Nesterov.DEFAULT_LEARNING_RATE),
                    r.get(MOMENTUM, Nesterov.DEFAULT_MOMENTUM));
            case "adagrad" -> new AdaGrad(r.get(LEARNING_RATE, AdaGrad.DEFAULT_LEARNING_RATE),
                    r.get(EPSILON, AdaGrad.DEFAULT_EPSILON));
            case "rmsprop" -> new RmsProp(r.get(LEARNING_RATE, RmsProp.DEFAULT_LEARNING_RATE),
                    r.get(DECAY_RATE, RmsProp.DEFAULT_DECAY), r.get(EPSILON, RmsProp.DEFAULT_EPSILON));
            case "adam" -> new Adam(r.get(LEARNING_RATE, Adam.DEFAULT_LEARNING_RATE),
                    r.get(BETA1, Adam.DEFAULT_BETA1), r.get(BETA2, Adam.DEFAULT_BETA2),
                    r.get(EPSILON, Adam.DEFAULT_EPSILON));
            case "adamw" -> new AdamW(r.get(LEARNING_RATE, AdamW.DEFAULT_LEARNING_RATE),
                    r.get(BETA1, Adam.DEFAULT_BETA1), r.get(BETA2, Adam.DEFAULT_BETA2),
                    r.get(EPSILON, Adam.DEFAULT_EPSILON), r.get(WEIGHT_DECAY, AdamW.DEFAULT_WEIGHT_DECAY));
            default -> throw new AssertionError(key);
        };
        r.refuseUnused();
        return rule;
    }

    /** The canonical name for {@code name}, or an error listing the known names and the closest one. */
    static String canonical(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no update rule named — expected one of " + String.join(", ", NAMES));
        }
        String k = name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (k.equals("sgdmomentum")) {
            k = "momentum";
        }
        if (NAMES.contains(k)) {
            return k;
        }
        String best = NAMES.get(0);
        int bestD = Integer.MAX_VALUE;
        for (String n : NAMES) {
            int d = editDistance(k, n);
            if (d < bestD) {
                bestD = d;
                best = n;
            }
        }
        throw new IllegalArgumentException("unknown update rule '" + name + "' — expected one of "
                + String.join(", ", NAMES) + (bestD <= 2 ? "; did you mean " + best + "?" : ""));
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Reads numbers out of a config map, remembering which keys were used. */
    private static final class Reader {
        private final String rule;
        private final Map<String, ?> config;
        private final Set<String> used = new java.util.HashSet<>();

        Reader(String rule, Map<String, ?> config) {
            this.rule = rule;
            this.config = new HashMap<>(config);
        }

        double get(String key, double fallback) {
            used.add(key);
            Object v = config.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number num) {
                return num.doubleValue();
            }
            try {
                return Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("update rule " + rule + ": " + key + " = '" + v
                        + "' is not a number", e);
            }
        }

        void refuseUnused() {
            for (String k : config.keySet()) {
                if (!used.contains(k)) {
                    throw new IllegalArgumentException("update rule " + rule + " has no hyperparameter '" + k
                            + "' — it takes " + used);
                }
            }
        }
    }
}
