package io.dendrite.cli;

import io.dendrite.train.Solver;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code train --resume DIR} checks against the run it continues. The options in {@link #RECORDED} shape a
 * run; train records them in every checkpoint. On resume, an option not given on the command line takes the run's
 * value; one given with the run's value is fine; {@link #MAY_CHANGE} ({@code --lr}, {@code --epochs}) may differ and
 * are applied; any other difference is refused in one line naming each option with both values.
 */
final class ResumedRun {
    /** The options that shape a run, recorded in its checkpoint (names without the leading dashes). */
    static final List<String> RECORDED = List.of("dataset", "data", "val-size", "limit", "label-column", "header",
            "features", "preset", "model", "loss", "hidden", "activation", "width", "blocks", "reg", "dropout",
            "normalization", "weight-init", "weight-scale", "dtype", "seed", "optimizer", "lr", "lr-decay", "schedule",
            "augment-pad", "augment-flip", "batch-size", "sampling", "epochs");
    /** Recorded options a resumed run may change: a new learning rate from the resumed epoch on, more epochs. */
    static final List<String> MAY_CHANGE = List.of("lr", "epochs");

    /** The options given differently from the run's, which may change (a subset of {@link #MAY_CHANGE}), old → new. */
    record Changes(Map<String, String[]> changed) {
        boolean has(String option) {
            return changed.containsKey(option);
        }

        /** One line per applied change, e.g. {@code --lr 0.5 (the run's: 1.0)}. */
        List<String> lines() {
            List<String> out = new ArrayList<>();
            changed.forEach((k, v) -> out.add("--" + k + " " + v[1] + " (the run's: " + v[0] + ")"));
            return out;
        }
    }

    private ResumedRun() {
    }

    /** The checkpoint of the run folder {@code dir}, or one line that says what is wrong with {@code dir} and what to do. */
    static Path checkpoint(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new IllegalArgumentException("--resume " + dir + " is a file, not a run folder: give the folder"
                    + " that holds " + Solver.CHECKPOINT_FILE + " (the --out of the run to continue)");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--resume " + dir + ": no such folder; give the --out folder of the run"
                    + " to continue");
        }
        Path file = dir.resolve(Solver.CHECKPOINT_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--resume " + dir + ": the folder holds no " + Solver.CHECKPOINT_FILE
                    + " (train writes it after each epoch); give the folder of a run that finished an epoch, or start"
                    + " a new run without --resume");
        }
        return file;
    }

    /** The recorded options' current values, name → text, for {@link Solver.Builder#options}. */
    static Map<String, String> current(CommandSpec spec) {
        return current(spec, RECORDED);
    }

    /** The current values of the options {@code names} that shape another command's run ({@code lm train}). */
    static Map<String, String> current(CommandSpec spec, List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, text(option(spec, name).getValue()));
        }
        return values;
    }

    /**
     * Compares the options of {@code spec} with those {@code recorded} by the run in {@code dir}: sets every option
     * not given on the command line to the run's value, refuses conflicts in one line, returns what may change.
     */
    static Changes apply(CommandSpec spec, Path dir, Map<String, String> recorded) {
        return apply(spec, dir, recorded, MAY_CHANGE);
    }

    /** {@link #apply(CommandSpec, Path, Map)} for a command whose options in {@code mayChange} may differ. */
    static Changes apply(CommandSpec spec, Path dir, Map<String, String> recorded, List<String> mayChange) {
        List<String> conflicts = new ArrayList<>();
        Map<String, String[]> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String name = e.getKey();
            OptionSpec o = spec.findOption("--" + name);
            if (o == null) {
                continue;   // recorded by a later version: nothing here to compare it with
            }
            String was = e.getValue();
            String now = text(o.getValue());
            if (!spec.commandLine().getParseResult().hasMatchedOption("--" + name)) {
                if (!same(o, was, now)) {
                    try {
                        o.setValue(parse(o, was));
                    } catch (RuntimeException bad) {
                        throw new IllegalArgumentException("--resume " + dir + ": " + Solver.CHECKPOINT_FILE + " records --"
                                + name + " '" + (was.length() > 40 ? was.substring(0, 40) + "…" : was) + "', not a valid"
                                + " value — the checkpoint is damaged; start a new run with --out", bad);
                    }
                    if (spec.userObject() instanceof TrainCommand t) {
                        t.data.takenFromRun.add("--" + name);   // as if given: the preset's own defaults yield to it
                    }
                }
            } else if (!same(o, was, now)) {
                if (mayChange.contains(name)) {
                    changed.put(name, new String[]{was, now});
                } else {
                    conflicts.add("--" + name + " " + shown(now) + " differs from the run's " + shown(was));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("--resume " + dir + ": " + String.join("; ", conflicts)
                    + " — drop " + (conflicts.size() == 1 ? "it" : "them") + " or start a new run with --out");
        }
        return new Changes(changed);
    }

    private static OptionSpec option(CommandSpec spec, String name) {
        OptionSpec o = spec.findOption("--" + name);
        if (o == null) {
            throw new IllegalStateException(spec.qualifiedName() + " has no option --" + name);
        }
        return o;
    }

    /** An option's value as recorded: arrays joined by commas, no value as the empty string. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof int[] a) {
            return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(","));
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value.toString();
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(none)" : value;
    }

    /** Equal as the option means them: names ignore case, paths are compared resolved, numbers by value. */
    private static boolean same(OptionSpec o, String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        try {
            return parse(o, a).equals(parse(o, b)) || (o.type() == Path.class
                    && Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize()));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** The recorded text as a value of the option's type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(OptionSpec o, String text) {
        Class<?> type = o.type();
        if (text.isEmpty() && !type.isPrimitive()) {
            return null;
        }
        if (type == String.class) {
            return text;
        }
        if (type == Path.class) {
            return Path.of(text);
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(text);
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(text);
        }
        if (type == double.class || type == Double.class) {
            return Double.parseDouble(text);
        }
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.parseBoolean(text);
        }
        if (type == int[].class) {
            return Arrays.stream(text.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class) type, text);
        }
        throw new IllegalStateException("--" + o.longestName() + ": cannot read the recorded value '" + text + "'");
    }
}
