package io.stowage.commands.internal;

import java.time.Duration;

/** Sizes and durations as Docker prints them (go-units' HumanSizeWithPrecision and HumanDuration). */
final class Human {
    private Human() {
    }

    /** Decimal units, three significant digits: {@code 5.54MB}, {@code 117MB}, {@code 1.08GB}. */
    static String size(long bytes) {
        return io.stowage.oci.Sizes.format(bytes);
    }

    /** {@code About a minute}, {@code 3 hours}, {@code 2 weeks}: Docker's relative times. */
    static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    /** {@code 2 hours ago}, or {@code N/A} when there is no time. */
    static String since(java.time.Instant at, java.time.Instant now) {
        return at == null ? "N/A" : duration(java.time.Duration.between(at, now)) + " ago";
    }
}
