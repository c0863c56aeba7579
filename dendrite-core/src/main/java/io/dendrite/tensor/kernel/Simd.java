package io.dendrite.tensor.kernel;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the kernels run on the Vector API ({@code jdk.incubator.vector}) or on plain Java loops.
 *
 * <p>The Vector API is an incubator module: the JVM resolves it only when the command line says
 * {@code --add-modules jdk.incubator.vector} (the {@code dendrite} launcher, the CLI jar and the Maven
 * build do). Without it every kernel facade ({@link VecOps}, {@link Gemm}, {@link ConvGemm}, Adam's F32
 * loop) dispatches on {@link #AVAILABLE} to a plain-Java body ({@code *Scalar}) instead of the vector body
 * ({@code *Vector}), and no class that names a {@code jdk.incubator.vector} type is ever loaded. Both bodies
 * compute the same math; elementwise loops and GEMM tiles agree bit for bit, reductions differ in summation
 * order only. Each path is deterministic and bit-identical for any thread count.
 *
 * <p>The first plain-Java kernel to run says once per JVM, on standard error, how to enable the fast path
 * (how much faster the Vector API runs, and the flag); {@code DENDRITE_QUIET_SIMD=1} in the environment or {@code -Ddendrite.simd.quiet=true}
 * silences it.
 */
public final class Simd {
    /** True when {@code jdk.incubator.vector} is in the boot layer, so the vector kernels can run. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * Printed once when the plain-Java kernels are in use. The factor is a 512×512×512 F32 matmul on 2 threads,
     * best of 21, measured with {@code bench/simd-factor.sh} on the development machine (shared, so a range):
     * JDK 25 2.9–4.0 ms with the flag against 23 ms without, JDK 17 4.5–6.8 against 33–36 ms.
     */
    static final String NOTICE = "dendrite: the Vector API is not enabled; running plain Java kernels"
            + " (about 6-8x slower on GEMM). Add --add-modules jdk.incubator.vector to the java command line"
            + " (or to JDK_JAVA_OPTIONS) for the fast path; DENDRITE_QUIET_SIMD=1 hides this note.";

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private Simd() {
    }

    /**
     * Bits in the vector registers the kernels use (the preferred float species), or 0 on the plain-Java path.
     */
    public static int vectorBitSize() {
        return AVAILABLE ? VecOpsVector.BIT_SIZE : 0;
    }

    /** One line for {@code dendrite version}: {@code "SIMD 256-bit (Vector API)"} or the plain-Java path. */
    public static String describe() {
        return AVAILABLE ? "SIMD " + vectorBitSize() + "-bit (Vector API)"
                : "plain Java kernels (Vector API not enabled: add --add-modules jdk.incubator.vector)";
    }

    /**
     * Called from the static initializer of every plain-Java kernel class: on the plain-Java path, prints
     * {@link #NOTICE} the first time in this JVM. Tests that call a scalar body directly, with the Vector API
     * enabled, print nothing.
     */
    static void plainKernelsInUse() {
        if (!AVAILABLE) {
            tellOnce(TOLD, System.err, quiet());
        }
    }

    /** Prints {@link #NOTICE} to {@code err} unless {@code quiet} or already {@code told}; true when it printed. */
    static boolean tellOnce(AtomicBoolean told, PrintStream err, boolean quiet) {
        if (quiet || !told.compareAndSet(false, true)) {
            return false;
        }
        err.println(NOTICE);
        err.flush();
        return true;
    }

    private static boolean quiet() {
        String env = System.getenv("DENDRITE_QUIET_SIMD");
        return Boolean.getBoolean("dendrite.simd.quiet") || (env != null && !env.isEmpty() && !env.equals("0"));
    }
}
