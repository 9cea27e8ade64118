package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import java.util.Dictionary;
import javax.inject.Inject;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Stores and transports swapped while the framework runs: by configuration, and by stopping
 * and starting their bundles. Pulls go to the real registry of the end-to-end fixture.
 */
public class SwapIT extends RuntimeTest {
    @Inject
    private ConfigurationAdmin cm;

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
            assertTrue(e.getMessage(), e.getMessage().endsWith(": no transport for docker"));
        } finally {
            transport.start();
        }
        // a pull that finds no transport changes nothing, so it may simply be tried again
        assertTrue(eventually(() -> images.pull(app(), null, null)).image() != null);
    }

    /** Selects a store in Configuration Admin, as an operator editing etc/io.stowage.core.cfg would. */
    private void select(String kind) throws Exception {
        org.osgi.service.cm.Configuration c = cm.getConfiguration("io.stowage.core", null);
        Dictionary<String, Object> props = c.getProperties();
        props.put("store.target", "(stowage.store=" + kind + ")");
        c.update(props);
        awaitServing(kind);
    }

    /**
     * Waits until the image service has swapped to the store of this kind: the core bundle uses
     * that store's service and no other store's. (A greedy rebind binds the new service before it
     * releases the old; SCR's DTOs show the new target a moment before the bind.)
     */
    private void awaitServing(String kind) throws Exception {
        Bundle core = bundle("stowage-core");
        eventually(() -> {
            for (ServiceReference<BlobStore> ref : context.getServiceReferences(BlobStore.class, null)) {
                boolean wanted = kind.equals(ref.getProperty(BlobStore.PROPERTY));
                Bundle[] users = ref.getUsingBundles();
                boolean used = users != null && java.util.Arrays.asList(users).contains(core);
                if (wanted != used) {
                    throw new AssertionError("core " + (used ? "still uses " : "does not use yet ")
                            + ref.getProperty(BlobStore.PROPERTY));
                }
            }
            return null;
        });
    }

    private long serviceId() {
        return (Long) context.getServiceReference(ImageService.class).getProperty("service.id");
    }

    private BlobStore store(String kind) throws Exception {
        ServiceReference<BlobStore> ref = context.getServiceReferences(BlobStore.class, "(stowage.store=" + kind + ")")
                .iterator().next();
        return context.getService(ref);
    }

    private static boolean named(BlobStore store, String name) {
        return store.refs().stream().anyMatch(d -> name.equals(d.annotation(Descriptor.REF_NAME)));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
