package io.stowage.launcher;

import io.stowage.oneshot.attach.AttachClient;
import io.stowage.oneshot.attach.RunDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/stowage start | stop | status}: Stowage as a background service on its data
 * directory, which {@code bin/stowage <command>} and the shell then attach to. These words are
 * the launcher's own; Gogo never sees them ({@code felix:start}, {@code container:start} are
 * unaffected). {@code start --foreground} runs the service in this process (for a service
 * manager: the distribution's {@code systemd/stowage.service}).
 */
final class Service {
    static final Set<String> WORDS = Set.of("start", "stop", "status");
    /** {@code status}'s exit when none runs, as an init script's (LSB: program is not running). */
    static final int NOT_RUNNING = 3;
    private static final long START_MILLIS = TimeUnit.SECONDS.toMillis(90);
    private static final long STOP_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final Path home;
    private final Path data;
    private final RunDirectory run;

    Service(Path home, Path data) {
        this.home = home;
        this.data = data;
        this.run = new RunDirectory(data);
    }

    int control(String[] args) throws Exception {
        List<String> rest = List.of(args).subList(1, args.length);
        String word = args[0];
        boolean foreground = rest.equals(List.of("--foreground"));
        if (!rest.isEmpty() && !(word.equals("start") && foreground)) {
            System.err.println("Error: \"" + word + "\" accepts " + (word.equals("start") ? "only --foreground" : "no arguments")
                    + "; usage: bin/stowage start [--foreground] | stop | status");
            return 1;
        }
        return switch (word) {
            case "start" -> foreground ? foreground() : start();
            case "stop" -> stop();
            default -> status();
        };
    }

    private int status() {
        long pid = AttachClient.ping(run);
        if (pid < 0) {
            System.out.println("Stowage is not running (data " + data + ")");
            return NOT_RUNNING;
        }
        System.out.println("Stowage is running (pid " + pid + ", data " + data + ")");
        return 0;
    }

    /** Starts the service in a process of its own and waits until it answers. */
    private int start() throws IOException, InterruptedException {
        long running = AttachClient.ping(run);
        if (running >= 0) {
            System.out.println("Stowage is already running (pid " + running + ", data " + data + ")");
            return 0;
        }
        String problem = problem();
        if (problem != null) {
            System.err.println("Error: " + problem);
            return 1;
        }
        run.make();
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) {
            command.add("setsid"); // a session of its own: the terminal's hang-up and Ctrl-C do not reach it
        }
        command.add(home.resolve("bin/stowage").toString());
        command.add("start");
        command.add("--foreground");
        Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(run.output.toFile()).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (System.nanoTime() < deadline) {
            long pid = AttachClient.ping(run);
            if (pid >= 0) {
                System.out.println("Stowage started (pid " + pid + ", data " + data + ")");
                return 0;
            }
            if (p.waitFor(100, TimeUnit.MILLISECONDS) && !startedElsewhere()) {
                System.err.println("Error: stowage did not start (exit " + p.exitValue() + ")" + lastLines());
                return 1;
            }
        }
        System.err.println("Error: stowage did not answer within " + START_MILLIS / 1000 + " s of its start; its output is in "
                + run.output + lastLines());
        return 1;
    }

    /** Whether the process started was only setsid's, which ends at once when the service forks: the pid file says. */
    private boolean startedElsewhere() {
        long pid = run.recordedPid();
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(run.output, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : ":\n" + String.join("\n", last);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Why the service cannot run on this data directory, or null. */
    private String problem() {
        String unusable = DataDirectory.problem(data);
        return unusable != null ? unusable : run.socketProblem();
    }

    /** The service in this process: the only one on its data directory, until it is stopped. */
    private int foreground() throws Exception {
        String problem = problem();
        if (problem != null) {
            System.err.println("Error: " + problem);
            return 1;
        }
        run.make();
        FileChannel lockFile = FileChannel.open(run.lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            long pid = run.recordedPid();
            System.err.println("Error: Stowage already runs on " + data + (pid > 0 ? " (pid " + pid + ")" : ""));
            return 1;
        }
        Files.writeString(run.pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Thread archiver = new Thread(this::archiveClientClasses, "stowage-client-archive");
        archiver.setDaemon(true);
        archiver.start();
        try {
            return LocalFramework.run(home, data, "service", new String[0]);
        } finally {
            Files.deleteIfExists(run.pid);
            lock.release(); // and with the process, whatever ends it
        }
    }

    /**
     * Once the service answers, runs one client ({@code bin/stowage --help}) that archives the
     * classes it loads (a dynamic class-data-sharing archive, {@code run/client.jsa}), so later
     * clients map them rather than load them: measured 0.19 s in place of 0.25 s a command. Made
     * at each start, as it holds only for the JDK and jars it was made with.
     */
    private void archiveClientClasses() {
        Path archive = run.dir.resolve("client.jsa");
        Path made = run.dir.resolve("client.jsa.new");
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
            while (AttachClient.ping(run) < 0) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(200);
            }
            Files.deleteIfExists(made);
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/stowage").toString(), "--help")
                    .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("STOWAGE_CLIENT_ARCHIVE", made.toString());
            pb.environment().put("STOWAGE_DATA", data.toString());
            Process p = pb.start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(made)) {
                Files.move(made, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                p.destroyForcibly();
                Files.deleteIfExists(made);
                System.out.println("stowage: no class archive for clients (" + archive + "): its run did not succeed");
            }
        } catch (IOException e) {
            System.out.println("stowage: no class archive for clients (" + archive + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the service to stop and waits until its process has ended. */
    private int stop() throws InterruptedException {
        long pid = AttachClient.ping(run);
        if (pid < 0) {
            System.out.println("Stowage is not running (data " + data + ")");
            return 0;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        AttachClient.stop(run);
        if (process.isPresent() && !ended(process.get(), STOP_MILLIS)) {
            process.get().destroy(); // SIGTERM: the framework stops in its shutdown hook
            if (!ended(process.get(), STOP_MILLIS)) {
                System.err.println("Error: Stowage (pid " + pid + ") did not stop within " + 2 * STOP_MILLIS / 1000 + " s");
                return 1;
            }
        }
        System.out.println("Stowage stopped (pid " + pid + ", data " + data + ")");
        return 0;
    }

    private static boolean ended(ProcessHandle process, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
