package io.stowage.oneshot.internal;

import io.stowage.oci.Log;
import io.stowage.oneshot.attach.AttachClient;
import io.stowage.oneshot.attach.Frames;
import io.stowage.oneshot.attach.RunDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * One client of the attach socket: a ping, a stop, or a command (or the shell) run in a Gogo
 * session whose streams are the client's, whose working directory is the client's, and which
 * Ctrl-C on the client, or the client going away, cancels.
 */
final class AttachSession implements Runnable {
    /** The session variable that says which of the client's streams are terminals (bit 0 in, 1 out, 2 err). */
    static final String TERMINALS = "stowage.terminals";
    /** How long a client may take to say what it wants. */
    private static final long HELLO_MILLIS = TimeUnit.SECONDS.toMillis(10);
    /** How long a cancelled command may take to end before the client is told it did. */
    private static final long CANCEL_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final SocketChannel channel;
    private final ChannelWriter writer;
    private final Frames frames;
    private final Readiness ready;
    private final CommandProcessor processor;
    private final BundleContext context;
    private final Set<AttachSession> sessions;
    private final Log log;
    private volatile CommandSession session;
    private volatile boolean cancelled;
    private volatile boolean greeted;

    AttachSession(SocketChannel channel, Readiness ready, CommandProcessor processor, BundleContext context,
            Set<AttachSession> sessions, Log log) {
        this.channel = channel;
        this.writer = new ChannelWriter(channel);
        this.frames = new Frames(RunDirectory.in(channel), writer);
        this.ready = ready;
        this.processor = processor;
        this.context = context;
        this.sessions = sessions;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            String stranger = stranger();
            if (stranger != null) {
                log.warn("bin/stowage: refused a connection from user {}: only {} may attach", stranger,
                        System.getProperty("user.name"));
                return;
            }
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(HELLO_MILLIS);
                    if (!greeted) {
                        close();
                    }
                } catch (InterruptedException e) {
                    // greeted
                }
            }, "stowage-attach-hello");
            watchdog.setDaemon(true);
            watchdog.start();
            Frames.Frame first = frames.read();
            greeted = true;
            watchdog.interrupt();
            if (first == null) {
                return;
            }
            switch (first.type()) {
                case Frames.PING -> frames.write(Frames.PONG, ByteBuffer.allocate(8).putLong(ProcessHandle.current().pid()).array());
                case Frames.STOP -> stop();
                case Frames.HELLO -> command(Frames.Hello.decode(first.payload()));
                default -> throw new IOException("attach protocol: a first frame '" + (char) first.type() + "'");
            }
        } catch (IOException e) {
            log.warn("bin/stowage: a client's connection ended: {}", e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            close();
            sessions.remove(this);
        }
    }

    /**
     * The name of the user at the other end when it is not this process's user; null when it is,
     * or cannot be told. SO_PEERCRED gives a {@code jdk.net.UnixDomainPrincipal}, read by reflection
     * so the bundle imports no {@code jdk.net}.
     */
    private String stranger() throws IOException {
        for (SocketOption<?> option : channel.supportedOptions()) {
            if (option.name().equals("SO_PEERCRED")) {
                Object peer = channel.getOption(option);
                try {
                    UserPrincipal user = (UserPrincipal) peer.getClass().getMethod("user").invoke(peer);
                    return user.equals(RunDirectory.processUser()) ? null : user.getName();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    return null; // the socket's directory, its owner's only, still keeps others out
                }
            }
        }
        return null;
    }

    private void stop() throws IOException {
        log.info("stopping: bin/stowage stop asked");
        frames.writeNumber(Frames.EXIT, 0);
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                log.error("could not stop: {}", e.getMessage());
            }
        }, "stowage-stop");
        stopper.start();
    }

    /** Tells a client there is no room for it, and closes. */
    void refuse(String why) {
        try {
            frames.write(Frames.ERR, ("Error: " + why + "\n").getBytes(StandardCharsets.UTF_8));
            frames.writeNumber(Frames.EXIT, 1);
        } catch (IOException e) {
            // gone already
        }
        close();
    }

    private void command(Frames.Hello hello) throws IOException {
        Output output = new Output(frames);
        PrintStream out = output.out;
        PrintStream err = output.err;
        RemoteInput input = new RemoteInput(frames, output::flush);
        Thread reader = new Thread(() -> readClient(input), "stowage-attach-client");
        reader.setDaemon(true);
        // Gogo runs a command on threads its session makes as it goes, which join the group of the
        // thread that made them: the command's own group, so its end can be awaited after a cancel
        ThreadGroup group = new ThreadGroup("stowage-attach");
        int[] status = {1};
        Thread runner = new Thread(group, () -> status[0] = run(hello, input, out, err, reader), "stowage-attach-command");
        runner.setDaemon(true);
        runner.start();
        try {
            runner.join();
            if (cancelled) {
                awaitCommandThreads(group);
                status[0] = AttachClient.CANCELLED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            output.close();
        }
        frames.writeNumber(Frames.EXIT, status[0]);
    }

    private int run(Frames.Hello hello, RemoteInput input, PrintStream out, PrintStream err, Thread reader) {
        try (CommandSession s = processor.createSession(input, out, err)) {
            Path cwd = Path.of(hello.cwd());
            if (cwd.isAbsolute() && Files.isDirectory(cwd)) {
                s.currentDir(cwd);
            }
            s.put(TERMINALS, hello.terminals());
            session = s;
            reader.start();
            String[] args = hello.args().toArray(String[]::new);
            // the command's name only: its arguments may hold a password (registry:login -p)
            log.info("bin/stowage attached: {}", args.length == 0 ? "the shell" : io.stowage.api.TerminalText.escape(args[0]));
            return args.length == 0 ? shell(s, input, out, err, (hello.terminals() & 1) != 0)
                    : Execution.run(ready, s, args, out, err);
        } catch (InterruptedException e) {
            return AttachClient.CANCELLED;
        } catch (RuntimeException e) {
            Execution.fail(err, e);
            return 1;
        }
    }

    /** The attached interactive shell: a line at a time, each run in the one session, until end of input or {@code exit}. */
    private int shell(CommandSession s, RemoteInput input, PrintStream out, PrintStream err, boolean prompt) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        while (true) {
            if (prompt) {
                out.print("g! ");
                out.flush();
            }
            String line;
            try {
                line = lines.readLine();
            } catch (IOException e) {
                return 0;
            }
            if (line == null || line.trim().equals("exit")) {
                return 0;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                Object result = s.execute(line);
                if (result != null) {
                    out.println(s.format(result, Converter.INSPECT));
                }
            } catch (Exception e) {
                if (!cancelled) {
                    Execution.fail(err, e);
                }
            }
            if (cancelled) {
                awaitCommandThreads(Thread.currentThread().getThreadGroup());
                cancelled = false;
                Thread.interrupted();
            }
        }
    }

    /** Reads what the client sends while its command runs: input, Ctrl-C, or the end of the connection. */
    private void readClient(RemoteInput input) {
        try {
            while (true) {
                Frames.Frame f = frames.read();
                if (f == null) {
                    break;
                }
                switch (f.type()) {
                    case Frames.INPUT -> input.received(f.payload());
                    case Frames.INPUT_END -> input.end();
                    case Frames.CANCEL -> cancel();
                    default -> throw new IOException("attach protocol: an unexpected frame '" + (char) f.type() + "'");
                }
            }
        } catch (IOException e) {
            // the client broke the protocol (or its connection did): as if it had gone
            if (channel.isOpen()) {
                log.warn("bin/stowage: a client's connection ended: {}", e.getMessage() != null ? e.getMessage() : e.toString());
            }
        }
        input.end();
        cancel();
    }

    /** Ctrl-C: interrupts the command's job, as the shell's Ctrl-C does (a pull stops and says so). */
    private void cancel() {
        CommandSession s = session;
        Job job = s == null ? null : s.foregroundJob();
        if (job == null) {
            return; // the shell waits for a line: nothing to cancel
        }
        cancelled = true;
        job.interrupt();
    }

    /**
     * Waits until the cancelled command's threads have ended (Gogo's pipe threads), so that what
     * it prints as it stops reaches the client before its exit status: Gogo's job is done as soon
     * as it is interrupted, while the command may still be unwinding.
     */
    private static void awaitCommandThreads(ThreadGroup group) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CANCEL_MILLIS);
        while (System.nanoTime() < deadline) {
            Thread[] threads = new Thread[group.activeCount() + 8];
            int n = group.enumerate(threads);
            boolean running = false;
            for (int i = 0; i < n; i++) {
                running |= threads[i].getName().startsWith("pipe-");
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void close() {
        writer.finish(TimeUnit.SECONDS.toMillis(5));
        try {
            channel.close();
        } catch (IOException e) {
            // closed
        }
    }
}
