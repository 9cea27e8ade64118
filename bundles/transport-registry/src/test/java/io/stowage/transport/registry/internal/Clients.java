package io.stowage.transport.registry.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Registry clients for tests: repository {@code app} at a loopback host, quick retries, a 30 s deadline, the handshake done. */
final class Clients {
    private Clients() {
    }

    static RegistryClient handshaken(String host, int tries, int readTimeout, String actions) {
        RegistryClient c = new RegistryClient(Endpoint.of(host, Set.of()), "app", null, 2000, readTimeout,
                new Retry(tries, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30)), new TokenCache(Clock.systemUTC()), actions);
        c.handshake(tries);
        return c;
    }
}
