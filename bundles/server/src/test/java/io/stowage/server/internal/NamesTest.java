package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a client's repository path finds a stored name. */
class NamesTest {
    private static Descriptor named(String ref) {
        return new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(ref.getBytes()), 10, null, Map.of(Descriptor.REF_NAME, ref));
    }

    private final Names names = new Names(List.of(named("docker.io/library/alpine:3.20"), named("127.0.0.1:5000/app:1.0"),
            named("127.0.0.1:5000/app:1.1"), named("ghcr.io/acme/app:2"), named("10.0.0.1:5000/shared:1"),
            named("10.0.0.2:5000/shared:1"), named("not a reference"),
            new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(new byte[1]), 1)));

    @Test
    void aPathIsDockerHubsThenTheOneRegistryThatHasIt() {
        assertEquals(Optional.of("docker.io/library/alpine"), names.repository("alpine", null));
        assertEquals(Optional.of("docker.io/library/alpine"), names.repository("library/alpine", null));
        assertEquals(Optional.of("ghcr.io/acme/app"), names.repository("ghcr.io/acme/app", null));
        assertEquals(Optional.of("ghcr.io/acme/app"), names.repository("acme/app", null));
        assertEquals(Optional.of("127.0.0.1:5000/app"), names.repository("app", null));
        assertEquals(Optional.empty(), names.repository("shared", null), "two registries have it: neither is guessed");
        assertEquals(Optional.empty(), names.repository("pp", null), "a suffix of a path is not the path");
    }

    @Test
    void containerdsNamespaceSaysWhichRegistry() {
        assertEquals(Optional.of("docker.io/library/alpine"), names.repository("library/alpine", "docker.io"));
        assertEquals(Optional.of("docker.io/library/alpine"), names.repository("alpine", "registry-1.docker.io"));
        assertEquals(Optional.of("10.0.0.2:5000/shared"), names.repository("shared", "10.0.0.2:5000"));
        assertEquals(Optional.empty(), names.repository("app", "docker.io"));
    }

    @Test
    void tagsAndTheCatalogAreWhatClientsAskFor() {
        assertEquals(List.of("1.0", "1.1"), List.copyOf(names.tags("127.0.0.1:5000/app")));
        assertTrue(names.tagged("127.0.0.1:5000/app", "1.1").isPresent());
        assertFalse(names.tagged("127.0.0.1:5000/app", "2").isPresent());
        assertEquals(List.of("app", "ghcr.io/acme/app", "library/alpine", "shared"), List.copyOf(names.catalog()));
    }

    @Test
    void theNameGrammarHoldsOutTraversalAndCase() {
        assertTrue(Names.isName("library/alpine"));
        assertTrue(Names.isName("a.b_c__d-e/f"));
        for (String bad : List.of("App", "../etc", "a//b", "a/", "/a", "a..b", "a:b", "a" + "/b".repeat(200))) {
            assertFalse(Names.isName(bad), bad);
        }
    }
}
