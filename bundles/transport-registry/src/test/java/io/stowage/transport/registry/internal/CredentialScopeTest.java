package io.stowage.transport.registry.internal;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the registry's login and tokens go, against a registry that lies: every request path
 * (manifests, blobs, tokens, tags, uploads, chunks, mounts) redirected or pointed at another
 * host, which records whether an Authorization header reached it.
 */
class CredentialScopeTest {
    private static final Credentials.Login LOGIN = new Credentials.Login("user", "secret-password");
    private static final byte[] BLOB = "0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final Descriptor BLOB_DESCRIPTOR = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(BLOB), BLOB.length);

    private final LyingServer registry = server();
    private final LyingServer elsewhere = server();

    private static LyingServer server() {
        try {
            return new LyingServer();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        registry.close();
        elsewhere.close();
    }

    private RegistryClient client(String actions) {
        registry.on("/v2/", LyingServer.status(401, Map.of("WWW-Authenticate", "Basic realm=\"registry\"")));
        return handshaken(actions);
    }

    private RegistryClient handshaken(String actions) {
        RegistryClient c = new RegistryClient(Endpoint.of(registry.host(), Set.of()), "app", LOGIN, 2000, 2000,
                new Retry(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO), new TokenCache(Clock.systemUTC()), actions);
        c.handshake(1);
        return c;
    }

    private RegistrySource source(RegistryClient c) {
        return new RegistrySource(ImageReference.parse(registry.host() + "/app:latest"), c, 100, 1000);
    }

    private void assertNothingReachedElsewhere() {
        assertFalse(elsewhere.requests.isEmpty(), "the lying registry sent the client elsewhere");
        assertEquals(List.of(), elsewhere.withAuthorization());
    }

    @Test
    void aBlobRedirectToAHostThatChallengesGetsNeitherTheLoginNorATokenRequest() throws Exception {
        RegistryClient c = client("pull");
        registry.on("/v2/app/blobs/", LyingServer.status(307, Map.of("Location", elsewhere.url("/storage/blob"))));
        elsewhere.on("/storage/", LyingServer.status(401, Map.of("WWW-Authenticate",
                "Bearer realm=\"" + elsewhere.url("/token") + "\",service=\"storage\"")));
        elsewhere.on("/token", LyingServer.body("application/json", "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8)));

        StowageException e = assertThrows(StowageException.class, () -> source(c).blob(BLOB_DESCRIPTOR).close());
        assertEquals(Reason.UNAUTHORIZED, e.reason());
        assertEquals("blob " + BLOB_DESCRIPTOR.digest() + ": unauthorized: http://" + elsewhere.host()
                + " asks for credentials; it is not registry " + registry.host() + ", whose credentials are not sent there",
                e.getMessage());
        assertNothingReachedElsewhere();
        assertTrue(elsewhere.requests.stream().noneMatch(r -> r.contains("/token")), elsewhere.requests.toString());
        assertEquals(1, registry.withAuthorization().size(), "the registry itself had the login: " + registry.requests);
    }

    @Test
    void aManifestRedirectToAnotherPortOfTheSameAddressGoesWithoutAuthorization() throws Exception {
        RegistryClient c = client("pull");
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        registry.on("/v2/app/manifests/", LyingServer.status(307, Map.of("Location", elsewhere.url("/m"))));
        elsewhere.on("/m", LyingServer.body(MediaTypes.OCI_MANIFEST, manifest));
        assertEquals(new String(manifest, StandardCharsets.UTF_8), new String(source(c).resolve().bytes(), StandardCharsets.UTF_8));
        assertNothingReachedElsewhere();
    }

    @Test
    void theLoginGoesToTheRealmTheRegistryNamesButNotWhereTheRealmRedirects() throws Exception {
        registry.on("/v2/", LyingServer.status(401, Map.of("WWW-Authenticate",
                "Bearer realm=\"" + registry.url("/token") + "\",service=\"registry\"")));
        registry.on("/token", LyingServer.status(307, Map.of("Location", elsewhere.url("/token"))));
        elsewhere.on("/token", LyingServer.body("application/json", "{\"token\":\"from-elsewhere\"}".getBytes(StandardCharsets.UTF_8)));
        RegistryClient c = handshaken("pull");
        assertEquals("Bearer from-elsewhere", c.authorization());
        assertNothingReachedElsewhere();
        assertEquals(List.of(LOGIN.basicHeader()), registry.authorizations);
    }

    @Test
    void anUploadLocationOnAnotherHostGetsNoAuthorization() {
        RegistryClient c = client("pull,push");
        registry.on("/v2/app/blobs/uploads/", LyingServer.status(202, Map.of("Location", elsewhere.url("/upload/1"))));
        elsewhere.on("/upload/", LyingServer.status(201, Map.of()));
        new RegistryDestination(c, 1 << 20).put(BLOB_DESCRIPTOR, new ByteArrayInputStream(BLOB));
        assertNothingReachedElsewhere();
        assertTrue(elsewhere.requests.get(0).startsWith("PUT /upload/1?digest="), elsewhere.requests.toString());
        assertEquals(List.of(LOGIN.basicHeader()), registry.authorizations);
    }

    @Test
    void aChunkLocationOnAnotherHostGetsNoAuthorization() {
        RegistryClient c = client("pull,push");
        registry.on("/v2/app/blobs/uploads/", LyingServer.status(202, Map.of("Location", "/v2/app/blobs/uploads/u1")));
        registry.on("/v2/app/blobs/uploads/u1", LyingServer.status(202, Map.of("Location", elsewhere.url("/u2"))));
        elsewhere.on("/u", ex -> LyingServer.send(ex, ex.getRequestMethod().equals("PUT") ? 201 : 202,
                Map.of("Location", elsewhere.url("/u3")), new byte[0]));
        new RegistryDestination(c, 4).put(BLOB_DESCRIPTOR, new ByteArrayInputStream(BLOB));
        assertNothingReachedElsewhere();
        assertEquals(3, elsewhere.requests.size(), elsewhere.requests.toString()); // PATCH, PATCH, PUT
        assertEquals(2, registry.withAuthorization().size(), registry.requests.toString()); // POST, the first PATCH
    }

    @Test
    void aMountAnsweredWithAnUploadElsewhereIsCancelledWithoutAuthorization() {
        RegistryClient c = client("pull,push");
        registry.on("/v2/app/blobs/uploads/?mount=", LyingServer.status(202, Map.of("Location", elsewhere.url("/cancel"))));
        elsewhere.on("/cancel", LyingServer.status(204, Map.of()));
        assertFalse(new RegistryDestination(c, 1 << 20).mount(BLOB_DESCRIPTOR, "other"));
        assertNothingReachedElsewhere();
        assertTrue(elsewhere.requests.get(0).startsWith("DELETE /cancel"), elsewhere.requests.toString());
    }

    @Test
    void aTagPageLinkToAnotherHostIsAskedOfTheRegistry() {
        RegistryClient c = client("pull");
        registry.on("/v2/app/tags/list?n=", ex -> LyingServer.send(ex, 200, Map.of("Content-Type", "application/json",
                "Link", "<" + elsewhere.url("/v2/app/tags/list?last=a&n=1") + ">; rel=\"next\""),
                "{\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8)));
        registry.on("/v2/app/tags/list?last=a", LyingServer.body("application/json", "{\"tags\":[\"b\"]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b"), source(c).tags());
        assertEquals(List.of(), elsewhere.requests);
    }

    @Test
    void originsDifferInScheme() {
        assertTrue(Http.sameOrigin("https://r.example/v2/", "https://R.example:443/x"));
        assertFalse(Http.sameOrigin("https://r.example/v2/", "http://r.example/x"), "a downgrade is another origin");
        assertFalse(Http.sameOrigin("http://127.0.0.1:5000/", "http://127.0.0.1:5001/"));
        assertFalse(Http.sameOrigin("http://127.0.0.1:5000/", "http://localhost:5000/"));
    }
}
