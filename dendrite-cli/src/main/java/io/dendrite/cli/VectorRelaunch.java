package io.dendrite.cli;

import io.dendrite.tensor.kernel.Simd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Gives {@code java -jar dendrite-cli.jar …} the fast kernels: a JVM started without
 * {@code --add-modules jdk.incubator.vector} (a manifest cannot add a module) starts the same command again with
 * it — the same java, JVM options, jar or class path and arguments, standard streams passed through (less the
 * JVM's incubator warning) — and exits with its status. Nothing happens when the Vector API is already on, when the runtime has no such module, under a
 * debugger (the child could not take its port), or when {@code DENDRITE_NO_RELAUNCH} is set; if the new JVM
 * cannot start, the command runs here on the plain-Java kernels.
 */
final class VectorRelaunch {
    static final String DISABLE = "DENDRITE_NO_RELAUNCH";
    private static final String MODULE = "jdk.incubator.vector";
    static final String WARNING = "WARNING: Using incubator modules";

    private VectorRelaunch() {
    }

    /** The child's exit status, or empty when the command should run in this JVM. */
    static OptionalInt run(String[] args) {
        if (Simd.AVAILABLE || System.getenv(DISABLE) != null || ModuleFinder.ofSystem().find(MODULE).isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            Optional<List<String>> command = command(javaBinary(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    System.getProperty("java.class.path"), System.getProperty("sun.java.command"), args);
            if (command.isEmpty()) {
                return OptionalInt.empty();
            }
            ProcessBuilder pb = new ProcessBuilder(command.get()).inheritIO().redirectError(ProcessBuilder.Redirect.PIPE);
            // the options these carried are already among the input arguments; the child must not see them twice
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().put(DISABLE, "1");
            Process child = pb.start();
            Thread stopChild = new Thread(child::destroy, "dendrite-relaunch");
            Runtime.getRuntime().addShutdownHook(stopChild);
            Thread stderr = new Thread(() -> copyWithoutIncubatorWarning(child.getErrorStream(), System.err),
                    "dendrite-relaunch-stderr");
            stderr.start();
            int status = child.waitFor();
            stderr.join();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return OptionalInt.of(status);
        } catch (Exception | LinkageError e) {   // no java.management, no process support, no such file: run here
            return OptionalInt.empty();
        }
    }

    /**
     * Copies the child's standard error, less the JVM's {@value #WARNING} line (its first line, printed because
     * the flag names an incubator module; the {@code dendrite} launcher drops it the same way).
     */
    static void copyWithoutIncubatorWarning(InputStream in, OutputStream out) {
        try (in) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                first.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (!first.toString(StandardCharsets.UTF_8).startsWith(WARNING)) {
                first.writeTo(out);
            }
            out.flush();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the child's stderr closed under us: nothing left to copy
        }
    }

    private static String javaBinary() {
        Optional<String> self = ProcessHandle.current().info().command();
        if (self.isPresent() && Files.isExecutable(Paths.get(self.get()))) {
            return self.get();
        }
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The command line that starts this one again with the Vector API: {@code java --add-modules
     * jdk.incubator.vector <jvmArgs> (-jar JAR | -cp CLASSPATH io.dendrite.cli.Main) <args>}; empty under a
     * debugger agent. {@code javaCommand} is the {@code sun.java.command} property: the jar path first when
     * started with {@code -jar}, else the main class.
     */
    static Optional<List<String>> command(String java, List<String> jvmArgs, String classPath, String javaCommand,
                                          String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("--add-modules");
        command.add(MODULE);
        for (String option : jvmArgs) {
            if (option.startsWith("-agentlib:jdwp") || option.startsWith("-Xrunjdwp")) {
                return Optional.empty();
            }
            command.add(option);
        }
        boolean jar = classPath != null && classPath.endsWith(".jar") && javaCommand != null
                && (javaCommand.equals(classPath) || javaCommand.startsWith(classPath + " "));
        if (jar) {
            command.add("-jar");   // keeps the jar's manifest (its Add-Opens) in force
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(Main.class.getName());
        }
        command.addAll(List.of(args));
        return Optional.of(command);
    }
}
