package io.dendrite.cli;

import io.dendrite.check.GradientReport;
import io.dendrite.check.LayerGradientChecks;
import io.dendrite.check.ModelGradientCheck;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dendrite gradcheck}: analytic against numerical gradients, for every layer type or for a saved model. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check backpropagation against central differences in F64 and print a table of relative errors.",
                "Without --model-file: every layer type and loss on small random inputs. With --model-file: the saved network,"
                        + " rebuilt in F64 with its weights (dropout off), on a few random examples, at random elements of every parameter.",
                "An entry passes when each checked element has a relative error within --tolerance or an absolute error within --atol.",
                "Exits with status 1 when any entry fails."})
final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--model-file", paramLabel = "FILE", description = "Check this saved model instead of the layer types.")
    Path modelFile;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest relative error that passes (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--atol", defaultValue = "1e-9",
            description = "Absolute error that passes regardless (gradients that are 0 up to rounding) (default: ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--examples", defaultValue = "4", description = "Random examples in the batch (model check) (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--samples", defaultValue = "" + ModelGradientCheck.DEFAULT_SAMPLES,
            description = "Elements checked per parameter (model check; all when fewer) (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for inputs and sampled elements (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!(tolerance > 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("invalid --tolerance " + tolerance + " / --atol " + atol + " (expected > 0 and >= 0)");
        }
        OptionChecks.atLeast("--samples", samples, 1, "a number of elements per parameter >= 1");
        OptionChecks.atLeast("--examples", examples, 1, "a number of examples >= 1");
        return modelFile == null ? checkLayers() : checkModel();
    }

    private int checkLayers() {
        Table t = new Table();
        for (Map.Entry<String, GradientReport> r : LayerGradientChecks.all(seed).entrySet()) {
            for (GradientReport.Entry e : r.getValue().entries()) {
                t.add(r.getKey(), e);
            }
        }
        return t.print("layer types");
    }

    private int checkModel() throws Exception {
        if (examples < 1) {
            throw new IllegalArgumentException("invalid --examples " + examples + " (expected >= 1)");
        }
        ModelStore.Loaded loaded = SavedModels.load(modelFile);
        Network net = ModelGradientCheck.checkable(loaded.network());
        int[] shape = SavedModels.inputShape(loaded);
        int classes = outputSize(net, shape);
        Rng rng = new Rng(seed);
        Tensor x = Tensor.rand(rng, DType.F64, Shapes.batch(examples, shape));
        int[] y = new int[examples];
        for (int i = 0; i < examples; i++) {
            y[i] = rng.nextInt(classes);
        }
        System.out.println("model    " + loaded.network().spec());
        System.out.println("input    " + examples + " random examples of shape " + Shapes.format(shape)
                + " (uniform [0, 1)), random labels, " + samples + " elements per parameter");
        List<GradientReport.Entry> entries = ModelGradientCheck.check(net, x, y, samples, rng);
        Table t = new Table();
        for (GradientReport.Entry e : entries) {
            t.add(net.spec().type(), e);
        }
        return t.print(modelFile.toString());
    }

    /** The number of classes: the width of the scores for one sample. */
    private static int outputSize(Network net, int[] sampleShape) {
        int[] scores = net.scores(Tensor.zeros(net.dtype(), Shapes.batch(1, sampleShape))).shape();
        return scores[scores.length - 1];
    }

    /** Rows of (subject, entry), printed with PASS or FAIL. */
    private final class Table {
        private final List<String> subjects = new java.util.ArrayList<>();
        private final List<GradientReport.Entry> entries = new java.util.ArrayList<>();

        void add(String subject, GradientReport.Entry e) {
            subjects.add(subject);
            entries.add(e);
        }

        int print(String what) {
            int width = 5;
            for (String s : subjects) {
                width = Math.max(width, s.length());
            }
            String row = "%-" + width + "s  %-8s  %-16s  %10s  %10s  %s%n";
            System.out.printf(Locale.ROOT, row, "layer", "tensor", "shape", "rel.error", "abs.error", "result");
            int failed = 0;
            for (int i = 0; i < entries.size(); i++) {
                GradientReport.Entry e = entries.get(i);
                boolean ok = e.passed(tolerance, atol);
                failed += ok ? 0 : 1;
                System.out.printf(Locale.ROOT, row, subjects.get(i), e.name(), Shapes.format(e.shape()),
                        String.format(Locale.ROOT, "%.3e", e.relError()), String.format(Locale.ROOT, "%.3e", e.absError()),
                        ok ? "PASS" : "FAIL");
            }
            System.out.printf(Locale.ROOT, "gradient check of %s: %s (tolerance %.0e, atol %.0e)%n", what,
                    failed == 0 ? "all " + entries.size() + " gradients PASS" : failed + " of " + entries.size() + " gradients FAIL",
                    tolerance, atol);
            return failed == 0 ? 0 : 1;
        }
    }
}
