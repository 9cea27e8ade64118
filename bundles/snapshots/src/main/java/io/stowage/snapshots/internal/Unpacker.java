package io.stowage.snapshots.internal;

import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.UnpackService;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * The unpack service. It takes the core's configuration (PID {@code io.stowage.core}) so that its
 * store is the one the core's {@code store.target} selects, and reads the image through the image
 * service and the store: the manifest's layers, each inflated, checked against its diff_id as it
 * is applied ({@link LayerApplier}), in order, onto one root filesystem; then the runtime
 * configuration beside it ({@link RuntimeSpec}), a bundle that runc runs.
 */
@Component(configurationPid = "io.stowage.core", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class Unpacker implements UnpackService {

    private final Log log = new Log(Unpacker.class);
    private final ImageService images;
    private final BlobStore store;

    @Activate
    public Unpacker(@Reference ImageService images, @Reference(name = "store", target = "(stowage.store=fs)") BlobStore store) {
        this.images = images;
        this.store = store;
    }

    /**
     * The core's configuration changed: nothing here depends on it but the store's target, which
     * DS applies by itself. Without this, every change would restart the component, and with it
     * the commands that use it (Karaf's console then unregistered and registered them again).
     */
    @Modified
    void modified() {
        // nothing to do
    }

    @Override
    public Path unpack(String image, Path directory) {
        ImageLayers layers = ImageLayers.of(images, store, image);
        boolean created = prepare(directory);
        Path rootfs = directory.resolve("rootfs");
        boolean done = false;
        long start = System.nanoTime();
        try {
            Files.createDirectory(rootfs);
            boolean privileged = LayerApplier.runningAsRoot();
            for (int i = 0; i < layers.layers().size(); i++) {
                layers.apply(store, i, new LayerApplier(rootfs, layers.layers().get(i).digest().toString(), privileged));
            }
            io.stowage.oci.AtomicFiles.write(directory.resolve("config.json"), RuntimeSpec.of(layers.image().config().config(), rootfs));
            done = true;
            log.info("unpacked {} ({} layers) into {} in {} s", image, layers.layers().size(), rootfs,
                    String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9));
            return rootfs;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "unpack " + image + " into " + directory + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                clean(directory, created, log);
            }
        }
    }

    /** Makes {@code directory} if it is not there; refuses one that holds anything. Returns whether it made it. */
    static boolean prepare(Path directory) {
        try {
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> in = Files.list(directory)) {
                    if (in.findAny().isPresent()) {
                        throw new StowageException(Reason.INVALID, "directory " + directory + " is not empty; unpack writes to a new one");
                    }
                }
                return false;
            }
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw new StowageException(Reason.INVALID, directory + " is not a directory");
            }
            Files.createDirectories(directory);
            return true;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "cannot make " + directory + ": " + e.getMessage(), e);
        }
    }

    /** After a failure: what the unpack wrote goes, and the directory too when the unpack made it. */
    static void clean(Path directory, boolean created, Log log) {
        try {
            if (created) {
                LayerApplier.remove(directory);
            } else {
                LayerApplier.remove(directory.resolve("rootfs"));
            }
        } catch (IOException e) {
            log.warn("unpack: could not clean {} after a failure: {}", directory, e.toString());
        }
    }
}
