package io.stowage.snapshots.internal;

import io.stowage.api.CreateOptions;
import io.stowage.api.Digest;
import io.stowage.api.Image;
import io.stowage.api.ImageService;
import io.stowage.api.SnapshotService;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Containers' root filesystems over the snapshots in {@code <stowage.data>/snapshots}. Where
 * overlayfs can be mounted (root, a kernel with overlay), a prepared directory holds
 * {@code snapshots} (the image's chain IDs, uppermost first), {@code upper/} and {@code work/},
 * and {@code rootfs/} is where the overlay is mounted when the container runs; elsewhere
 * {@code rootfs/} is a copy of the image's files, unpacked layer by layer. Takes the core's
 * configuration for its store, as the unpack service does.
 */
@Component(configurationPid = "io.stowage.core", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class Roots implements SnapshotService {
    private static final String LIST = "snapshots";
    private final Log log = new Log(Roots.class);
    private final ImageService images;
    private final BlobStore store;
    private final Snapshots snapshots;
    private final boolean overlay;

    @Activate
    public Roots(@Reference ImageService images, @Reference(name = "store", target = "(stowage.store=fs)") BlobStore store,
            BundleContext context) {
        this(images, store, io.stowage.oci.DataDirectory.of(context, null).resolve("snapshots"),
                Mounts.overlayAvailable());
    }

    Roots(ImageService images, BlobStore store, Path snapshots, boolean overlay) {
        this.images = images;
        this.store = store;
        this.snapshots = new Snapshots(snapshots.toAbsolutePath().normalize(), store);
        this.overlay = overlay;
        if (!overlay) {
            log.info("containers' root filesystems are copies of their images: overlayfs needs root and a kernel that has it");
        }
    }

    /** The core's configuration changed: only the store's target matters, which DS applies by itself. */
    @Modified
    void modified() {
        // nothing to do
    }

    @Override
    public Path prepare(String image, Path directory, CreateOptions options) {
        ImageLayers layers = ImageLayers.of(images, store, image);
        boolean created = Unpacker.prepare(directory);
        Path rootfs = directory.resolve("rootfs");
        boolean done = false;
        try {
            Files.createDirectory(rootfs);
            if (overlay) {
                snapshots.ensure(layers);
                Files.createDirectory(directory.resolve("upper"));
                Files.createDirectory(directory.resolve("work"));
                List<String> names = new ArrayList<>();
                layers.chainIds().forEach(c -> names.add(0, c.toString()));
                io.stowage.oci.AtomicFiles.write(directory.resolve(LIST), (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
                mount(directory); // the user's name is looked up in the image's files
                try {
                    config(layers, rootfs, options);
                } finally {
                    unmount(directory);
                }
            } else {
                boolean privileged = LayerApplier.runningAsRoot();
                for (int i = 0; i < layers.layers().size(); i++) {
                    layers.apply(store, i, new LayerApplier(rootfs, layers.layers().get(i).digest().toString(), privileged));
                }
                config(layers, rootfs, options);
            }
            done = true;
            return rootfs;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "root filesystem of " + image + " in " + directory + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    Mounts.unmount(rootfs);
                } catch (IOException e) {
                    log.warn("could not unmount {}: {}", rootfs, e.toString());
                }
                Unpacker.clean(directory, created, log);
            }
        }
    }

    private static void config(ImageLayers layers, Path rootfs, CreateOptions options) throws IOException {
        io.stowage.oci.AtomicFiles.write(rootfs.resolveSibling("config.json"), RuntimeSpec.of(layers.image().config().config(), rootfs, options));
    }

    @Override
    public Path mount(Path directory) {
        Path rootfs = directory.resolve("rootfs");
        Path list = directory.resolve(LIST);
        try {
            if (!Files.isRegularFile(list) || Mounts.mounted(rootfs)) {
                return rootfs;
            }
            List<String> lowers = new ArrayList<>();
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                Digest chain = Digest.parse(line.strip());
                if (!Files.isDirectory(snapshots.fs(chain))) {
                    throw new StowageException(Reason.NOT_FOUND, "root filesystem in " + directory + ": snapshot " + chain
                            + " is gone; remove the container and create it again");
                }
                lowers.add(Snapshots.relative(chain));
            }
            Mounts.overlay(snapshots.root(), lowers, directory.resolve("upper"), directory.resolve("work"), rootfs);
            return rootfs;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "cannot mount the root filesystem in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void unmount(Path directory) {
        try {
            Mounts.unmount(directory.resolve("rootfs"));
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "cannot unmount the root filesystem in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(Path directory) {
        unmount(directory);
        try {
            LayerApplier.remove(directory);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "cannot delete " + directory + ": " + e.getMessage(), e);
        }
        prune();
    }

    @Override
    public int prune() {
        Set<Digest> live = new HashSet<>();
        for (Image image : images.list()) {
            if (image.config() != null) {
                live.addAll(ImageLayers.chainIds(image.config().diffIds()));
            }
        }
        try {
            return snapshots.prune(live);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "snapshots in " + snapshots.root() + ": " + e.getMessage(), e);
        }
    }
}
