package io.stowage.oneshot.internal;

import io.stowage.oneshot.attach.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An attached command's standard input: each read that finds nothing buffered asks the client
 * for at most what it wants ({@link Frames#WANT_INPUT}) and waits for its answer, so the client
 * reads its own standard input only for a command that reads, and never ahead of it.
 */
final class RemoteInput extends InputStream {
    private static final byte[] END = new byte[0];

    private final Frames frames;
    /** Sends the command's buffered output: a prompt shows before the answer is asked for. */
    private final Runnable beforeAsking;
    /** What arrived and was not read yet: a client sends only what was asked for, so a few chunks at most. */
    private final LinkedBlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>(4);
    private byte[] chunk = new byte[0];
    private int at;
    private boolean ended;
    private boolean asked;

    RemoteInput(Frames frames, Runnable beforeAsking) {
        this.frames = frames;
        this.beforeAsking = beforeAsking;
    }

    /** Bytes the client sent; an IOException when it sends more than was asked for. */
    void received(byte[] bytes) throws IOException {
        if (bytes.length > Frames.CHUNK || !arrived.offer(bytes)) {
            throw new IOException("attach protocol: standard input that was not asked for");
        }
    }

    /** The client's input ended, or the client went away. */
    void end() {
        arrived.offer(END); // when full, the reader asks again once it has read them, and finds the connection gone
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (at == chunk.length) {
            if (ended) {
                return -1;
            }
            if (!asked) {
                beforeAsking.run();
                frames.writeNumber(Frames.WANT_INPUT, Math.min(len, Frames.CHUNK));
                asked = true;
            }
            try {
                chunk = arrived.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled while reading standard input");
            }
            asked = false;
            at = 0;
            if (chunk == END) {
                ended = true;
            }
        }
        int n = Math.min(len, chunk.length - at);
        System.arraycopy(chunk, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return chunk.length - at;
    }
}
