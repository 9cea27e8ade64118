package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(3), Retry.retryAfter("3"));
        Duration d = Retry.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30)));
        assertTrue(d.toSeconds() >= 28 && d.toSeconds() <= 30, d.toString());
        assertEquals(Duration.ZERO, Retry.retryAfter("Thu, 01 Jan 1970 00:00:00 GMT"));
        assertNull(Retry.retryAfter("soon"));
        assertNull(Retry.retryAfter(null));
    }

    @Test
    void triesAreCountedAndTheErrorSaysSo() throws Exception {
        Retry retry = new Retry(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ZERO);
        assertTrue(retry.pause(1, null));
        assertTrue(retry.pause(2, null));
        assertFalse(retry.pause(3, null));
        assertEquals(" (tried 3 times)", retry.exhausted(3, ""));
        assertEquals("", retry.exhausted(1, ""));
        assertEquals(" (tried 1 time; ratelimit-remaining: 0)", retry.exhausted(1, "; ratelimit-remaining: 0"));
    }

    @Test
    void aWaitPastTheDeadlineIsNotTaken() throws Exception {
        Retry retry = new Retry(10, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));
        long start = System.nanoTime();
        assertFalse(retry.pause(1, Duration.ofSeconds(5)), "Retry-After beyond the deadline");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "returned at once");
        // the deadline, not the tries, ended it, though it has not passed yet (CI's FaultsIT: a wait longer than the base)
        assertEquals(" (deadline of 1 s passed; tried 1 time)", retry.exhausted(1, ""));
    }

    @Test
    void onlyTransientFailuresAreTriedAgain() {
        assertFalse(Http.isTransient(new java.net.UnknownHostException("no-such-host.example")));
        assertFalse(Http.isTransient(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")));
        assertTrue(Http.isTransient(new java.net.ConnectException("Connection refused")));
        assertTrue(Http.isTransient(new java.net.SocketTimeoutException("Read timed out")));
        assertTrue(Http.isTransient(new java.net.SocketException("Connection reset")));
    }
}
