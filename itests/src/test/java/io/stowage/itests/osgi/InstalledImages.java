package io.stowage.itests.osgi;

import static org.junit.Assert.assertNotNull;

import io.stowage.api.ImageService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The image service of a Stowage installed while the test runs ({@link DeploymentPackageIT}):
 * a class of its own, loaded only once Stowage's API is there, since the test class is read before.
 * Tracked, so the service the test uses is held, and a reconfiguration's new one followed.
 */
final class InstalledImages implements AutoCloseable {
    private final ServiceTracker<ImageService, ImageService> tracker;

    InstalledImages(BundleContext context) {
        tracker = new ServiceTracker<>(context, ImageService.class, null);
        tracker.open();
    }

    /** Pulls {@code ref}; whether anything was downloaded. */
    boolean pull(String ref) throws Exception {
        return service().pull(ref, null, null).downloaded();
    }

    int count() throws Exception {
        return service().list().size();
    }

    /** The service registered now, waiting up to 30 s for one. */
    private ImageService service() throws InterruptedException {
        ImageService s = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
        assertNotNull("no image service", s);
        return s;
    }

    @Override
    public void close() {
        tracker.close();
    }
}
