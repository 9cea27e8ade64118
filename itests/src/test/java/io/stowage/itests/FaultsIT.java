package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flaky links and busy registries, played by a {@link FaultProxy} in front of the real registry:
 * cut and stalled blob transfers resume from where they broke off (every byte crosses once),
 * 429 and 503 answers are tried again (honouring Retry-After), and when the tries run out the
 * error says what failed, how often it was tried, and the rate-limit headers.
 */
class FaultsIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @BeforeEach
    void quickRetries() throws Exception {
        Files.writeString(stowage.home.resolve("etc/io.stowage.registry.cfg"),
                "insecure=\ncredentials.file=\nconnect.timeout=5000\nread.timeout=1000\nretries=4\nretry.wait=50\n"
                        + "retry.wait.max=200\ndeadline=600\n");
    }

    @Test
    void cutAndStalledTransfersResumeAndBusyAnswersAreTriedAgain() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            JsonNode remote = f.inspect("big:latest");
            List<String> layers = new ArrayList<>();
            remote.get("Layers").forEach(l -> layers.add(l.asText()));
            proxy.fail("/manifests/latest", FaultProxy.Fault.status(429, "1", Map.of()));
            proxy.fail(layers.get(0), FaultProxy.Fault.cut(1 << 20));
            proxy.fail(layers.get(1), FaultProxy.Fault.stall(512 << 10, 3000), FaultProxy.Fault.cut(2 << 20));
            proxy.fail(layers.get(2), FaultProxy.Fault.status(503, null, Map.of()));

            String ref = proxy.host() + "/big:latest";
            Processes.Result pull = stowage.ok("image:pull", ref);
            assertTrue(pull.out().contains("Downloaded newer image for " + ref), pull.toString());

            for (String layer : layers) {
                long size = Files.size(f.registry.blobData(layer));
                assertEquals(size, proxy.sent(layer), "every byte of " + layer + " crossed once: " + proxy.requests);
            }
            asked(proxy, "GET /v2/big/blobs/" + layers.get(0) + " bytes=" + (1 << 20) + "-");
            asked(proxy, "GET /v2/big/blobs/" + layers.get(1) + " bytes=" + (512 << 10) + "- fault"); // after the stall
            asked(proxy, "GET /v2/big/blobs/" + layers.get(1) + " bytes=" + ((512 << 10) + (2 << 20)) + "-"); // after the cut
            asked(proxy, "GET /v2/big/blobs/" + layers.get(2)); // after the 503
            assertEquals(2, proxy.requests.stream().filter(r -> r.startsWith("GET /v2/big/manifests/latest")).count(), proxy.requests.toString());
            assertEquals(0, stowage.run("store:verify").exit());
        }
    }

    private static void asked(FaultProxy proxy, String request) {
        assertTrue(proxy.requests.contains(request), request + " in " + proxy.requests);
    }

    @Test
    void whenTheTriesRunOutTheErrorSaysHowOftenAndTheRateLimit() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            Map<String, String> limits = Map.of("RateLimit-Limit", "100;w=21600", "RateLimit-Remaining", "0;w=21600");
            for (int i = 0; i < 4; i++) {
                proxy.fail("/manifests/latest", FaultProxy.Fault.status(429, "0", limits));
            }
            String ref = proxy.host() + "/app:latest";
            Processes.Result pull = stowage.run("image:pull", ref);
            assertEquals(1, pull.exit(), pull.toString());
            assertEquals("Error: pull " + ref + ": manifest for " + ref + ": toomanyrequests: too many requests (tried 4 times; "
                    + "ratelimit-limit: 100;w=21600; ratelimit-remaining: 0;w=21600)\n", pull.err());
            assertEquals(4, proxy.requests.stream().filter(r -> r.startsWith("GET /v2/app/manifests/latest")).count());
        }
    }

    /** A pull whose transfers keep stalling ends at its deadline, saying so. */
    @Test
    void aPullEndsAtItsDeadline() throws Exception {
        Files.writeString(stowage.home.resolve("etc/io.stowage.registry.cfg"),
                "insecure=\ncredentials.file=\nconnect.timeout=5000\nread.timeout=700\nretries=50\nretry.wait=50\n"
                        + "retry.wait.max=100\ndeadline=3\n");
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String layer = f.inspect("big:latest").get("Layers").get(0).asText();
            for (int i = 0; i < 50; i++) {
                proxy.fail(layer, FaultProxy.Fault.stall(64 << 10, 2000));
            }
            String ref = proxy.host() + "/big:latest";
            Processes.Result pull = stowage.run("image:pull", ref);
            assertEquals(1, pull.exit(), pull.toString());
            assertTrue(pull.err().startsWith("Error: pull " + ref + ": layer " + layer + ": ")
                    && pull.err().contains("deadline of 3 s passed"), pull.err());
        }
    }
}
