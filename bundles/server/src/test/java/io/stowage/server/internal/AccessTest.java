package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokens Stowage's issuer signs: each opens what it names, and nothing changed or foreign opens anything. */
class AccessTest {
    private final Access pushing = new Access(Access.Mode.TOKEN, null, true, "127.0.0.1:5050");
    private final long now = System.currentTimeMillis() / 1000;

    @Test
    void aTokenGrantsItsRepositoryAndActionsOnly() {
        String t = pushing.issue("u", List.of("repository:app:pull,push", "repository:lib/x:pull"), now);
        assertTrue(pushing.grants(t, "repository:app:pull"));
        assertTrue(pushing.grants(t, "repository:app:pull,push"));
        assertTrue(pushing.grants(t, "repository:lib/x:pull"));
        assertFalse(pushing.grants(t, "repository:lib/x:pull,push"));
        assertFalse(pushing.grants(t, "repository:other:pull"));
        assertFalse(pushing.grants(t, "registry:catalog:*"));
        assertTrue(pushing.grants(t, null), "/v2/ itself needs a valid token, no scope");
    }

    @Test
    void aReadOnlyServerGrantsNoPushAndUnknownScopesNothing() {
        Access readOnly = new Access(Access.Mode.TOKEN, null, false, "h");
        String t = readOnly.issue("u", List.of("repository:app:pull,push,delete", "repository:App:pull", "repository:../x:pull",
                "registry:catalog:*"), now);
        assertTrue(readOnly.grants(t, "repository:app:pull"));
        assertFalse(readOnly.grants(t, "repository:app:pull,push"));
        assertTrue(readOnly.grants(t, "registry:catalog:*"));
        assertFalse(readOnly.grants(t, "repository:App:pull"));
    }

    @Test
    void changedExpiredOrForeignTokensOpenNothing() {
        String t = pushing.issue("u", List.of("repository:app:pull"), now);
        String[] parts = t.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("\"app\"", "\"other\"")
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
        assertFalse(pushing.grants(widened, "repository:other:pull"));
        assertFalse(pushing.grants(pushing.issue("u", List.of("repository:app:pull"), now - Access.TOKEN_SECONDS - 1), "repository:app:pull"),
                "expired");
        Access another = new Access(Access.Mode.TOKEN, null, true, "h"); // another server start: another key
        assertFalse(another.grants(t, "repository:app:pull"));
        for (String junk : new String[] {"", ".", "x.y", "a.b.c", t + "x", "%%%." + parts[1], "." + parts[1]}) {
            assertFalse(pushing.grants(junk, "repository:app:pull"), junk);
        }
    }
}
