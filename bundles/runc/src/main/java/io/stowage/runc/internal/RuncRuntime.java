package io.stowage.runc.internal;

import io.stowage.api.ContainerRuntime;
import io.stowage.api.RuntimeState;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import io.stowage.oci.Log;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Runs bundles with runc (or crun, which takes the same commands). Each container's process runs
 * under a small shell, its shim, started in a session of its own so that it outlives the
 * framework: {@code runc run} in the foreground (which passes the process's standard output and
 * error through to the log file and returns its exit status, 128 plus the signal for a signalled
 * one), then the file system mounted at the bundle's {@code rootfs} (if one is) unmounted, as
 * containerd's shim unmounts a task's root, and the status written to {@code <state>/<id>/exit} by rename. So the status of a
 * container that exited while the framework was down is there when it comes back; a container
 * whose shim is gone without a status was lost with the machine under it, and counts as exited
 * with 255, as Docker counts it. runc's own messages go to {@code <state>/<id>/runc.log}; one that
 * refuses to start a bundle is the error {@link #start} reports.
 */
@Component(configurationPid = RuntimeConfig.PID)
@org.osgi.service.metatype.annotations.Designate(ocd = RuntimeConfig.class)
public final class RuncRuntime implements ContainerRuntime {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z0-9+-]{1,12}|[0-9]{1,2}");
    /** The shim: $1 runtime, $2 its root, $3 bundle, $4 id, $5 log, $6 the state directory. */
    private static final String SHIM = "echo $$ > \"$6/shim.tmp\" && mv \"$6/shim.tmp\" \"$6/shim\"; "
            + "\"$1\" --root \"$2\" --log \"$6/runc.log\" --log-format json run --bundle \"$3\" \"$4\" </dev/null >>\"$5\" 2>&1; "
            + "status=$?; umount \"$3/rootfs\" 2>/dev/null; "
            + "echo $status > \"$6/exit.tmp\" && mv \"$6/exit.tmp\" \"$6/exit\"";
    private static final long START_WAIT_MS = 10_000;

    private final Log log = new Log(RuncRuntime.class);
    private final String binary;
    private final Path state;

    @Activate
    public RuncRuntime(BundleContext context, RuntimeConfig config) {
        this(config.binary().isBlank() ? "runc" : config.binary().trim(), config.state().isBlank()
                ? io.stowage.oci.DataDirectory.of(context, null).resolve("runtime") : Path.of(config.state().trim()));
    }

    RuncRuntime(String binary, Path state) {
        this.binary = binary;
        this.state = state.toAbsolutePath().normalize();
    }

    private Path dir(String id) {
        if (!ID.matcher(id).matches()) {
            throw new StowageException(Reason.INVALID, "invalid container ID: " + TerminalText.escape(id));
        }
        return state.resolve("containers").resolve(id);
    }

    @Override
    public void start(String id, Path bundle, Path logFile) {
        Path dir = dir(id);
        if (state(id).status() == RuntimeState.Status.RUNNING) {
            throw new StowageException(Reason.CONFLICT, "container " + id + " is already running");
        }
        try {
            Files.createDirectories(dir);
            for (String old : List.of("exit", "shim", "runc.log", "finished")) {
                Files.deleteIfExists(dir.resolve(old));
            }
            quietly(List.of(binary, "--root", runcRoot().toString(), "delete", "--force", id)); // what a lost run left
            io.stowage.oci.AtomicFiles.write(dir.resolve("started"), Instant.now().toString().getBytes(StandardCharsets.US_ASCII));
            new ProcessBuilder("setsid", "sh", "-c", SHIM, "stowage-shim", binary, runcRoot().toString(), bundle.toString(), id,
                    logFile.toString(), dir.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new StowageException(Reason.UNAVAILABLE, "cannot run " + binary + " for container " + id + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_WAIT_MS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(dir.resolve("exit"))) {
                String refused = runcError(dir);
                if (refused != null) {
                    throw new StowageException(Reason.INVALID, "container " + id + ": " + binary + ": " + refused);
                }
                return;
            }
            if ("running".equals(runcStatus(id))) {
                return;
            }
            sleep(20);
        }
        throw new StowageException(Reason.UNAVAILABLE, "container " + id + ": " + binary + " did not start it within "
                + START_WAIT_MS / 1000 + " s");
    }

    @Override
    public RuntimeState state(String id) {
        Path dir = dir(id);
        Instant started = instant(dir.resolve("started"));
        if (started == null) {
            return RuntimeState.UNKNOWN;
        }
        Path exit = dir.resolve("exit");
        try {
            String code = Files.readString(exit, StandardCharsets.US_ASCII).strip();
            return new RuntimeState(RuntimeState.Status.EXITED, Integer.parseInt(code), started,
                    Files.getLastModifiedTime(exit).toInstant());
        } catch (NoSuchFileException running) {
            // no status yet
        } catch (IOException | NumberFormatException e) {
            return new RuntimeState(RuntimeState.Status.EXITED, 255, started, started);
        }
        if (shimAlive(dir)) {
            return new RuntimeState(RuntimeState.Status.RUNNING, 0, started, null);
        }
        if (Files.exists(exit)) { // it wrote the status between the two looks
            return state(id);
        }
        return new RuntimeState(RuntimeState.Status.EXITED, 255, started, lost(dir));
    }

    @Override
    public void kill(String id, String signal) {
        dir(id);
        if (!SIGNAL.matcher(signal).matches()) {
            throw new StowageException(Reason.INVALID, "invalid signal: " + TerminalText.escape(signal));
        }
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        String out = run(List.of(binary, "--root", runcRoot().toString(), "kill", id, name));
        if (out != null) {
            throw new StowageException(state(id).status() == RuntimeState.Status.RUNNING ? Reason.INVALID : Reason.CONFLICT,
                    "cannot kill container " + id + ": " + out);
        }
    }

    @Override
    public void delete(String id) {
        Path dir = dir(id);
        if (state(id).status() == RuntimeState.Status.RUNNING) {
            throw new StowageException(Reason.CONFLICT, "container " + id + " is running");
        }
        quietly(List.of(binary, "--root", runcRoot().toString(), "delete", "--force", id));
        try {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path runcRoot() {
        return state.resolve("runc");
    }

    /**
     * The status {@code runc state} gives the container (created, running, stopped, …); null when it
     * has none. Created is not yet started: runc looks the program up after it, and may still refuse.
     */
    private String runcStatus(String id) {
        Output out = output(List.of(binary, "--root", runcRoot().toString(), "state", id));
        if (out.exit() != 0) {
            return null;
        }
        try {
            return io.stowage.oci.OciJson.tree(out.text().getBytes(StandardCharsets.UTF_8), "runc state").path("status").asText(null);
        } catch (StowageException e) {
            return null;
        }
    }

    /** Whether the shim whose process ID the state directory holds still runs (and is a shim, not a process that took its number). */
    private static boolean shimAlive(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("shim"), StandardCharsets.US_ASCII).strip());
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains("stowage-shim");
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** When a lost container was found lost: recorded the first time, so its "Exited ... ago" does not move. */
    private Instant lost(Path dir) {
        Path finished = dir.resolve("finished");
        Instant known = instant(finished);
        if (known != null) {
            return known;
        }
        Instant now = Instant.now();
        try {
            io.stowage.oci.AtomicFiles.write(finished, now.toString().getBytes(StandardCharsets.US_ASCII));
            log.warn("container {} was lost: its runtime's shim is gone without an exit status (the machine restarted?)", dir.getFileName());
        } catch (IOException e) {
            // said again next time
        }
        return now;
    }

    private static Instant instant(Path file) {
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The message of the last error runc logged for a bundle it would not start; null when it logged none. */
    static String runcError(Path dir) {
        try {
            String last = null;
            for (String line : Files.readAllLines(dir.resolve("runc.log"), StandardCharsets.UTF_8)) {
                var node = io.stowage.oci.OciJson.tree(line.getBytes(StandardCharsets.UTF_8), "runc log");
                if ("error".equals(node.path("level").asText())) {
                    last = node.path("msg").asText();
                }
            }
            return last == null ? null : TerminalText.escape(last);
        } catch (IOException | StowageException e) {
            return null;
        }
    }

    /** Runs a runtime command; null when it succeeded, else what it printed (one line). */
    private String run(List<String> command) {
        Output out = output(command);
        return out.exit() == 0 ? null : TerminalText.escape(out.text().lines().reduce((a, b) -> b).orElse("exit status " + out.exit()));
    }

    private record Output(int exit, String text) {
    }

    /** Runs a runtime command: its exit status and what it printed (at most 64 KiB; a command silent for 30 s is killed). */
    private Output output(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Output(-1, binary + " " + command.get(3) + ": no answer in 30 s");
            }
            return new Output(p.exitValue(), out);
        } catch (IOException e) {
            throw new StowageException(Reason.UNAVAILABLE, "cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StowageException(Reason.IO, "interrupted", e);
        }
    }

    private void quietly(List<String> command) {
        run(command);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StowageException(Reason.IO, "interrupted", e);
        }
    }
}
