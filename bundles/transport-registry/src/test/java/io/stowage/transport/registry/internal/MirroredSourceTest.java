package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A repository behind mirrors, each an in-process registry: which one serves, and who sees traffic. */
class MirroredSourceTest {
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.US_ASCII);
    private static final Descriptor BLOB_DESCRIPTOR = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(BLOB), BLOB.length);

    private final FakeRegistry mirror = fake();
    private final FakeRegistry registry = fake();

    private static FakeRegistry fake() {
        try {
            return new FakeRegistry();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        mirror.close();
        registry.close();
    }

    private static void holds(FakeRegistry r) {
        r.manifests.put("latest", Map.entry(MediaTypes.OCI_MANIFEST, MANIFEST));
        r.manifests.put(Digest.of(MANIFEST).toString(), Map.entry(MediaTypes.OCI_MANIFEST, MANIFEST));
        r.blobs.put(BLOB_DESCRIPTOR.digest().toString(), BLOB);
    }

    private static Supplier<RegistrySource> at(String host) {
        return () -> {
            RegistryClient c = Clients.handshaken(host, 1, 2000, "pull");
            return new RegistrySource(ImageReference.parse("registry.example/app:latest"), c, 100, 1000);
        };
    }

    private MirroredSource behind(Supplier<RegistrySource> first) {
        return new MirroredSource(List.of(first, at(registry.host())));
    }

    private static void pull(MirroredSource s) throws Exception {
        assertArrayEquals(MANIFEST, s.resolve().bytes());
        assertArrayEquals(MANIFEST, s.manifest(Digest.of(MANIFEST)).bytes());
        try (InputStream in = s.blob(BLOB_DESCRIPTOR, 0)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
    }

    @Test
    void aMirrorThatHasTheImageServesAllOfItAndTheRegistrySeesNothing() throws Exception {
        holds(mirror);
        try (MirroredSource s = behind(at(mirror.host()))) {
            pull(s);
        }
        assertEquals(List.of(), registry.requests());
        assertTrue(mirror.requests().contains("GET /v2/app/blobs/" + BLOB_DESCRIPTOR.digest()), mirror.requests().toString());
    }

    @Test
    void aMirrorWithoutTheImageOrDownIsPassedOverForTheRegistry() throws Exception {
        holds(registry);
        try (MirroredSource s = behind(at(mirror.host()))) {
            pull(s);
        }
        assertEquals(List.of("GET /v2/", "GET /v2/app/manifests/latest"), mirror.requests(), "asked once, then left");
        try (MirroredSource s = behind(at("127.0.0.1:9"))) { // discard: nothing listens
            pull(s);
        }
    }

    @Test
    void theDigestOfATagIsTakenFromTheFirstThatSaysItAndTheRestFollows() throws Exception {
        holds(registry);
        try (MirroredSource s = behind(at(mirror.host()))) {
            assertEquals(Digest.of(MANIFEST), s.rootDigest().orElseThrow());
            try (InputStream in = s.blob(BLOB_DESCRIPTOR, 0)) {
                assertArrayEquals(BLOB, in.readAllBytes());
            }
        }
        assertTrue(mirror.requests().stream().noneMatch(r -> r.contains("/blobs/")), mirror.requests().toString());
    }

    @Test
    void whenNoneHasItTheErrorIsTheRegistrysOwn() {
        try (MirroredSource s = behind(at(mirror.host()))) {
            StowageException e = assertThrows(StowageException.class, s::resolve);
            assertEquals(Reason.NOT_FOUND, e.reason());
            assertEquals("manifest for registry.example/app:latest: manifest unknown: manifest unknown", e.getMessage());
        }
        assertEquals(List.of("GET /v2/", "GET /v2/app/manifests/latest"), registry.requests());
    }
}
