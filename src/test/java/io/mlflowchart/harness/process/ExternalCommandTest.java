package io.mlflowchart.harness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real small programs, run as the harness runs Helm, make and git. */
class ExternalCommandTest {

    /** Far more than any command here needs, so that only the timeout test can time out. */
    private static final Duration AMPLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void returnsWhatTheProgramPrintedOnStdout() throws Exception {
        assertThat(new ExternalCommand(List.of("sh", "-c", "echo out; echo err >&2"), AMPLE).run())
                .isEqualTo("out\n");
        assertThat(new ExternalCommand(List.of("true"), AMPLE).run()).isEmpty();
    }

    @Test
    void runsInItsDirectoryWithTheVariablesGiven() throws Exception {
        String printed = new ExternalCommand(List.of("sh", "-c", "pwd; echo \"$GREETING\""), AMPLE)
                .in(dir)
                .withEnvironment("GREETING", "hello")
                .run();

        assertThat(printed).isEqualTo(dir.toRealPath() + "\nhello\n");
    }

    @Test
    void failsWithTheExitCodeAndStderrOfAProgramThatFails() {
        List<String> failing = List.of("sh", "-c", "echo partial; echo 'no such chart' >&2; exit 3");

        assertThatThrownBy(() -> new ExternalCommand(failing, AMPLE).run())
                .isInstanceOfSatisfying(ExternalCommandException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.timedOut()).isFalse();
                    assertThat(e.output()).isEqualTo("no such chart\n");
                    assertThat(e.command()).isEqualTo(failing);
                    assertThat(e).hasMessage(String.join(" ", failing) + " -> exit 3: no such chart");
                });
        assertThatThrownBy(() -> new ExternalCommand(List.of("false"), AMPLE).run())
                .isInstanceOfSatisfying(
                        ExternalCommandException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(1));
    }

    @Test
    void killsAProgramThatOutlivesItsTimeout() throws Exception {
        Path pidFile = dir.resolve("pid");
        List<String> hanging =
                List.of("sh", "-c", "echo $$ > \"$0\"; echo waiting >&2; exec sleep 60", pidFile.toString());
        assertThatThrownBy(() -> new ExternalCommand(hanging, Duration.ofSeconds(1)).run())
                .isInstanceOfSatisfying(ExternalCommandException.class, e -> {
                    assertThat(e.timedOut()).isTrue();
                    assertThat(e.exitCode()).isEqualTo(-1);
                    assertThat(e.output()).isEqualTo("waiting\n");
                    assertThat(e).hasMessageEndingWith(" -> no answer within PT1S: waiting");
                });
        assertGone(pidFile, "sleep, killed");
    }

    @Test
    void killsWhatTheProgramStartedToo() throws Exception {
        Path pidFile = dir.resolve("pid");
        List<String> pipeline = List.of("sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", pidFile.toString());

        assertThatThrownBy(() -> new ExternalCommand(pipeline, Duration.ofSeconds(1)).run())
                .isInstanceOfSatisfying(
                        ExternalCommandException.class,
                        e -> assertThat(e.timedOut()).isTrue());
        assertGone(pidFile, "the shell's sleep, killed");
    }

    /** What the JVM's shutdown hook does when a run is stopped from outside: no test thread is interrupted then. */
    @Test
    void stopAllStopsTheCommandsRunningNowAndTheirCallersSeeThemFail() throws Exception {
        Path pidFile = dir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = callerOfAHangingCommand(pidFile, thrown);

        ExternalCommand.stopAll();
        caller.join(Duration.ofSeconds(10).toMillis());

        assertThat(thrown.get())
                .isInstanceOfSatisfying(
                        ExternalCommandException.class,
                        e -> assertThat(e.timedOut()).isFalse());
        assertGone(pidFile, "sleep, stopped");
    }

    @Test
    void killsTheProgramWhenTheCallerIsInterrupted() throws Exception {
        Path pidFile = dir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = callerOfAHangingCommand(pidFile, thrown);

        caller.interrupt();
        caller.join(Duration.ofSeconds(10).toMillis());

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertGone(pidFile, "sleep, killed");
    }

    /** A thread running a command that would sleep a minute, started and seen running; what it throws goes to thrown. */
    private static Thread callerOfAHangingCommand(Path pidFile, AtomicReference<Throwable> thrown) {
        List<String> hanging = List.of("sh", "-c", "echo $$ > \"$0\"; exec sleep 60", pidFile.toString());
        Thread caller = new Thread(() -> {
            try {
                new ExternalCommand(hanging, AMPLE).run();
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.isRegularFile(pidFile)
                        && !Files.readString(pidFile).isBlank());
        return caller;
    }

    @Test
    void keepsStdoutAndStderrTogetherInTheLog() throws Exception {
        Path log = dir.resolve("target.log");

        String output = new ExternalCommand(List.of("sh", "-c", "echo one; echo two >&2"), AMPLE).runInto(log);

        assertThat(output).isEqualTo("one\ntwo\n");
        assertThat(log).hasContent("one\ntwo");
        List<String> failing = List.of("sh", "-c", "echo step; echo broken >&2; exit 2");
        assertThatThrownBy(() -> new ExternalCommand(failing, AMPLE).runInto(log))
                .isInstanceOfSatisfying(
                        ExternalCommandException.class,
                        e -> assertThat(e.output()).isEqualTo("step\nbroken\n"));
    }

    /** The process whose pid {@code pidFile} holds no longer runs. */
    private static void assertGone(Path pidFile, String what) throws Exception {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as(what)
                .isEmpty();
    }
}
