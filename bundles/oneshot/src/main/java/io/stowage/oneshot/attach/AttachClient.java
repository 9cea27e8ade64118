package io.stowage.oneshot.attach;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/stowage <command>} as a client of the running instance: sends the command, writes
 * what the instance sends to this process's standard output and error, reads standard input
 * only when the command asks for it, passes Ctrl-C on as a cancel (a second one leaves at once),
 * and ends with the command's exit status.
 */
public final class AttachClient {
    /** The exit status of a command Ctrl-C cancelled, as a shell reports a process SIGINT ended. */
    public static final int CANCELLED = 130;

    private final Frames frames;
    private final LinkedBlockingQueue<Integer> wanted = new LinkedBlockingQueue<>();
    private final AtomicInteger interrupts = new AtomicInteger();

    private final SocketChannel channel;

    private AttachClient(SocketChannel channel) {
        this.channel = channel;
        this.frames = new Frames(RunDirectory.in(channel), RunDirectory.out(channel));
    }

    /** A client of the instance on {@code run}; null when none listens. */
    public static AttachClient connect(RunDirectory run) {
        SocketChannel channel = run.connect();
        return channel == null ? null : new AttachClient(channel);
    }

    /** Runs {@code args} (none: the shell) in the instance; its exit status. */
    public int run(List<String> args) {
        try (SocketChannel c = channel) {
            return attached(args);
        } catch (IOException e) {
            System.err.println("Error: the running instance ended the command: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Ctrl-C: the first cancels the command in the instance, which then ends it and says so; a
     * second leaves at once. The launcher calls it from its SIGINT handler.
     */
    public void interrupt() {
        if (interrupts.incrementAndGet() > 1) {
            System.err.flush();
            Runtime.getRuntime().halt(CANCELLED);
        }
        try {
            frames.write(Frames.CANCEL);
        } catch (IOException gone) {
            Runtime.getRuntime().halt(CANCELLED);
        }
    }

    /** The process id of the instance listening on {@code run}, or -1 when none answers. */
    public static long ping(RunDirectory run) {
        SocketChannel channel = run.connect();
        if (channel == null) {
            return -1;
        }
        try (channel) {
            Frames frames = new Frames(RunDirectory.in(channel), RunDirectory.out(channel));
            frames.write(Frames.PING);
            Frames.Frame f = frames.read();
            if (f == null || f.type() != Frames.PONG || f.payload().length != 8) {
                return -1;
            }
            return java.nio.ByteBuffer.wrap(f.payload()).getLong();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Asks the instance on {@code run} to stop; whether one listened and said it stops. */
    public static boolean stop(RunDirectory run) {
        SocketChannel channel = run.connect();
        if (channel == null) {
            return false;
        }
        try (channel) {
            Frames frames = new Frames(RunDirectory.in(channel), RunDirectory.out(channel));
            frames.write(Frames.STOP);
            Frames.Frame f = frames.read();
            return f != null && f.type() == Frames.EXIT;
        } catch (IOException e) {
            return false;
        }
    }

    private int attached(List<String> args) throws IOException {
        frames.write(Frames.HELLO, new Frames.Hello(args, System.getProperty("user.dir"), terminals(), 0).encode());
        // no lambda here: each first use of one costs a bootstrap, and this path is the client's whole life
        Thread input = new Thread(new Runnable() {
            @Override
            public void run() {
                feedInput();
            }
        }, "stowage-attach-input");
        input.setDaemon(true);
        input.start();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        while (true) {
            Frames.Frame f = frames.read();
            if (f == null) {
                throw new IOException("the connection closed before the command ended");
            }
            switch (f.type()) {
                case Frames.OUT -> {
                    out.write(f.payload());
                    out.flush();
                }
                case Frames.ERR -> {
                    err.write(f.payload());
                    err.flush();
                }
                case Frames.WANT_INPUT -> wanted.add(f.number());
                case Frames.EXIT -> {
                    return f.number();
                }
                default -> throw new IOException("attach protocol: an unexpected frame '" + (char) f.type() + "'");
            }
        }
    }

    /** Reads standard input when the command asks for it, at most what it asks for, and sends it. */
    private void feedInput() {
        InputStream in = System.in;
        boolean ended = false;
        try {
            while (true) {
                int most = wanted.take();
                if (ended) {
                    frames.write(Frames.INPUT_END);
                    continue;
                }
                byte[] buffer = new byte[Math.max(1, Math.min(most, Frames.CHUNK))];
                int n = in.read(buffer);
                if (n < 0) {
                    ended = true;
                    frames.write(Frames.INPUT_END);
                } else {
                    frames.write(Frames.INPUT, buffer, 0, n);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the command ended, or the connection did
        }
    }

    /**
     * Which of this process's standard streams are terminals (bit 0 input, 1 output, 2 error): on
     * Linux from what {@code /proc/self/fd} links to; elsewhere input and output when there is a console.
     */
    static int terminals() {
        int mask = 0;
        String[] fds = {"/proc/self/fd/0", "/proc/self/fd/1", "/proc/self/fd/2"};
        for (int fd = 0; fd < 3; fd++) {
            try {
                String target = Files.readSymbolicLink(Path.of(fds[fd])).toString();
                if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console")) {
                    mask |= 1 << fd;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return System.console() != null ? 3 : 0;
            }
        }
        return mask;
    }

}
