package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LocationTest {
    @Test
    void aKnownOrBoundKindBeforeTheFirstColonIsALocation() {
        assertEquals(new Location("oci", "/srv/layout:app:1.0"), Location.of("oci:/srv/layout:app:1.0", Set.of()));
        assertEquals(new Location("docker-archive", "app.tar"), Location.of("docker-archive:app.tar", Set.of("docker")));
        assertEquals(new Location("dir", "/x"), Location.of("dir:/x", Set.of("dir")));
        assertEquals("oci-archive:/a.tar:x", Location.of("oci-archive:/a.tar:x", Set.of()).toString());
    }

    @Test
    void registryReferencesAreNotLocations() {
        for (String ref : new String[] {"alpine", "alpine:3.19", "localhost:5000/app", "docker://alpine", "docker:latest",
                "dir:/x", "host.example:443/oci:1", ":x"}) {
            assertNull(Location.of(ref, Set.of("docker")), ref);
        }
    }
}
