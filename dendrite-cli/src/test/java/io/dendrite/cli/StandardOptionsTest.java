package io.dendrite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dendrite.cli.CommandsTest.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command, at any depth, answers {@code -V}, {@code --version} and {@code --help} like {@code dendrite} itself. */
class StandardOptionsTest {
    /** The command paths under {@code dendrite}, found in the command line itself so that a new command is tested too. */
    static Stream<List<String>> commands() {
        return paths(Main.commandLine(), List.of()).stream();
    }

    private static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().helpCommand() && sub.getCommandName().equals(name)) { // no aliases twice
                List<String> path = Stream.concat(prefix.stream(), Stream.of(name)).toList();
                out.add(path);
                out.addAll(paths(sub, path));
            }
        });
        return out;
    }

    @Test
    void theCommandsFoundIncludeEveryDocumentedOne() {
        assertThat(commands().map(p -> String.join(" ", p))).contains("train", "eval", "predict", "gradcheck", "search",
                "bench", "fetch", "report", "plot", "version");
    }

    @ParameterizedTest(name = "dendrite {0}")
    @MethodSource("commands")
    void printsTheVersionAndItsOwnHelp(List<String> command) {
        String[] versionLines = new VersionCommand.Provider().getVersion();
        for (String flag : List.of("-V", "--version")) {
            Result r = CommandsTest.run(args(command, flag));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines()).as(String.join(" ", command) + " " + flag).containsExactly(versionLines);
        }
        Result help = CommandsTest.run(args(command, "--help"));
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: dendrite " + String.join(" ", command) + " ")
                .contains("-h, --help").contains("-V, --version");
    }

    @Test
    void versionHelpDescribesTheVersionCommand() {
        Result r = CommandsTest.run("version", "--help");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: dendrite version [-hV]")
                .contains("Print the Dendrite version, the Java runtime and the thread count.");
        assertThat(CommandsTest.run("help", "version").out()).isEqualTo(r.out());
    }

    private static String[] args(List<String> command, String flag) {
        return Stream.concat(command.stream(), Stream.of(flag)).toArray(String[]::new);
    }
}
