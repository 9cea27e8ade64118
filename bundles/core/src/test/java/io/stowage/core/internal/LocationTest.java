package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which texts the core reads as {@code kind:<location>}: from the kinds bound, and from what cannot be a reference. */
class LocationTest {
    private final Transports transports = new Transports();

    LocationTest() {
        transports.add(ref -> null, Map.of(Transport.KIND, "docker", Transport.SYNTAX, Transport.REFERENCES));
        transports.add(ref -> null, Map.of(Transport.KIND, new String[] {"dir", "docker-archive"}));
    }

    @Test
    void aBoundKindBeforeTheFirstColonIsALocation() {
        assertEquals(new Location("docker-archive", "app.tar"), transports.locate("docker-archive:app.tar"));
        assertEquals(new Location("dir", "/x"), transports.locate("dir:/x"));
    }

    @Test
    void anUnboundKindIsALocationWhenAnAbsolutePathFollows() {
        assertEquals(new Location("oci", "/srv/layout:app:1.0"), transports.locate("oci:/srv/layout:app:1.0"));
        assertEquals("oci-archive:/a.tar:x", transports.locate("oci-archive:/a.tar:x").toString());
    }

    @Test
    void registryReferencesAreNotLocations() {
        for (String ref : new String[] {"alpine", "alpine:3.19", "localhost:5000/app", "docker://alpine", "docker:latest",
                "host.example:443/oci:1", ":x", "oci:1.0", "Web:/x",
                "x:-tag", "host:port/app", "sha256:../../etc", "oci-archive:app.tar"}) {
            assertNull(transports.locate(ref), ref);
        }
    }
}
