package io.stowage.transport.registry.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by realm, service, scope and user, kept until shortly before they expire (the
 * token answer's {@code expires_in}, 60 s when it gives none, as the token spec says), so pulls
 * of one repository ask the token server once.
 */
final class TokenCache {
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private record Token(String value, Instant until) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** The cached token for {@code key}, or null when there is none still valid. */
    String get(String key) {
        Token t = tokens.get(key);
        if (t == null || !clock.instant().isBefore(t.until())) {
            tokens.remove(key, t);
            return null;
        }
        return t.value();
    }

    void put(String key, String token, Duration lifetime) {
        Duration keep = lifetime.minus(MARGIN);
        if (!keep.isNegative() && !keep.isZero()) {
            tokens.put(key, new Token(token, clock.instant().plus(keep)));
        }
    }

    void forget(String key) {
        tokens.remove(key);
    }
}
