package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * Stores and transports swapped while the framework runs: by configuration, and by stopping
 * and starting their bundles. Pulls go to the real registry of the end-to-end fixture.
 */
public class SwapIT extends RuntimeTest {
    @Test
    public void storeSwapsByConfigurationWithoutRestartingAnything() throws Exception {
        select("memory");
        long serviceId = serviceId();
        Bundle core = bundle("stowage-core");
        long coreModified = core.getLastModified();

        images.pull(other(), null, null);
        assertTrue(named(store("memory"), other()));
        assertFalse(named(store("fs"), other()));

        select("fs");
        assertFalse(images.list().stream().anyMatch(i -> i.repoTags().toString().contains(other())));
        images.pull(other(), null, null);
        assertTrue(named(store("fs"), other()));

        select("memory");
        assertTrue(images.list().stream().anyMatch(i -> i.repoTags().toString().contains(other())));
        assertTrue(named(store("memory"), other()));
        assertEquals(serviceId, serviceId());
        assertEquals(Bundle.ACTIVE, core.getState());
        assertEquals(coreModified, core.getLastModified());
    }

    @Test
    public void stoppingTheStoreBundleFailsClearlyAndStartingItRestoresTheData() throws Exception {
        select("fs");
        images.pull(app(), null, null);
        Bundle fs = bundle("stowage-store-fs");
        fs.stop();
        try {
            StowageException e = assertThrows(StowageException.class, () -> images.list());
            assertEquals("no image store available", e.getMessage());
            StowageException pull = assertThrows(StowageException.class, () -> images.pull(app(), null, null));
            assertTrue(pull.getMessage(), pull.getMessage().endsWith(": no image store available"));
        } finally {
            fs.start();
        }
        awaitServing("fs");
        assertTrue(images.list().stream().anyMatch(i -> i.repoTags().toString().contains(app())));
    }

    @Test
    public void stoppingTheTransportBundleFailsPullsClearlyUntilItReturns() throws Exception {
        select("memory");
        Bundle transport = bundle("stowage-transport-registry");
        transport.stop();
        try {
            StowageException e = assertThrows(StowageException.class, () -> images.pull(app(), null, null));
            assertTrue(e.getMessage(), e.getMessage().endsWith(": no transport for docker (waited 5 s; deploy the bundle that provides it)"));
        } finally {
            transport.start();
        }
        // a pull that finds no transport changes nothing, so it may simply be tried again
        assertTrue(eventually(() -> images.pull(app(), null, null)).image() != null);
    }

    private long serviceId() {
        return (Long) context.getServiceReference(ImageService.class).getProperty("service.id");
    }

}
