package io.stowage.transport.registry.internal;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * When to try a request again: exponential backoff with full jitter (a random wait up to
 * {@code base × 2^(tries-1)}, at most {@code max}), or the registry's {@code Retry-After};
 * bounded by a number of tries and by the deadline of the whole operation.
 *
 * <p>The deadline is enforced, not only consulted: every exchange and body the operation opens
 * is {@linkplain #watch watched}, and when the deadline passes those still open are cut, so a
 * peer that trickles headers or a body a byte at a time cannot hold the operation past it. So is
 * a cancellation: when the thread that began the operation is interrupted (Ctrl-C in the shell),
 * its exchanges are cut within {@value #CANCEL_CHECK_MILLIS} ms, since a read on another thread
 * does not notice that interrupt. The same watchdog times out a {@link WatchedStream} that waits
 * past its read timeout.
 */
final class Retry {
    /** One thread for every operation's deadline; it ends when no deadline is pending. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    /** Runs the cuts, so that one that waits does not hold the timer. */
    private static final java.util.concurrent.ExecutorService CUTTER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "stowage-registry-cut");
        thread.setDaemon(true);
        return thread;
    });

    private final int tries;
    private final long baseMillis;
    private final long maxMillis;
    private final long deadline;
    private final Duration budget;
    /** The operation's open connections and response streams, weakly: a closed one is simply collected. */
    private final Map<Object, Boolean> watched = Collections.synchronizedMap(new WeakHashMap<>());
    private ScheduledFuture<?> cutter;
    private ScheduledFuture<?> canceller;
    /** The thread that began the operation; its interrupt cancels it. */
    private final Thread owner = Thread.currentThread();
    private volatile boolean cancelled;
    static final long CANCEL_CHECK_MILLIS = 250;

    /** Where each retry is told, with its reason; silent in unit tests. */
    private final io.stowage.oci.Log log;

    /** {@code tries} in all (1: no retry); {@code budget} for the whole operation, zero for none. */
    Retry(int tries, Duration base, Duration max, Duration budget) {
        this(tries, base, max, budget, new io.stowage.oci.Log(Retry.class));
    }

    /** As above, each retry logged (a warning: what failed, why, which try comes next) to {@code log}. */
    Retry(int tries, Duration base, Duration max, Duration budget, io.stowage.oci.Log log) {
        this.log = log;
        this.tries = Math.max(1, tries);
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
        this.budget = budget;
        this.deadline = budget.isZero() ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
    }

    /** Whether {@link #pause} gave up because its wait would have passed the deadline: the error then says so. */
    private volatile boolean deadlineStopped;

    int tries() {
        return tries;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "stowage-registry-deadline");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        t.setKeepAliveTime(10, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    /**
     * Cuts {@code connection} (an {@code HttpURLConnection}, an exchange's {@code Future}, or a stream)
     * when the deadline passes, if it is still open then; at once when it has passed already.
     */
    void watch(Object connection) {
        watched.put(connection, Boolean.TRUE);
        synchronized (this) {
            if (cutter == null && !budget.isZero()) {
                cutter = TIMER.schedule(this::cutAll, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (canceller == null) {
                canceller = TIMER.scheduleWithFixedDelay(this::watchdog, CANCEL_CHECK_MILLIS, CANCEL_CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }
        if (expired() || cancelled) {
            cut(connection);
        }
    }

    /**
     * For a read of the operation: an {@link InterruptedIOException} when it was cancelled, a
     * {@link java.net.SocketTimeoutException} naming the deadline when that has passed.
     */
    void check() throws InterruptedIOException {
        if (cancelled()) {
            throw new InterruptedIOException("cancelled");
        }
        if (expired()) {
            throw new java.net.SocketTimeoutException(deadlineText());
        }
    }

    /** Cuts everything when the owner was interrupted, and each watched stream that waited past its read timeout. */
    private void watchdog() {
        if (!cancelled && owner.isInterrupted()) {
            cancelled = true;
            cutAll();
            return;
        }
        List<Object> open;
        synchronized (watched) {
            open = new ArrayList<>(watched.keySet());
        }
        long now = System.nanoTime();
        for (Object o : open) {
            if (o instanceof WatchedStream w) {
                w.cutIfIdle(now);
            }
        }
    }

    /** Whether the operation was cancelled: the thread that began it was interrupted. */
    boolean cancelled() {
        return cancelled || owner.isInterrupted();
    }

    /**
     * The operation is over: what it left open (a transfer of a pull that failed or was
     * cancelled, still blocked in a read) is cut, and nothing is watched any more.
     */
    synchronized void release() {
        cutAll();
        if (cutter != null) {
            cutter.cancel(false);
            cutter = null;
        }
        if (canceller != null) {
            canceller.cancel(false);
            canceller = null;
        }
        watched.clear();
    }

    /**
     * Cuts what is open, on a thread of its own: {@code disconnect()} waits for a read in progress
     * to return, and the timer's one thread serves every operation's deadline.
     */
    private void cutAll() {
        List<Object> open;
        synchronized (watched) {
            open = new ArrayList<>(watched.keySet());
        }
        if (!open.isEmpty()) {
            CUTTER.execute(() -> open.forEach(Retry::cut));
        }
    }

    private static void cut(Object connection) {
        if (connection instanceof java.net.HttpURLConnection c) {
            c.disconnect();
        } else if (connection instanceof java.util.concurrent.Future<?> f) {
            f.cancel(true);
        } else if (connection instanceof java.io.Closeable c) {
            try {
                c.close();
            } catch (java.io.IOException | RuntimeException e) {
                // cut already
            }
        }
    }

    /**
     * After {@code tried} failed tries, waits before the next one and returns true; returns false
     * at once when no try is left or the wait would pass the deadline.
     */
    boolean pause(int tried, Duration retryAfter) throws InterruptedIOException {
        return pause(tried, retryAfter, null);
    }

    /**
     * As {@link #pause(int, Duration)}; when a try follows, it is logged with {@code why} the
     * last one failed (e.g. {@code GET https://host/v2/…: 503}).
     */
    boolean pause(int tried, Duration retryAfter, String why) throws InterruptedIOException {
        if (tried >= tries) {
            return false;
        }
        long wait = retryAfter != null ? retryAfter.toMillis()
                : ThreadLocalRandom.current().nextLong(Math.min(maxMillis, baseMillis << Math.min(tried - 1, 20)) + 1);
        if (System.nanoTime() + wait * 1_000_000 > deadline) {
            deadlineStopped = true;
            return false;
        }
        if (why != null) {
            log.warn("{}; trying again in {} ms (try {} of {})", why, wait, tried + 1, tries);
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        }
        return true;
    }

    /**
     * Why no try follows try number {@code tried}, for the error: {@code " (tried 5 times)"},
     * {@code " (deadline of 60 s passed; tried 3 times)"}, or empty after a single try that was
     * not cut short.
     */
    String exhausted(int tried, String extra) {
        boolean late = expired() || deadlineStopped || System.nanoTime() + baseMillis * 1_000_000 > deadline && tried < tries;
        if (!late && tried <= 1 && extra.isEmpty()) {
            return "";
        }
        return " (" + (late ? deadlineText() + "; " : "") + "tried " + tried + (tried == 1 ? " time" : " times") + extra + ")";
    }

    /** {@code timeout}, or what is left of the deadline when that is shorter (at least 1 ms). */
    Duration within(Duration timeout) {
        if (budget.isZero()) {
            return timeout;
        }
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        return Duration.ofMillis(Math.min(timeout.toMillis(), left));
    }

    /** Whether the operation's deadline has passed. */
    boolean expired() {
        return System.nanoTime() > deadline;
    }

    String deadlineText() {
        return "deadline of " + budget.toSeconds() + " s passed";
    }

    /** {@code Retry-After} in seconds (or an HTTP date), as a wait; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(header.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }
}
