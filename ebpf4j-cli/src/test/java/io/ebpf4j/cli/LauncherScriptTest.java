package io.ebpf4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.jit.JitInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./ebpf4j} launcher passes HotSpot the option that lets large programs' chunk methods compile early
 * ({@link JitInfo#CHUNK_COMPILE_COMMAND}) to the commands that run programs, silenced by
 * {@code -XX:CompileCommand=quiet} (without it HotSpot prints the command on standard output, which would break
 * {@code --json} output), and the code cache options ({@link JitInfo#CODE_CACHE_OPTIONS}); not to the short-lived
 * commands.
 */
class LauncherScriptTest {

    @Test
    void commandsThatRunProgramsGetTheChunkCompileCommand() throws Exception {
        Path script = Path.of("..", "ebpf4j");
        Assumptions.assumeTrue(Files.isRegularFile(script), "no launcher script at " + script.toAbsolutePath().normalize());
        String text = Files.readString(script);
        String option = JitInfo.CHUNK_COMPILE_COMMAND;
        int runCase = text.indexOf("run|run-raw|bench)");
        int otherCase = text.indexOf("*)", runCase);
        assertTrue(runCase >= 0 && otherCase > runCase, "the launcher has no case for run|run-raw|bench");
        String runBranch = text.substring(runCase, otherCase);
        assertTrue(runBranch.contains("\"" + option + "\""), () -> "run/bench branch lacks the quoted " + option + ":\n" + runBranch);
        int quiet = runBranch.indexOf("-XX:CompileCommand=quiet");
        assertTrue(quiet >= 0 && quiet < runBranch.indexOf(option), "-XX:CompileCommand=quiet must come before the option");
        assertTrue(!text.substring(otherCase).contains(option), "short-lived commands should not get the option");
        for (String o : JitInfo.CODE_CACHE_OPTIONS) {
            assertTrue(runBranch.contains(" " + o + " "), () -> "run/bench branch lacks " + o);
            assertTrue(!text.substring(otherCase).contains(o), "short-lived commands should not get " + o);
        }
    }
}
