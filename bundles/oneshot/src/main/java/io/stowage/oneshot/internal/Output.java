package io.stowage.oneshot.internal;

import io.stowage.oneshot.attach.Frames;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An attached command's standard output and error. Output is buffered and sent at the latest
 * every {@value #FLUSH_MILLIS} ms (a listing of 10,000 images is a few dozen frames, not 20,000),
 * and whenever the command flushes it (a pull's live lines), writes to its error stream, or reads
 * its input (a prompt shows before the answer is asked for); error goes at once.
 */
final class Output implements AutoCloseable {
    static final long FLUSH_MILLIS = 20;

    final PrintStream out;
    final PrintStream err;
    private final Thread flusher;
    private volatile boolean closed;

    Output(Frames frames) {
        this.out = new PrintStream(new BufferedOutputStream(frames.stream(Frames.OUT), Frames.CHUNK), false, StandardCharsets.UTF_8);
        OutputStream errFrames = frames.stream(Frames.ERR);
        this.err = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.flush(); // what was printed before the error shows before it
                errFrames.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        this.flusher = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(FLUSH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                out.flush();
            }
        }, "stowage-attach-flush");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /** Sends what is buffered. */
    void flush() {
        out.flush();
        err.flush();
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        flush();
    }
}
