package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.ImageReference;
import io.stowage.api.transport.Exchange;
import io.stowage.api.transport.RequestObserver;
import io.stowage.transport.tests.LocalRegistry;
import io.stowage.transport.tests.TestImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a {@link RequestObserver} sees of a push and a pull against a real registry: every request
 * once, with its method, URL, status and sizes, and nothing of a credential; an observer that
 * throws changes nothing for the transfer or the other observers.
 */
class ObserversTest {
    private static LocalRegistry registry;
    private final TestImage image = new TestImage();
    private final List<Exchange> seen = Collections.synchronizedList(new ArrayList<>());
    private final RequestObserver faulty = e -> {
        throw new IllegalStateException("a faulty observer");
    };
    private final Observers observers = new Observers(() -> List.of(faulty, seen::add));

    @BeforeAll
    static void start() throws Exception {
        registry = new LocalRegistry();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private RegistryClient client(String actions) {
        RegistryClient c = new RegistryClient(Endpoint.of(registry.host(), Set.of()), "observed/app", null, 2000, 5000,
                new Retry(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(60)), new TokenCache(Clock.systemUTC()),
                actions).observedBy(observers);
        c.handshake(1);
        return c;
    }

    private List<Exchange> seen(String method, String pathEnd) {
        return seen.stream().filter(e -> e.method().equals(method) && e.url().getPath().endsWith(pathEnd)).toList();
    }

    @Test
    void everyRequestOfAPushAndAPullIsSeenWithItsStatusAndSizes() throws Exception {
        try (RegistryDestination d = new RegistryDestination(client("pull,push"), 1 << 20)) {
            for (Map.Entry<Descriptor, byte[]> blob : image.blobs.entrySet()) {
                d.put(blob.getKey(), new ByteArrayInputStream(blob.getValue()));
            }
            d.putManifest("1.0", image.manifestDescriptor.mediaType(), image.manifest);
        }
        assertEquals(1, seen("GET", "/v2/").size(), seen.toString());
        Descriptor layer = image.blobs.keySet().stream().filter(b -> b.mediaType().contains("layer")).findFirst().orElseThrow();
        assertTrue(seen.stream().anyMatch(e -> e.sent() == layer.size() && e.status() == 201), "the layer's upload: " + seen);
        assertEquals(201, seen("PUT", "/manifests/1.0").get(0).status());
        assertEquals(image.manifest.length, seen("PUT", "/manifests/1.0").get(0).sent());

        seen.clear();
        RegistryClient pull = client("pull");
        try (RegistrySource s = new RegistrySource(ImageReference.parse(registry.host() + "/observed/app:1.0"), pull, 100, 1000)) {
            s.resolve();
            try (InputStream in = s.blob(layer, 0)) {
                in.readAllBytes();
            }
            Descriptor missing = new Descriptor(layer.mediaType(), io.stowage.api.Digest.of(new byte[1]), 1);
            assertThrows(io.stowage.api.StowageException.class, () -> {
                try (InputStream in = s.blob(missing, 0)) {
                    in.readAllBytes();
                }
            });
        }
        Exchange manifest = seen("GET", "/manifests/1.0").get(0);
        assertEquals(200, manifest.status());
        assertEquals(image.manifest.length, manifest.received());
        Exchange blob = seen("GET", "/blobs/" + layer.digest()).get(0);
        assertEquals(200, blob.status());
        assertEquals(layer.size(), blob.received());
        assertEquals(0, blob.sent());
        assertTrue(seen.stream().anyMatch(e -> e.status() == 404), "the missing blob's answer is seen too: " + seen);
        for (Exchange e : seen) {
            assertEquals("http://" + registry.host(), e.url().getScheme() + "://" + e.url().getAuthority(), e.toString());
            assertTrue(!e.time().isNegative(), e.toString());
        }
    }

    @Test
    void aRedirectToStorageAndEachRetryAreSeenTheSignedQueryAndTheLoginNot() throws Exception {
        byte[] bytes = "stored elsewhere".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Descriptor blob = new Descriptor("application/octet-stream", io.stowage.api.Digest.of(bytes), bytes.length);
        try (FakeRegistry lying = new FakeRegistry(); LyingServer storage = new LyingServer()) {
            lying.server.on("/v2/", LyingServer.status(401, Map.of("WWW-Authenticate", "Basic realm=\"r\"")));
            lying.server.on("/v2/app/blobs/", LyingServer.status(307, Map.of("Location", storage.url("/bucket/b?X-Amz-Signature=secret"))));
            lying.failNext("GET /v2/app/manifests/", 503);
            storage.on("/bucket/", LyingServer.body("application/octet-stream", bytes));
            RegistryClient c = new RegistryClient(Endpoint.of(lying.host(), Set.of()), "app", new Credentials.Login("u", "p"), 2000, 5000,
                    new Retry(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(60)), new TokenCache(Clock.systemUTC()))
                    .observedBy(observers);
            c.handshake(1);
            try (RegistrySource s = new RegistrySource(ImageReference.parse(lying.host() + "/app:1.0"), c, 100, 1000)) {
                assertThrows(io.stowage.api.StowageException.class, s::resolve); // a 503, then the 404 of an empty registry
                try (InputStream in = s.blob(blob, 0)) {
                    assertEquals(bytes.length, in.readAllBytes().length);
                }
            }
            assertEquals(List.of(503, 404), seen("GET", "/manifests/1.0").stream().map(Exchange::status).toList());
            assertEquals(307, seen("GET", "/blobs/" + blob.digest()).get(0).status());
            Exchange fromStorage = seen("GET", "/bucket/b").get(0);
            assertEquals(URI.create(storage.url("/bucket/b")), fromStorage.url(), "the signature is not shown");
            assertEquals(bytes.length, fromStorage.received());
            assertEquals(List.of(), storage.withAuthorization());
            assertTrue(seen.stream().noneMatch(e -> e.toString().contains("secret") || e.toString().contains("dTpw")), seen.toString());
        }
    }

    @Test
    void aUrlIsShownWithoutCredentialsAndAForeignOneWithoutItsQuery() {
        assertEquals(URI.create("https://storage.example/bucket/blob"),
                Observers.shown("https://user:secret@storage.example/bucket/blob?X-Amz-Signature=abc", false));
        assertEquals(URI.create("https://registry.example:5000/v2/app/tags/list?n=100&last=a"),
                Observers.shown("https://registry.example:5000/v2/app/tags/list?n=100&last=a", true));
    }
}
