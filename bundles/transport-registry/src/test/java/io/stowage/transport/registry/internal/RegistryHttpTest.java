package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry transport's one HTTP layer, pulls and pushes alike, against an in-process
 * registry ({@link FakeRegistry}): every endpoint's round trip, and what the layer does with a
 * registry that fails, redirects, stalls or never answers.
 */
class RegistryHttpTest {
    private static final byte[] BLOB = new byte[300_000];
    private static final Descriptor BLOB_DESCRIPTOR;

    static {
        new Random(7).nextBytes(BLOB);
        BLOB_DESCRIPTOR = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(BLOB), BLOB.length);
    }

    private final FakeRegistry registry = fake();

    private static FakeRegistry fake() {
        try {
            return new FakeRegistry();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private RegistryClient client(String host, int tries, int readTimeout, String actions) {
        return Clients.handshaken(host, tries, readTimeout, actions);
    }

    private RegistryDestination destination(int tries, long chunk) {
        return new RegistryDestination(client(registry.host(), tries, 2000, "pull,push"), chunk);
    }

    private RegistrySource source(int tries, int readTimeout, String tag) {
        return new RegistrySource(ImageReference.parse(registry.host() + "/app:" + tag), client(registry.host(), tries, readTimeout, "pull"), 2, 100);
    }

    @Test
    void whatIsPushedMonolithicOrInChunksIsPulledBack() throws Exception {
        byte[] small = "a small blob".getBytes(StandardCharsets.US_ASCII);
        Descriptor smallDescriptor = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(small), small.length);
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        try (RegistryDestination d = destination(1, 100_000)) {
            assertFalse(d.has(BLOB_DESCRIPTOR));
            d.put(BLOB_DESCRIPTOR, new ByteArrayInputStream(BLOB)); // three PATCHes and a PUT
            d.put(smallDescriptor, new ByteArrayInputStream(small)); // one PUT
            assertTrue(d.has(BLOB_DESCRIPTOR));
            for (String tag : List.of("1.0", "1.1", "2.0", "latest", "edge")) {
                assertEquals(Digest.of(manifest), d.putManifest(tag, MediaTypes.OCI_MANIFEST, manifest));
            }
        }
        assertEquals(3, registry.requests().stream().filter(r -> r.startsWith("PATCH ")).count(), registry.requests().toString());
        assertArrayEquals(BLOB, registry.blobs.get(BLOB_DESCRIPTOR.digest().toString()));
        assertArrayEquals(small, registry.blobs.get(smallDescriptor.digest().toString()));

        try (RegistrySource s = source(1, 2000, "latest")) {
            assertEquals(MediaTypes.OCI_MANIFEST, s.resolve().mediaType());
            assertArrayEquals(manifest, s.resolve().bytes());
            assertEquals(Digest.of(manifest), s.rootDigest().orElseThrow());
            assertArrayEquals(manifest, s.manifest(Digest.of(manifest)).bytes());
            assertEquals(List.of("1.0", "1.1", "2.0", "edge", "latest"), s.tags()); // three pages of two
            try (InputStream in = s.blob(BLOB_DESCRIPTOR, 0)) {
                assertArrayEquals(BLOB, in.readAllBytes());
            }
            try (InputStream in = s.blob(BLOB_DESCRIPTOR, 1000)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(BLOB, 1000, BLOB.length), in.readAllBytes());
            }
        }
        assertTrue(registry.requests().contains("GET /v2/app/tags/list?last=1.1&n=2"), registry.requests().toString());
    }

    @Test
    void aRegistryThatChecksTheDigestRefusesABlobThatDoesNotMatch() {
        Descriptor lying = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of("other".getBytes(StandardCharsets.US_ASCII)), BLOB.length);
        try (RegistryDestination d = destination(1, 1 << 20)) {
            StowageException e = assertThrows(StowageException.class, () -> d.put(lying, new ByteArrayInputStream(BLOB)));
            assertEquals("blob " + lying.digest() + ": digest invalid: provided digest did not match uploaded content", e.getMessage());
        }
    }

    @Test
    void aManifestPushAndAPullAreTriedAgainAfter503And429() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        registry.failNext("PUT /v2/app/manifests/", 503, 429);
        try (RegistryDestination d = destination(3, 1 << 20)) {
            assertEquals(Digest.of(manifest), d.putManifest("latest", MediaTypes.OCI_MANIFEST, manifest));
        }
        assertEquals(3, registry.requests().stream().filter(r -> r.startsWith("PUT /v2/app/manifests/latest")).count());
        registry.failNext("GET /v2/app/manifests/", 502, 503);
        try (RegistrySource s = source(3, 2000, "latest")) {
            assertArrayEquals(manifest, s.resolve().bytes());
        }
    }

    @Test
    void aBlobUploadIsSentOnceSinceItsBytesCannotBeReadAgain() {
        registry.failNext("PUT /v2/app/blobs/uploads/", 503, 503);
        try (RegistryDestination d = destination(3, 1 << 20)) {
            StowageException e = assertThrows(StowageException.class, () -> d.put(BLOB_DESCRIPTOR, new ByteArrayInputStream(BLOB)));
            assertEquals(Reason.UNAVAILABLE, e.reason());
            assertEquals("blob " + BLOB_DESCRIPTOR.digest() + ": unavailable: fault injected", e.getMessage());
        }
        assertEquals(1, registry.requests().stream().filter(r -> r.startsWith("PUT /v2/app/blobs/uploads/")).count());
    }

    @Test
    void aManifestPushFollowsATemporaryRedirect() {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        registry.server.on("/v2/app/manifests/moved", LyingServer.status(307, Map.of("Location", "/v2/app/manifests/latest")));
        try (RegistryDestination d = destination(1, 1 << 20)) {
            assertEquals(Digest.of(manifest), d.putManifest("moved", MediaTypes.OCI_MANIFEST, manifest));
        }
        assertArrayEquals(manifest, registry.manifests.get("latest").getValue());
    }

    @Test
    void aBlobThatStallsPastTheReadTimeoutResumesFromWhereItStopped() throws Exception {
        registry.blobs.put(BLOB_DESCRIPTOR.digest().toString(), BLOB);
        boolean[] stalled = {false};
        registry.server.on("/v2/app/blobs/", ex -> {
            if (!stalled[0] && ex.getRequestHeaders().getFirst("Range") == null) {
                stalled[0] = true;
                ex.sendResponseHeaders(200, BLOB.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(BLOB, 0, 100_000);
                    out.flush();
                    Thread.sleep(3000); // the read timeout is 400 ms
                } catch (InterruptedException | IOException gone) {
                    return;
                }
                return;
            }
            int from = Integer.parseInt(ex.getRequestHeaders().getFirst("Range").replaceAll("\\D", ""));
            LyingServer.send(ex, 206, Map.of("Content-Range", "bytes " + from + "-" + (BLOB.length - 1) + "/" + BLOB.length),
                    java.util.Arrays.copyOfRange(BLOB, from, BLOB.length));
        });
        long start = System.nanoTime();
        try (RegistrySource s = source(3, 400, "latest"); InputStream in = s.blob(BLOB_DESCRIPTOR, 0)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "resumed before the stalled answer ended");
        String resumed = registry.requests().stream().filter(r -> r.startsWith("GET /v2/app/blobs/")).toList().toString();
        assertEquals(2, registry.requests().stream().filter(r -> r.startsWith("GET /v2/app/blobs/")).count(), resumed);
    }

    @Test
    void aRegistryThatNeverAnswersIsCutAtTheReadTimeoutOnPullAndPush() {
        registry.server.on("/v2/app/manifests/", ex -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        StowageException pull = assertThrows(StowageException.class, () -> source(1, 400, "latest").resolve());
        assertEquals("manifest for " + registry.host() + "/app:latest: registry " + registry.host() + " unavailable: Read timed out",
                pull.getMessage());
        StowageException push = assertThrows(StowageException.class, () -> new RegistryDestination(client(registry.host(), 1, 400, "pull,push"), 1 << 20)
                .putManifest("latest", MediaTypes.OCI_MANIFEST, "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(push.getMessage().startsWith("manifest for latest: registry " + registry.host() + " unavailable: Read timed out"),
                push.getMessage());
        assertTrue(System.nanoTime() - start < 4_000_000_000L, "both cut before the registry's 5 s answers");
    }

    @Test
    void aRefusedConnectionIsTriedAsOftenAsAllowedAndSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        StowageException e = assertThrows(StowageException.class, () -> client(host, 2, 400, "pull"));
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertEquals("registry " + host + " unavailable: Connection refused (tried 2 times)", e.getMessage());
    }

    @Test
    void aReadOfATricklingBlobEndsWhenThePullIsInterrupted() throws Exception {
        registry.blobs.put(BLOB_DESCRIPTOR.digest().toString(), BLOB);
        registry.server.on("/v2/app/blobs/", ex -> { // a byte every 50 ms
            ex.sendResponseHeaders(200, BLOB.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (byte b : BLOB) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (InterruptedException | IOException gone) {
                // cut
            }
        });
        // As a pull runs: the thread that opened the source waits while another reads the blob, from
        // a registry that trickles; Ctrl-C interrupts the waiting thread, which keeps its interrupt.
        // (A body that stalls outright is cut at the read timeout: HttpURLConnection's close waits
        // for the blocked read's lock.)
        Throwable[] failure = {null};
        Thread[] reader = {null};
        Thread owner = new Thread(() -> {
            RegistrySource s = source(5, 30_000, "latest");
            reader[0] = new Thread(() -> {
                try (InputStream in = s.blob(BLOB_DESCRIPTOR, 0)) {
                    in.readAllBytes();
                } catch (IOException | RuntimeException e) {
                    failure[0] = e;
                }
            });
            reader[0].start();
            try {
                reader[0].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                while (reader[0].isAlive()) {
                    Thread.onSpinWait();
                }
            }
        });
        owner.start();
        Thread.sleep(500);
        long start = System.nanoTime();
        owner.interrupt();
        owner.join(5000);
        assertFalse(owner.isAlive() || reader[0].isAlive(), "the read ended");
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        assertTrue(failure[0] != null && failure[0].getMessage().endsWith("cancelled"), String.valueOf(failure[0]));
    }
}
