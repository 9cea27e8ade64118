package io.stowage.oci;

import io.stowage.api.StowageException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Docker's {@code until} filter and Go write them: {@code 24h}, {@code 1h30m}, {@code 90s}, {@code 500ms}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private Durations() {
    }

    /** @throws StowageException INVALID, {@code invalid duration: <text> (e.g. 24h, 1h30m, 90s)} */
    public static Duration parse(String text) {
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            long millis = (long) (n * switch (m.group(2)) {
                case "h" -> 3_600_000L;
                case "m" -> 60_000L;
                case "s" -> 1000L;
                default -> 1L;
            });
            total = total.plusMillis(millis);
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new StowageException(StowageException.Reason.INVALID, "invalid duration: " + text + " (e.g. 24h, 1h30m, 90s)");
        }
        return total;
    }
}
