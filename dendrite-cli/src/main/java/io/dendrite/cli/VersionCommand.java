package io.dendrite.cli;

import io.dendrite.tensor.kernel.Simd;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dendrite version}: the Dendrite version, the running JDK and whether its Vector API is in use. */
@Command(name = "version", description = "Print the Dendrite version, the Java runtime and the thread count.")
final class VersionCommand implements Runnable {
    static final String VERSION = "0.1.0";

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            System.out.println(line);
        }
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{
                    "dendrite " + VERSION,
                    "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                            + System.getProperty("java.home") + ")",
                    "threads " + io.dendrite.tensor.kernel.Threads.count()
                            + ", " + Simd.describe()
            };
        }
    }
}
