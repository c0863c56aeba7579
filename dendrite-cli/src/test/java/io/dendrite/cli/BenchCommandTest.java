package io.dendrite.cli;

import io.dendrite.data.Idx;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {
    private final int savedThreads = Threads.count();

    @TempDir
    Path dir;

    @AfterEach
    void restoreThreads() {
        Threads.set(savedThreads);
    }

    /** A tiny MNIST folder: 200 training and 1000 test images of 28×28 with a pattern per class. */
    private Path tinyMnist() throws IOException {
        writeSplit("train", 200);
        writeSplit("t10k", 1000);
        return dir;
    }

    private void writeSplit(String prefix, int n) throws IOException {
        byte[] px = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int r = 0; r < 28; r++) {   // class c lights up rows 2c..2c+3
                for (int c = 0; c < 28; c++) {
                    boolean on = r / 2 >= labels[i] && r / 2 < labels[i] + 2;
                    px[i * 784 + r * 28 + c] = (byte) (on ? 200 + (i + c) % 50 : (i * 7 + r + c) % 20);
                }
            }
        }
        Idx.writeImages(dir.resolve(prefix + "-images-idx3-ubyte"), px, n, 28, 28, false);
        Idx.writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte"), labels, false);
    }

    private String[] run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            code = cmd.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new String[]{String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString()};
    }

    @Test
    void runsEveryWorkloadAndPrintsPeerStyleResults() throws IOException {
        String[] r = run("bench", "--data", tinyMnist().toString(), "--epochs", "2", "--threads", "2");

        assertThat(r[0]).as("exit code; stderr: %s", r[2]).isEqualTo("0");
        assertThat(r[1]).contains("200 training and 1000 test images, 2 thread(s)")
                .contains("W1 MLP 784-50-10, SGD lr 0.1, batch 100, 2 iterations/epoch")
                .contains("W1 epoch 1: ").contains("W1 epoch 2: ")
                .containsPattern("RESULT W1 dendrite s_per_epoch_median=\\d+\\.\\d{3} .* n=1 first=\\d+\\.\\d{3} test_acc_after_2_epochs=[01]\\.\\d{4}")
                .containsPattern("RESULT W2 dendrite s_per_epoch_median=\\d+\\.\\d{3} .* test_acc_after_2_epochs=[01]\\.\\d{4}")
                .contains("W4 run 0: ").contains("(warm-up)").contains("W4 run 5: ")
                .containsPattern("RESULT W4 dendrite img_per_s_median=\\d+ min=\\d+ max=\\d+ n=5");
        assertThat(r[1]).doesNotContain("untrained");
    }

    @Test
    void inferenceAloneSaysTheNetworkIsUntrained() throws IOException {
        String[] r = run("bench", "--data", tinyMnist().toString(), "--workload", "w4", "--threads", "1");

        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo("0");
        assertThat(r[1]).contains("untrained SimpleConvNet").contains("RESULT W4 dendrite")
                .doesNotContain("RESULT W1").doesNotContain("RESULT W2");
    }

    @Test
    void runsAListOfWorkloadsInOrder() throws IOException {
        String[] r = run("bench", "--data", tinyMnist().toString(), "--workload", "W2, w4", "--epochs", "1", "--threads", "1");

        assertThat(r[0]).as("stderr: %s", r[2]).isEqualTo("0");
        assertThat(r[1]).contains("RESULT W2 dendrite").contains("RESULT W4 dendrite").doesNotContain("RESULT W1")
                .doesNotContain("untrained");
        assertThat(r[1].indexOf("RESULT W2")).isLessThan(r[1].indexOf("RESULT W4"));
    }

    @Test
    void refusesAnUnknownWorkloadAndBadBlocks() throws IOException {
        String[] r = run("bench", "--data", tinyMnist().toString(), "--workload", "W5");

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("unknown workload 'W5'").contains("W1, W2, W3, W4, all or a list");
        String[] blocks = run("bench", "--data", tinyMnist().toString(), "--workload", "W3", "--blocks", "0");
        assertThat(blocks[0]).isEqualTo("1");
        assertThat(blocks[2]).contains("invalid W3 timing: --blocks 0");
    }

    @Test
    void deepConvNetWorkloadTimesBlocksOfIterationsLikeThePeers() throws IOException {
        // 200 training images: the 5 batches of 100 wrap around the shuffled set (DeepConvNet is slow on a cold JVM)
        String[] r = run("bench", "--data", tinyMnist().toString(), "--workload", "W3", "--blocks", "2",
                "--block-iterations", "2", "--warmup-iterations", "1", "--threads", "2");

        assertThat(r[0]).as("exit code; stderr: %s", r[2]).isEqualTo("0");
        assertThat(r[1]).contains("W3 DeepConvNet, Adam 1e-3, batch 100, 1 warm-up iterations then 2 blocks of 2")
                .contains("W3 warm-up 1 iters: ").contains("W3 block 1: ").contains("W3 block 2: ")
                .containsPattern("RESULT W3 dendrite s_per_100_median=\\d+\\.\\d{3} .* n=2 extrapolated_s_per_epoch=\\d+\\.\\d"
                        + " test_acc_after_5_iters=[01]\\.\\d{4}")
                .doesNotContain("RESULT W1").doesNotContain("RESULT W4");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(BenchCommand.median(new double[]{3, 1, 2})).isEqualTo(2);
        assertThat(BenchCommand.median(new double[]{4, 1, 3, 2})).isEqualTo(2.5);
    }
}
