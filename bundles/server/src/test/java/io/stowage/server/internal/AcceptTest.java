package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.MediaTypes;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptTest {
    private static boolean allows(String type, String... headers) {
        return Accept.allows(Collections.enumeration(List.of(headers)), type);
    }

    @Test
    void theTypeItsFamilyAnyOrNoHeader() {
        assertTrue(allows(MediaTypes.OCI_MANIFEST));
        assertTrue(allows(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_MANIFEST + "; q=0.9"));
        assertTrue(allows(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX));
        assertTrue(allows(MediaTypes.OCI_INDEX, "*/*"));
        assertTrue(allows(MediaTypes.OCI_INDEX, "application/*"));
        assertTrue(allows(MediaTypes.OCI_INDEX, ""), "an empty header asks for nothing in particular");
    }

    @Test
    void anotherTypeIsRefused() {
        assertFalse(allows(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST));
        assertFalse(allows(MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST + ", text/html"));
    }
}
