package io.stowage.runc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.api.RuntimeState;
import io.stowage.api.StowageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runtime reads back of a container from its state directory, as the shim leaves it:
 * the exit status it wrote, a shim still running, or neither (the process lost with the machine).
 * runc itself runs in ContainerRunIT.
 */
class RuncRuntimeTest {
    private static final String ID = "c".repeat(64);
    @TempDir
    Path state;

    private Path dir() throws Exception {
        return Files.createDirectories(state.resolve("containers").resolve(ID));
    }

    @Test
    void aContainerNeverStartedIsCreated() {
        assertEquals(RuntimeState.UNKNOWN, new RuncRuntime("runc", state).state(ID));
    }

    @Test
    void theShimsExitStatusMakesItExited() throws Exception {
        Files.writeString(dir().resolve("started"), "2026-12-01T10:00:00Z");
        Files.writeString(dir().resolve("exit"), "137\n");
        RuntimeState s = new RuncRuntime("runc", state).state(ID);
        assertEquals(RuntimeState.Status.EXITED, s.status());
        assertEquals(137, s.exitCode());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), s.startedAt());
        assertEquals(Files.getLastModifiedTime(dir().resolve("exit")).toInstant(), s.finishedAt());
    }

    @Test
    void aRunningShimMakesItRunningAndAGoneOneLost() throws Exception {
        Files.writeString(dir().resolve("started"), Instant.now().toString());
        Process shim = new ProcessBuilder("sh", "-c", "sleep 30", "stowage-shim").start();
        try {
            Files.writeString(dir().resolve("shim"), Long.toString(shim.pid()));
            assertEquals(RuntimeState.Status.RUNNING, new RuncRuntime("runc", state).state(ID).status());
        } finally {
            shim.destroyForcibly().waitFor();
        }
        RuntimeState lost = new RuncRuntime("runc", state).state(ID);
        assertEquals(RuntimeState.Status.EXITED, lost.status());
        assertEquals(255, lost.exitCode(), "Docker's status for a container lost with its daemon");
        Thread.sleep(20);
        assertEquals(lost.finishedAt(), new RuncRuntime("runc", state).state(ID).finishedAt(), "found lost once, not again each time");
        // a process that took the shim's number is not the shim
        Files.writeString(dir().resolve("shim"), Long.toString(ProcessHandle.current().pid()));
        Files.delete(dir().resolve("finished"));
        assertEquals(RuntimeState.Status.EXITED, new RuncRuntime("runc", state).state(ID).status());
    }

    @Test
    void namesAndSignalsThatAreNotOnesAreRefused() {
        RuncRuntime r = new RuncRuntime("runc", state);
        assertEquals(StowageException.Reason.INVALID, assertThrows(StowageException.class, () -> r.state("../../etc")).reason());
        assertEquals(StowageException.Reason.INVALID, assertThrows(StowageException.class, () -> r.kill(ID, "TERM; rm -rf /")).reason());
    }

    @Test
    void runcsLastErrorIsTheRefusal() throws Exception {
        Files.writeString(dir().resolve("runc.log"), "{\"level\":\"warning\",\"msg\":\"w\"}\n"
                + "{\"level\":\"error\",\"msg\":\"runc run failed: exec: \\\"x\\\": \\u001b[31mnot found\"}\n");
        assertEquals("runc run failed: exec: \"x\": \\x1b[31mnot found", RuncRuntime.runcError(dir()), "escaped for the terminal");
        Files.writeString(dir().resolve("runc.log"), "not json\n");
        assertNull(RuncRuntime.runcError(dir()));
    }

    /**
     * A runtime that reports the container created at once and refuses its program a moment later,
     * as runc does when the program is missing: start waits past "created" and reports the refusal.
     */
    @Test
    void aContainerOnlyCreatedIsNotYetStarted() throws Exception {
        Path fake = Files.writeString(state.resolve("fake-runc"), """
                #!/bin/sh
                # --root R state ID | --root R delete --force ID | --root R --log L --log-format json run --bundle B ID
                case "$3" in
                  state) echo '{"id":"x","status":"created"}' ;;
                  delete) ;;
                  --log) sleep 0.5; echo '{"level":"error","msg":"exec: \\"nosuch\\": executable file not found"}' >> "$4"; exit 1 ;;
                esac
                """);
        fake.toFile().setExecutable(true);
        Path bundle = Files.createDirectories(state.resolve("bundle"));
        RuncRuntime r = new RuncRuntime(fake.toString(), state);
        StowageException e = assertThrows(StowageException.class, () -> r.start(ID, bundle, state.resolve("log")));
        assertEquals(StowageException.Reason.INVALID, e.reason(), e.getMessage());
        assertEquals("container " + ID + ": " + fake + ": exec: \"nosuch\": executable file not found", e.getMessage());
        assertEquals(1, r.state(ID).exitCode());
    }
}
