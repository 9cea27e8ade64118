package io.stowage.oneshot.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The writing end of an attached client's socket, written by a thread of its own. A command's
 * threads write into a bounded queue instead: were one of them interrupted (Ctrl-C cancels a
 * command by interrupting it) during a write to the channel itself, the JDK would close the
 * channel, and the client would lose the rest of the output and the exit status.
 */
final class ChannelWriter extends OutputStream {
    private static final byte[] END = new byte[0];
    /** How long a write of an interrupted (cancelled) command waits for room. */
    private static final long CANCELLED_WRITE_MILLIS = 5000;

    private final SocketChannel channel;
    /** At most this many writes wait: a client that does not read holds the command back, not the heap. */
    private final LinkedBlockingQueue<byte[]> pending = new LinkedBlockingQueue<>(256);
    private final Thread thread;
    private volatile IOException failed;

    ChannelWriter(SocketChannel channel) {
        this.channel = channel;
        this.thread = new Thread(this::drain, "stowage-attach-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failed != null) {
            throw new IOException("the client's connection: " + failed.getMessage(), failed);
        }
        if (len == 0) {
            return;
        }
        byte[] copy = Arrays.copyOfRange(b, off, off + len);
        boolean interrupted = Thread.interrupted();
        try {
            if (!interrupted) {
                try {
                    pending.put(copy);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            // a cancelled (interrupted) command still says that it stopped: its writes go on, for a while
            if (!offerUninterruptibly(copy)) {
                throw new InterruptedIOException("the client does not read what the cancelled command writes");
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean offerUninterruptibly(byte[] bytes) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CANCELLED_WRITE_MILLIS);
        while (true) {
            try {
                return pending.offer(bytes, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
        }
    }

    /** Writes what waits, then stops; waits for it at most {@code millis}. */
    void finish(long millis) {
        try {
            if (pending.offer(END, millis, TimeUnit.MILLISECONDS)) {
                thread.join(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        try {
            while (true) {
                byte[] next = pending.take();
                if (next == END) {
                    return;
                }
                ByteBuffer buffer = ByteBuffer.wrap(next);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            failed = e;
            pending.clear();
        } catch (InterruptedException e) {
            failed = new InterruptedIOException("stopped");
        }
    }
}
