package io.stowage.transport.registry.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One registry host's caps ({@code rate} and {@code concurrency} in its
 * {@code io.stowage.registry.host} configuration), shared by every pull and push that reaches it:
 * at most {@code concurrency} blob transfers at once, the others waiting for a place; and all of
 * their bytes together paced to {@code rate} bytes a second, averaged over the transfer (after an
 * idle moment at most {@link #BURST_NANOS} worth go at once).
 */
final class HostLimits {
    static final HostLimits NONE = new HostLimits(0, 0);
    /** How far ahead of the pace the bytes may go after an idle moment. */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final long rate;
    private final Semaphore places;
    private final int concurrency;
    /** When the pace lets the next byte go (System.nanoTime), guarded by this. */
    private long next = Long.MIN_VALUE;

    /** {@code rate} bytes a second, {@code concurrency} transfers at once; 0 for no cap. */
    HostLimits(long rate, int concurrency) {
        this.rate = Math.max(0, rate);
        this.concurrency = Math.max(0, concurrency);
        this.places = concurrency > 0 ? new Semaphore(concurrency, true) : null;
    }

    long rate() {
        return rate;
    }

    int concurrency() {
        return concurrency;
    }

    /**
     * The stream {@code open} gives, once the host has a place for one more transfer, paced to the
     * rate; closing it frees the place.
     *
     * @throws StowageException IO when the thread is interrupted (Ctrl-C) while it waits
     */
    InputStream transfer(String what, Supplier<InputStream> open) {
        if (rate == 0 && places == null) {
            return open.get();
        }
        if (places != null) {
            try {
                places.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StowageException(Reason.IO, what + ": cancelled while waiting for one of the host's " + concurrency
                        + " transfers to end");
            }
        }
        try {
            return new Paced(open.get());
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private void release() {
        if (places != null) {
            places.release();
        }
    }

    /** Waits until {@code bytes} more keep the host's transfers at the rate. */
    void pace(long bytes) throws InterruptedIOException {
        if (rate == 0 || bytes <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            if (next == Long.MIN_VALUE || next < now - BURST_NANOS) {
                next = now - BURST_NANOS;
            }
            next += (long) (bytes * 1e9 / rate);
            wait = next - now;
        }
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
        }
    }

    /** Reads at most a twentieth of a second's worth at once, so the pace is smooth; the place freed once, at close. */
    private final class Paced extends BulkInputStream {
        private final InputStream in;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final int most = rate == 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, rate / 20));

        Paced(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, Math.min(len, most));
            if (n > 0) {
                pace(n);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                try {
                    in.close();
                } finally {
                    release();
                }
            }
        }
    }
}
