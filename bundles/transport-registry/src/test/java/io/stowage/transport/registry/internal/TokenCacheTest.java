package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final TokenCache cache = new TokenCache(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aTokenIsKeptUntilShortlyBeforeItExpires() {
        cache.put("scope", "t1", Duration.ofSeconds(300));
        now = now.plusSeconds(289);
        assertEquals("t1", cache.get("scope"));
        now = now.plusSeconds(1);
        assertNull(cache.get("scope"));
    }

    @Test
    void aTokenAboutToExpireIsNotKeptAndOneForgottenIsGone() {
        cache.put("short", "t", Duration.ofSeconds(5));
        assertNull(cache.get("short"));
        cache.put("scope", "t2", TokenCache.DEFAULT_LIFETIME);
        assertEquals("t2", cache.get("scope"));
        assertNull(cache.get("other scope"));
        cache.forget("scope");
        assertNull(cache.get("scope"));
    }
}
