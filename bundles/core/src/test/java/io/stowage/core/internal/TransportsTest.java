package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.ImageReference;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportsTest {
    /** Where a plain reference to an image at {@code registry} goes. */
    private static Location ref(String registry) {
        return Location.of(ImageReference.parse(registry + "/app:1"));
    }

    private final Transports transports = new Transports();
    private final Transport generic = ref -> null;
    private final Transport layouts = ref -> null;
    private final Transport ranked = ref -> null;
    private final Transport dedicated = ref -> null;

    @Test
    void aDedicatedTransportServesOnlyItsRegistries() {
        transports.add(generic, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 1L));
        transports.add(dedicated, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 2L, Transport.REGISTRY,
                new String[] {"registry.lan:5000", "mirror.lan"}));
        assertEquals(dedicated, transports.choose(ref("registry.lan:5000")).orElseThrow());
        assertEquals(dedicated, transports.choose(ref("mirror.lan")).orElseThrow());
        assertEquals(generic, transports.choose(ref("docker.io")).orElseThrow());
        assertTrue(transports.choose(new Location("oci", "/srv/layout")).isEmpty());
    }

    @Test
    void rankingThenServiceIdBreakTies() {
        transports.add(generic, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 1L));
        transports.add(ranked, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 5L, "service.ranking", 10));
        assertEquals(ranked, transports.choose(ref("docker.io")).orElseThrow());
        transports.remove(ranked);
        assertEquals(generic, transports.choose(ref("docker.io")).orElseThrow());
    }

    @Test
    void aDedicatedTransportIsNotAFallbackForOtherRegistries() {
        transports.add(dedicated, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 2L, Transport.REGISTRY, "registry.lan"));
        assertTrue(transports.choose(ref("docker.io")).isEmpty());
    }

    @Test
    void aWaitEndsWhenTheTransportComesOrTheTimeIsUp() throws Exception {
        java.util.concurrent.CompletableFuture<java.util.Optional<Transport>> waiting = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return transports.await(ref("docker.io"), java.time.Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Thread.sleep(200);
        assertTrue(!waiting.isDone(), "it waits");
        transports.add(generic, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 1L));
        assertEquals(generic, waiting.get(5, java.util.concurrent.TimeUnit.SECONDS).orElseThrow());

        long start = System.nanoTime();
        assertTrue(transports.await(new Location("oci", "/srv/layout"), java.time.Duration.ofMillis(300)).isEmpty());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 290, "waited the time given");
    }

    @Test
    void kindsAndSyntaxComeFromTheServiceProperties() {
        transports.add(generic, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES, "service.id", 1L));
        transports.add(layouts, Map.of(Transport.KIND, new String[] {"dir", "oci"}, "service.id", 2L));
        assertEquals(layouts, transports.choose(transports.locate("dir:/srv/images:app")).orElseThrow());
        assertEquals(layouts, transports.choose(new Location("oci", "/srv/layout")).orElseThrow());
        assertEquals(generic, transports.choose(ref("docker.io")).orElseThrow());
        // a location kind never serves plain references, nor a reference transport a location
        transports.remove(generic);
        assertTrue(transports.choose(ref("docker.io")).isEmpty());
        assertTrue(transports.choose(new Location("docker-archive", "a.tar")).isEmpty());
    }
}
