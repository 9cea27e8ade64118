package io.stowage.transport.registry.internal;

import io.stowage.oci.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The read timeout that {@code java.net.http} lacks for bodies. A download's stream times out
 * when one read waits longer than the limit; an upload's (the request body the client reads as
 * the socket takes it) when no read began or ended within the limit until {@link #done} (the
 * answer came), so a registry that stops taking bytes, or never answers, is cut too. The
 * {@link Retry} watchdog calls {@link #cutIfIdle}; a read the cut ends fails with a
 * {@link SocketTimeoutException}.
 */
final class WatchedStream extends BulkInputStream {
    private final InputStream in;
    private final long limitNanos;
    private final boolean upload;
    private volatile Runnable cut;
    /** When the current read began (0: none is waiting), for a download; the last read's start or end, for an upload. */
    private volatile long since;
    private volatile boolean done;
    private volatile boolean timedOut;

    private WatchedStream(InputStream in, long limitMillis, boolean upload) {
        this.in = in;
        this.limitNanos = limitMillis * 1_000_000L;
        this.upload = upload;
        this.cut = this::closeQuietly;
        this.since = upload ? System.nanoTime() : 0;
    }

    static WatchedStream download(InputStream in, long limitMillis) {
        return new WatchedStream(in, limitMillis, false);
    }

    /** An upload's body; {@code cut} (cancelling the exchange) runs when it times out. */
    static WatchedStream upload(InputStream in, long limitMillis) {
        return new WatchedStream(in, limitMillis, true);
    }

    /** What a time-out does besides closing this stream. */
    void onCut(Runnable also) {
        this.cut = () -> {
            closeQuietly();
            also.run();
        };
    }

    /** The answer came: an upload is no longer timed. */
    void done() {
        done = true;
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Cuts this stream when it has waited longer than its limit at {@code now}; whether it did. */
    boolean cutIfIdle(long now) {
        long s = since;
        if (done || timedOut || s == 0 || now - s <= limitNanos) {
            return false;
        }
        timedOut = true;
        cut.run();
        return true;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        since = System.nanoTime();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw timedOut ? timeout(e) : e;
        } finally {
            since = upload ? System.nanoTime() : 0;
        }
        if (n < 0 && timedOut) {
            throw timeout(null);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("Read timed out after " + limitNanos / 1_000_000 + " ms");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException e) {
            // cut already
        }
    }
}
