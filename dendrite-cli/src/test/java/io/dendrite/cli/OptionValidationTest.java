package io.dendrite.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nonsense options are refused before any work: exit status 1 and exactly one line on stderr naming the option.
 * Every case runs on spiral data (nothing to fetch) and a model file that does not exist (the check comes first).
 */
class OptionValidationTest {
    private static final String[] TRAIN = {"train", "--dataset", "spiral"};

    static Stream<Object[]> nonsense() {
        return Stream.of(
                c("--limit", TRAIN, "--limit", "-5"),
                c("--limit", TRAIN, "--limit", "0"),
                c("--val-size", TRAIN, "--val-size", "-1"),
                c("--label-column", TRAIN, "--label-column", "-2"),
                c("--data", TRAIN, "--data", ""),
                c("--dropout", TRAIN, "--model", "fc", "--dropout", "-0.5"),
                c("--dropout", TRAIN, "--model", "fc", "--dropout", "1"),
                c("--dropout", TRAIN, "--model", "fc", "--dropout", "NaN"),
                c("--dropout", TRAIN, "--model", "two-layer", "--dropout", "0.5"),
                c("--hidden", TRAIN, "--model", "two-layer", "--hidden", "100,50"),
                c("--hidden", TRAIN, "--model", "simple-conv", "--hidden", "100,50"),
                c("--hidden", TRAIN, "--model", "alexnet", "--hidden", "100,50"),
                c("--hidden", TRAIN, "--model", "fc", "--hidden", "100,0"),
                c("--hidden", TRAIN, "--model", "linear", "--hidden", "10"),
                c("--normalization", TRAIN, "--model", "simple-conv", "--normalization", "layernorm"),
                c("--normalization", TRAIN, "--model", "two-layer", "--normalization", "batchnorm"),
                c("--normalization", TRAIN, "--model", "fc", "--normalization", "groupnorm"),
                c("--reg", TRAIN, "--reg", "-1"),
                c("--reg", TRAIN, "--reg", "NaN"),
                c("--width", TRAIN, "--model", "alexnet", "--width", "NaN"),
                c("--weight-scale", TRAIN, "--weight-scale", "0"),
                c("--blocks", TRAIN, "--model", "residual-conv", "--blocks", "0"),
                c("--augment-pad", TRAIN, "--augment-pad", "-1"),
                c("--epochs", TRAIN, "--epochs", "0"),
                c("--batch-size", TRAIN, "--batch-size", "0"),
                c("--lr", TRAIN, "--lr", "0"),
                c("--lr", TRAIN, "--lr", "NaN"),
                c("--lr", TRAIN, "--lr", "Infinity"),
                c("--lr-decay", TRAIN, "--lr-decay", "0"),
                c("--lr-decay", TRAIN, "--lr-decay", "1.5"),
                c("--lr-decay", TRAIN, "--lr-decay", "NaN"),
                c("--threads", TRAIN, "--threads", "-1"),
                c("--train-samples", TRAIN, "--train-samples", "-1"),
                c("--print-every", TRAIN, "--print-every", "0"),
                c("--divergence-factor", TRAIN, "--divergence-factor", "NaN"),
                c("--k", TRAIN, "--model", "knn", "--k", "0"),
                c("--out", TRAIN, "--out", ""),
                c("--optimizer", TRAIN, "--optimizer", "nope"),
                c("--samples", new String[]{"gradcheck"}, "--samples", "0"),
                c("--input-shape", new String[]{"predict", "--model-file", "missing.dnd", "x.png"}, "--input-shape", "0,0,0"),
                c("--format", new String[]{"export", "missing.dnd"}, "--format", "nope"),
                c("--batch-size", new String[]{"eval", "--model-file", "missing.dnd"}, "--batch-size", "0"),
                c("--threads", new String[]{"eval", "--model-file", "missing.dnd"}, "--threads", "-2"),
                c("--limit", new String[]{"eval", "--model-file", "missing.dnd"}, "--limit", "-5"),
                c("--pixel-scale", new String[]{"predict", "--model-file", "missing.dnd", "x.png"}, "--pixel-scale", "NaN"),
                c("--pixel-scale", new String[]{"predict", "--model-file", "missing.dnd", "x.png"}, "--pixel-scale", "-1"),
                c("--pixel-scale", new String[]{"predict", "--model-file", "missing.dnd", "x.png"}, "--pixel-scale", "1/0"),
                c("--pixel-scale", new String[]{"predict", "--model-file", "missing.dnd", "x.png"}, "--pixel-scale", "abc"),
                c("--top", new String[]{"predict", "--model-file", "missing.dnd", "x.png"}, "--top", "0"),
                c("--epochs", new String[]{"search", "--dataset", "spiral"}, "--epochs", "0"),
                c("--trials", new String[]{"search", "--dataset", "spiral"}, "--trials", "0"),
                c("--batch-size", new String[]{"search", "--dataset", "spiral"}, "--batch-size", "-1"),
                c("--dropout", new String[]{"search", "--dataset", "spiral"}, "--dropout", "-0.5"),
                c("--limit", new String[]{"search", "--dataset", "spiral"}, "--limit", "-5"),
                c("--out", new String[]{"search", "--dataset", "spiral"}, "--out", ""),
                c("--lr-range", new String[]{"search", "--dataset", "spiral"}, "--lr-range", "1e-6,NaN"),
                c("--k", new String[]{"crossval", "--dataset", "spiral"}, "--k", "1,0"),
                c("--folds", new String[]{"crossval", "--dataset", "spiral"}, "--folds", "1"),
                c("--threads", new String[]{"crossval", "--dataset", "spiral"}, "--threads", "-1"),
                c("--out", new String[]{"crossval", "--dataset", "spiral"}, "--out", ""),
                c("--limit", new String[]{"crossval", "--dataset", "spiral"}, "--limit", "-5"),
                c("--hidden", new String[]{"summary", "--model", "two-layer"}, "--hidden", "100,50"),
                c("--normalization", new String[]{"summary", "--model", "simple-conv"}, "--normalization", "layernorm"));
    }

    private static Object[] c(String option, String[] command, String... extra) {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        args.addAll(Arrays.asList(extra));
        return new Object[]{option, String.join(" ", args), args.toArray(new String[0])};
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nonsense")
    void isRefusedInOneLineNamingTheOption(String option, String shown, String[] args) {
        CommandsTest.Result r = CommandsTest.run(args);
        assertEquals(1, r.code(), shown + " → " + r.err() + r.out());
        String[] lines = r.err().strip().split("\\R");
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("dendrite " + args[0] + ": "), lines[0]);
        assertTrue(lines[0].contains(option), option + " named in: " + lines[0]);
    }

    static Stream<Object[]> unparsable() {
        return Stream.of(
                c("--seed", TRAIN, "--seed", "x"),
                c("--epochs", TRAIN, "--epochs", "two"),
                c("--bogus", TRAIN, "--bogus"),
                c("--epochs", TRAIN, "--epoch", "3"),
                c("--layout", new String[]{"import", "w.npz"}, "--layout", "nope"),
                c("--dtype", TRAIN, "--dtype", "F16"));
    }

    /** What picocli itself cannot parse: one line (not the whole usage text), the option, a suggestion, where help is. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("unparsable")
    void anOptionThatCannotBeParsedIsOneLineTooWithExitStatusTwo(String option, String shown, String[] args) {
        CommandsTest.Result r = CommandsTest.run(args);
        assertEquals(2, r.code(), shown + " → " + r.err() + r.out());
        String[] lines = r.err().strip().split("\\R");
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("dendrite " + args[0] + ": "), lines[0]);
        assertTrue(lines[0].contains(option), option + " named in: " + lines[0]);
        assertTrue(lines[0].endsWith("— see dendrite " + args[0] + " --help"), lines[0]);
        assertTrue(r.out().isEmpty(), "no usage text: " + r.out());
    }
}
