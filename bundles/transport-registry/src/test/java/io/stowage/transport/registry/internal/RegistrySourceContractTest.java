package io.stowage.transport.registry.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.transport.ImageSource;
import io.stowage.transport.tests.ImageSourceContract;
import io.stowage.transport.tests.LocalRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The ImageSource contract against the real registry (Debian's docker-registry, started here on
 * loopback): a repository's source, and the same behind a mirror that is down (the registry
 * itself then serves, through the mirrored source's forwarding).
 */
class RegistrySourceContractTest {
    private static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        registry = new LocalRegistry();
        ImageSourceContract.image().push(registry.host(), "contract/app", "1.0");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static RegistrySource source(String host) {
        RegistryClient c = new RegistryClient(Endpoint.of(host, Set.of()), "contract/app", null, 2000, 5000,
                new Retry(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(60)), new TokenCache(Clock.systemUTC()));
        c.handshake(1);
        return new RegistrySource(ImageReference.parse(host + "/contract/app:1.0"), c, 100, 1000);
    }

    @Nested
    class Registry extends ImageSourceContract {
        @Override
        protected ImageSource open() {
            return source(registry.host());
        }
    }

    @Nested
    class BehindADeadMirror extends ImageSourceContract {
        @Override
        protected ImageSource open() {
            Supplier<RegistrySource> dead = () -> source("127.0.0.1:9"); // discard: nothing listens
            return new MirroredSource(List.of(dead, () -> source(registry.host())));
        }
    }
}
