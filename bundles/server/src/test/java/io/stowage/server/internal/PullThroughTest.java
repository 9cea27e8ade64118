package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which upstream a client's manifest request means, and that only configured upstreams are pulled from. */
class PullThroughTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static PullThrough of(String upstreams) {
        return new PullThrough(() -> null, PullThrough.parse(upstreams));
    }

    @Test
    void containerdsNamespaceTheFirstComponentTheOnlyUpstreamOrDockerHub() {
        PullThrough several = of(" docker.io, ghcr.io ,127.0.0.1:5000,");
        assertEquals("docker.io/library/alpine:3.20", several.reference("library/alpine", "docker.io", "3.20"));
        assertEquals("docker.io/library/alpine:3.20", several.reference("alpine", "registry-1.docker.io", "3.20"));
        assertEquals("127.0.0.1:5000/app@" + DIGEST, several.reference("app", "127.0.0.1:5000", DIGEST));
        assertEquals("ghcr.io/org/app:1", several.reference("ghcr.io/org/app", null, "1"));
        assertEquals("docker.io/library/alpine:latest", several.reference("alpine", null, "latest"), "the first upstream's");
        assertEquals("127.0.0.1:5000/app:1", of("127.0.0.1:5000,docker.io").reference("app", null, "1"), "the first upstream's");
    }

    @Test
    void anUpstreamNotConfiguredOrAReferenceThatIsNoneIsNotPulled() {
        PullThrough hubOnly = of("docker.io");
        assertNull(hubOnly.reference("app", "evil.example", "1"));
        assertNull(hubOnly.reference("app", "127.0.0.1:9", "1"));
        assertNull(of("").reference("app", null, "1"), "none configured");
        assertNull(hubOnly.reference("app", null, "sha256:short"));
        assertNull(hubOnly.reference("app", "docker.io:bad:port", "1"));
    }
}
