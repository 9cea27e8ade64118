package io.stowage.snapshots.internal;

import io.stowage.api.SpaceUsage;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The bytes the snapshots take, for the disk budget. A component of its own, needing neither the
 * image service nor the store: the image service counts it, and the roots need the image service.
 */
@Component(service = SpaceUsage.class)
public final class SnapshotSpace implements SpaceUsage {
    private final Snapshots snapshots;

    @Activate
    public SnapshotSpace(BundleContext context) {
        this(io.stowage.oci.DataDirectory.of(context, null).resolve("snapshots"));
    }

    SnapshotSpace(Path root) {
        this.snapshots = new Snapshots(root.toAbsolutePath().normalize(), null);
    }

    @Override
    public long bytes() {
        try {
            return snapshots.diskUsage();
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "snapshots in " + snapshots.root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "snapshots in " + snapshots.root();
    }
}
