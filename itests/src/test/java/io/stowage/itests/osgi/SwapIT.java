package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.stowage.api.Descriptor;
import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.Transport;
import io.stowage.itests.Fixture;
import java.util.Dictionary;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;

/**
 * Stores and transports swapped while the framework runs: by configuration, and by stopping
 * and starting their bundles. Pulls go to the real registry of the end-to-end fixture.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwapIT {
    private static final String CORE = "io.stowage.core.internal.ImageServiceImpl";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin cm;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ImageService images;

    @Configuration
    public Option[] config() {
        Fixture f = Fixture.get();
        return new Option[] {Runtime.options(), systemProperty("stowage.it.app").value(f.ref("app:latest")),
            systemProperty("stowage.it.other").value(f.ref("other:latest"))};
    }

    private static String app() {
        return System.getProperty("stowage.it.app");
    }

    /** Pulled by the swap test only. */
    private static String other() {
        return System.getProperty("stowage.it.other");
    }

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
        awaitBound("fs");
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
        long deadline = System.currentTimeMillis() + 10_000;
        while (context.getServiceReferences(Transport.class, "(stowage.transport=docker)").isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(images.pull(app(), null, null).image() != null);
    }

    /** Selects a store in Configuration Admin, as an operator editing etc/io.stowage.core.cfg would. */
    private void select(String kind) throws Exception {
        org.osgi.service.cm.Configuration c = cm.getConfiguration("io.stowage.core", null);
        Dictionary<String, Object> props = c.getProperties();
        props.put("store.target", "(stowage.store=" + kind + ")");
        c.update(props);
        awaitBound(kind);
    }

    /** Waits until the image service is bound to the store of this kind. */
    private void awaitBound(String kind) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!kind.equals(boundStore())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("image service not bound to the " + kind + " store; bound: " + boundStore());
            }
            Thread.sleep(20);
        }
    }

    private String boundStore() {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals(CORE)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    for (SatisfiedReferenceDTO r : c.satisfiedReferences) {
                        if (r.name.equals("store") && r.boundServices.length == 1) {
                            return String.valueOf(r.boundServices[0].properties.get(BlobStore.PROPERTY));
                        }
                    }
                }
            }
        }
        return null;
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
