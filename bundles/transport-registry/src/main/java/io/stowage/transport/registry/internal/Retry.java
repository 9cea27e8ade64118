package io.stowage.transport.registry.internal;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again: exponential backoff with full jitter (a random wait up to
 * {@code base × 2^(tries-1)}, at most {@code max}), or the registry's {@code Retry-After};
 * bounded by a number of tries and by the deadline of the whole operation.
 */
final class Retry {
    private final int tries;
    private final long baseMillis;
    private final long maxMillis;
    private final long deadline;
    private final Duration budget;

    /** {@code tries} in all (1: no retry); {@code budget} for the whole operation, zero for none. */
    Retry(int tries, Duration base, Duration max, Duration budget) {
        this.tries = Math.max(1, tries);
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
        this.budget = budget;
        this.deadline = budget.isZero() ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
    }

    int tries() {
        return tries;
    }

    /**
     * After {@code tried} failed tries, waits before the next one and returns true; returns false
     * at once when no try is left or the wait would pass the deadline.
     */
    boolean pause(int tried, Duration retryAfter) throws InterruptedIOException {
        if (tried >= tries) {
            return false;
        }
        long wait = retryAfter != null ? retryAfter.toMillis()
                : ThreadLocalRandom.current().nextLong(Math.min(maxMillis, baseMillis << Math.min(tried - 1, 20)) + 1);
        if (System.nanoTime() + wait * 1_000_000 > deadline) {
            return false;
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
        boolean late = System.nanoTime() + baseMillis * 1_000_000 > deadline && tried < tries;
        if (!late && tried <= 1 && extra.isEmpty()) {
            return "";
        }
        return " (" + (late ? deadlineText() + "; " : "") + "tried " + tried + (tried == 1 ? " time" : " times") + extra + ")";
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
