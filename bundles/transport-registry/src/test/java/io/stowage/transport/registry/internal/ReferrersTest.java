package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.Referrer;
import io.stowage.api.StowageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Referrers API (distribution spec 1.1) against a small server that speaks it, which Debian's
 * registry 2.8 does not: pages followed, a registry without the API told apart (400, 404, 406, a
 * 200 that is not an index), and a lying one's list bounded and validated as tag lists are.
 */
class ReferrersTest {
    private static final Digest SUBJECT = Digest.of("subject".getBytes(StandardCharsets.UTF_8));
    private static final String PATH = "/v2/app/referrers/" + SUBJECT;
    private final LyingServer registry;

    ReferrersTest() throws IOException {
        registry = new LyingServer();
        registry.on("/v2/", LyingServer.status(200, Map.of()));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Optional<List<Referrer>> referrers(int max) {
        RegistryClient c = Clients.handshaken(registry.host(), 1, 2000, "pull");
        return new RegistrySource(ImageReference.parse(registry.host() + "/app:latest"), c, 100, max).referrers(SUBJECT);
    }

    private static String entry(String name, String artifactType) {
        Digest d = Digest.of(name.getBytes(StandardCharsets.UTF_8));
        return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + d + "\",\"size\":" + name.length()
                + (artifactType == null ? "" : ",\"artifactType\":" + artifactType)
                + ",\"annotations\":{\"org.opencontainers.image.created\":\"2026-12-01T00:00:00Z\"}}";
    }

    private static byte[] index(String... entries) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + String.join(",", entries)
                + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private void page(String target, String next, byte[] body) {
        registry.on(target, ex -> LyingServer.send(ex, 200, next == null ? Map.of("Content-Type", MediaTypes.OCI_INDEX)
                : Map.of("Content-Type", MediaTypes.OCI_INDEX, "Link", "<" + next + ">; rel=\"next\""), body));
    }

    @Test
    void everyPageIsReadWithItsArtifactTypesAndAnnotations() {
        page(PATH, PATH + "?last=2", index(entry("sbom", "\"application/spdx+json\""), entry("sig", "\"application/vnd.dev.cosign.artifact.sig.v1+json\"")));
        page(PATH + "?last=2", null, index(entry("plain", null)));
        List<Referrer> listed = referrers(100).orElseThrow();
        assertEquals(List.of("application/spdx+json", "application/vnd.dev.cosign.artifact.sig.v1+json", ""),
                listed.stream().map(Referrer::artifactType).toList());
        assertEquals(Digest.of("sbom".getBytes(StandardCharsets.UTF_8)), listed.get(0).descriptor().digest());
        assertEquals("2026-12-01T00:00:00Z", listed.get(2).descriptor().annotation("org.opencontainers.image.created"));
        assertTrue(registry.requests.contains("GET " + PATH + "?last=2 without Authorization"), registry.requests.toString());
    }

    @Test
    void aRegistryWithoutTheApiIsToldApart() {
        for (int status : List.of(400, 404, 406)) {
            registry.on(PATH, LyingServer.status(status, Map.of()));
            assertEquals(Optional.empty(), referrers(100), "HTTP " + status);
        }
        registry.on(PATH, LyingServer.body("text/html", "<html>not here</html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), referrers(100), "a 200 that is not an index");
    }

    @Test
    void aRegistryThatFailsOtherwiseIsAnError() {
        registry.on(PATH, LyingServer.status(403, Map.of()));
        StowageException e = assertThrows(StowageException.class, () -> referrers(100));
        assertTrue(e.getMessage().startsWith("Referrers API answer for " + SUBJECT), e.getMessage());
    }

    @Test
    void aLyingListIsBoundedAndValidated() {
        page(PATH, null, index(entry("a", null), entry("b", null), entry("c", null)));
        StowageException many = assertThrows(StowageException.class, () -> referrers(2));
        assertTrue(many.getMessage().endsWith(": more than 2 referrers"), many.getMessage());

        page(PATH, PATH + "?last=1", index(entry("a", null), entry("b", null)));
        page(PATH + "?last=1", null, index(entry("c", null)));
        StowageException paged = assertThrows(StowageException.class, () -> referrers(2));
        assertTrue(paged.getMessage().endsWith(": more than 2 referrers (tags.max in io.stowage.registry)"), paged.getMessage());

        page(PATH, PATH, index(entry("a", null)));
        StowageException loop = assertThrows(StowageException.class, () -> referrers(100));
        assertTrue(loop.getMessage().endsWith("was read before"), loop.getMessage());

        page(PATH, null, index("{\"mediaType\":\"x\",\"digest\":\"sha256:nothex\",\"size\":1}"));
        StowageException digest = assertThrows(StowageException.class, () -> referrers(100));
        assertEquals(StowageException.Reason.INVALID, digest.reason(), digest.getMessage());

        page(PATH, null, index(entry("a", "7")));
        StowageException type = assertThrows(StowageException.class, () -> referrers(100));
        assertTrue(type.getMessage().endsWith("artifactType is not a string"), type.getMessage());

        byte[] huge = new byte[io.stowage.api.transport.RawManifest.MAX_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        page(PATH, null, huge);
        StowageException big = assertThrows(StowageException.class, () -> referrers(100));
        assertTrue(big.getMessage().contains("a page larger than"), big.getMessage());
    }
}
