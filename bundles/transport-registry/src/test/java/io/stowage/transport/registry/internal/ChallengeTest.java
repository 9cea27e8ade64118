package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void parsesDockerHubsBearerChallenge() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull\"");
        assertTrue(c.isBearer());
        assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:library/alpine:pull"), c.params());
    }

    @Test
    void parsesBasicWithUnquotedRealmAndEscapes() {
        Challenge c = Challenge.parse("basic realm=Registry, charset=\"UTF-8\", x=\"a\\\"b\"");
        assertTrue(c.isBasic());
        assertEquals("Registry", c.params().get("realm"));
        assertEquals("UTF-8", c.params().get("charset"));
        assertEquals("a\"b", c.params().get("x"));
    }

    @Test
    void missingHeaderIsNoChallenge() {
        assertNull(Challenge.parse(null));
        assertNull(Challenge.parse("  "));
    }

    @Test
    void plainHttpOnlyForLoopbackAndInsecureHosts() {
        assertEquals("http", Endpoint.of("127.0.0.1:5000", Set.of()).scheme());
        assertEquals("http", Endpoint.of("localhost:5000", Set.of()).scheme());
        assertEquals("http", Endpoint.of("[::1]:5000", Set.of()).scheme());
        assertEquals("https", Endpoint.of("registry.example.com", Set.of()).scheme());
        assertEquals("http", Endpoint.of("registry.lan:5000", Set.of("registry.lan:5000")).scheme());
        assertFalse(Endpoint.of("registry.lan:5000", Set.of("registry.lan:5000")).mayCarryCredentials());
        assertEquals("https://registry-1.docker.io", Endpoint.of("docker.io", Set.of()).base());
    }
}
