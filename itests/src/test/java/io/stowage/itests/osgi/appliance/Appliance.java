package io.stowage.itests.osgi.appliance;

import io.stowage.api.ImageService;
import io.stowage.api.PullResult;
import java.util.concurrent.CompletableFuture;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An appliance as the embedding guide tells one to be written: when the image service arrives it
 * pulls the image it needs, off the thread that activates it (the framework's start thread must
 * not wait on bundles it has yet to start). Its outcome goes to the system property
 * {@value #RESULT}: {@code pulled <digest>} or {@code failed: <message>}.
 */
public final class Appliance implements BundleActivator {
    public static final String RESULT = "stowage.it.appliance.result";
    public static final String IMAGE = "stowage.it.appliance.image";

    private ServiceTracker<ImageService, ImageService> tracker;

    @Override
    public void start(BundleContext context) {
        String image = context.getProperty(IMAGE);
        tracker = new ServiceTracker<>(context, ImageService.class, null) {
            @Override
            public ImageService addingService(ServiceReference<ImageService> reference) {
                ImageService images = super.addingService(reference);
                CompletableFuture.runAsync(() -> {
                    try {
                        PullResult r = images.pull(image, null, null);
                        System.setProperty(RESULT, "pulled " + r.digest());
                    } catch (RuntimeException e) {
                        System.setProperty(RESULT, "failed: " + e.getMessage());
                    }
                });
                return images;
            }
        };
        tracker.open();
    }

    @Override
    public void stop(BundleContext context) {
        tracker.close();
    }
}
