package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry that trickles or never ends: the deadline cuts header and body waits that the read
 * timeout never would, and a tag listing stops at its bounds.
 */
class BoundsTest {
    private final LyingServer registry;
    private ServerSocket trickler;

    BoundsTest() throws IOException {
        registry = new LyingServer();
        registry.on("/v2/", LyingServer.status(200, Map.of()));
    }

    @AfterEach
    void close() throws IOException {
        registry.close();
        if (trickler != null) {
            trickler.close();
        }
    }

    private static RegistrySource source(String host, int deadlineSeconds, int maxTags) {
        RegistryClient c = new RegistryClient(Endpoint.of(host, Set.of()), "app", null, 2000, 2000,
                new Retry(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(deadlineSeconds)),
                new TokenCache(Clock.systemUTC()));
        c.handshake(1);
        return new RegistrySource(ImageReference.parse(host + "/app:latest"), c, 100, maxTags);
    }

    /**
     * A raw HTTP peer: it answers the handshake, then sends {@code fast} at once and {@code answer}
     * one byte every 300 ms (well inside the 2 s read timeout), over and over when {@code endless}.
     */
    private String trickle(String fast, String answer, boolean endless) throws IOException {
        trickler = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!trickler.isClosed()) {
                try (Socket s = trickler.accept()) {
                    byte[] request = new byte[4096];
                    int n = s.getInputStream().read(request);
                    OutputStream out = s.getOutputStream();
                    if (new String(request, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1).startsWith("GET /v2/ ")) {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        continue;
                    }
                    out.write(fast.getBytes(StandardCharsets.ISO_8859_1));
                    byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; endless || i < bytes.length; i++) {
                        out.write(bytes[i % bytes.length]);
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // the client cut it, or the test ended
                }
            }
        }, "trickler");
        t.setDaemon(true);
        t.start();
        return "127.0.0.1:" + trickler.getLocalPort();
    }

    @Test
    void theDeadlineCutsHeadersThatTrickle() throws IOException {
        String host = trickle("", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + "x".repeat(100) + "\r\n\r\n{}", false);
        long start = System.nanoTime();
        StowageException e = assertThrows(StowageException.class, () -> source(host, 2, 100).resolve());
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertTrue(seconds < 6, "held " + seconds + " s");
        assertEquals("manifest for " + host + "/app:latest: registry " + host + " unavailable: deadline of 2 s passed (tried 1 time)",
                e.getMessage());
    }

    @Test
    void theDeadlineCutsABodyThatTrickles() throws IOException {
        String host = trickle("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"tags\":[", "\"a\",", true);
        long start = System.nanoTime();
        StowageException e = assertThrows(StowageException.class, () -> source(host, 2, 100).tags());
        assertTrue((System.nanoTime() - start) / 1_000_000_000 < 6);
        assertEquals("tag list of " + host + "/app: registry " + host + " unavailable: deadline of 2 s passed", e.getMessage());
    }

    /** A short body (the JDK hands one under 512 KiB to its keep-alive cleaner instead of closing it): the reader stops itself. */
    @Test
    void theDeadlineCutsAManifestBodyThatTrickles() throws IOException {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," + " ".repeat(400) + "}";
        String host = trickle("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: "
                + manifest.length() + "\r\n\r\n", manifest, false);
        long start = System.nanoTime();
        StowageException e = assertThrows(StowageException.class, () -> source(host, 1, 100).resolve());
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertTrue(seconds < 4, "held " + seconds + " s");
        assertEquals("manifest for " + host + "/app:latest: registry " + host + " unavailable: deadline of 1 s passed", e.getMessage());
    }

    @Test
    void theDeadlineCutsABlobThatTrickles() throws IOException {
        Descriptor blob = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(new byte[100]), 100);
        String host = trickle("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", "\0".repeat(100), false);
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> source(host, 2, 100).blob(blob).readAllBytes());
        assertTrue((System.nanoTime() - start) / 1_000_000_000 < 6);
        assertEquals("deadline of 2 s passed", e.getMessage());
    }

    @Test
    void anEndlessChainOfTagPagesStopsAtTheBound() {
        AtomicInteger pages = new AtomicInteger();
        registry.on("/v2/app/tags/list", ex -> {
            int page = pages.incrementAndGet();
            LyingServer.send(ex, 200, Map.of("Content-Type", "application/json",
                    "Link", "</v2/app/tags/list?last=t" + page + "&n=100>; rel=\"next\""),
                    ("{\"tags\":[\"t" + page + "a\",\"t" + page + "b\"]}").getBytes(StandardCharsets.UTF_8));
        });
        StowageException e = assertThrows(StowageException.class, () -> source(registry.host(), 60, 9).tags());
        assertEquals("tag list of " + registry.host() + "/app: more than 9 tags (tags.max in io.stowage.registry)", e.getMessage());
        assertEquals(5, pages.get());
    }

    @Test
    void aTagPageThatLinksBackOrLinksOnEmptyEndsTheListing() {
        registry.on("/v2/app/tags/list", LyingServer.body("application/json", "{\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8)));
        registry.on("/v2/app/tags/list?n=", ex -> LyingServer.send(ex, 200, Map.of("Content-Type", "application/json",
                "Link", "</v2/app/tags/list?last=a>; rel=\"next\""), "{\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8)));
        registry.on("/v2/app/tags/list?last=a", ex -> LyingServer.send(ex, 200, Map.of("Content-Type", "application/json",
                "Link", "</v2/app/tags/list?last=a>; rel=\"next\""), "{\"tags\":[\"b\"]}".getBytes(StandardCharsets.UTF_8)));
        StowageException loop = assertThrows(StowageException.class, () -> source(registry.host(), 60, 1000).tags());
        assertEquals("tag list of " + registry.host() + "/app: the registry's next page /v2/app/tags/list?last=a was read before",
                loop.getMessage());

        registry.on("/v2/app/tags/list?last=a", ex -> LyingServer.send(ex, 200, Map.of("Content-Type", "application/json",
                "Link", "</v2/app/tags/list?last=b>; rel=\"next\""), "{\"tags\":[]}".getBytes(StandardCharsets.UTF_8)));
        StowageException empty = assertThrows(StowageException.class, () -> source(registry.host(), 60, 1000).tags());
        assertEquals("tag list of " + registry.host() + "/app: a page without entries links to another", empty.getMessage());
    }
}
