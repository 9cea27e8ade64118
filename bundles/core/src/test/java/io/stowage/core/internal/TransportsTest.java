package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportsTest {
    private final Transports transports = new Transports();
    private final Transport generic = ref -> null;
    private final Transport ranked = ref -> null;
    private final Transport dedicated = ref -> null;

    @Test
    void aDedicatedTransportServesOnlyItsRegistries() {
        transports.add(generic, Map.of(Transport.PROPERTY, "docker", "service.id", 1L));
        transports.add(dedicated, Map.of(Transport.PROPERTY, "docker", "service.id", 2L, Transports.REGISTRY,
                new String[] {"registry.lan:5000", "mirror.lan"}));
        assertEquals(dedicated, transports.choose("docker", "registry.lan:5000").orElseThrow());
        assertEquals(dedicated, transports.choose("docker", "mirror.lan").orElseThrow());
        assertEquals(generic, transports.choose("docker", "docker.io").orElseThrow());
        assertTrue(transports.choose("oci", "docker.io").isEmpty());
    }

    @Test
    void rankingThenServiceIdBreakTies() {
        transports.add(generic, Map.of(Transport.PROPERTY, "docker", "service.id", 1L));
        transports.add(ranked, Map.of(Transport.PROPERTY, "docker", "service.id", 5L, "service.ranking", 10));
        assertEquals(ranked, transports.choose("docker", "docker.io").orElseThrow());
        transports.remove(ranked);
        assertEquals(generic, transports.choose("docker", "docker.io").orElseThrow());
    }

    @Test
    void aDedicatedTransportIsNotAFallbackForOtherRegistries() {
        transports.add(dedicated, Map.of(Transport.PROPERTY, "docker", "service.id", 2L, Transports.REGISTRY, "registry.lan"));
        assertTrue(transports.choose("docker", "docker.io").isEmpty());
    }

    @Test
    void aWaitEndsWhenTheTransportComesOrTheTimeIsUp() throws Exception {
        java.util.concurrent.CompletableFuture<java.util.Optional<Transport>> waiting = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return transports.await("docker", "docker.io", java.time.Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(200);
        assertTrue(!waiting.isDone(), "it waits");
        transports.add(generic, Map.of(Transport.PROPERTY, "docker", "service.id", 1L));
        assertEquals(generic, waiting.get(5, java.util.concurrent.TimeUnit.SECONDS).orElseThrow());

        long start = System.nanoTime();
        assertTrue(transports.await("oci", "", java.time.Duration.ofMillis(300)).isEmpty());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 290, "waited the time given");
    }
}
