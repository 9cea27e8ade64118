package io.stowage.transport.archive.internal;

import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/** OCI image layout directories: {@code oci:<dir>[:<ref>]}, read and written. */
@Component(property = Transport.KIND + "=oci")
public final class OciTransport implements Transport {

    @Override
    public ImageSource open(Location location) {
        return layout(location);
    }

    @Override
    public ImageArchive openArchive(Location location) {
        return layout(location);
    }

    private static LayoutSource layout(Location location) {
        return new LayoutSource(new DirectoryFiles(location.path()), location.ref().orElse(null), true);
    }

    @Override
    public ImageDestination openDestination(Location location) {
        return new LayoutDestination(location.path(), location.ref().orElse(null));
    }
}
