package io.stowage.transport.archive.internal;

import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/**
 * Tars of OCI image layouts: {@code oci-archive:<file>[:<ref>]}, read in place. Written as
 * {@link ArchiveWriter} writes, which is an OCI layout's tar and a {@code docker save} archive at once.
 */
@Component(property = Transport.KIND + "=oci-archive")
public final class OciArchiveTransport implements Transport {

    @Override
    public ImageSource open(Location location) {
        return layout(location);
    }

    @Override
    public ImageArchive openArchive(Location location) {
        return layout(location);
    }

    private static LayoutSource layout(Location location) {
        return new LayoutSource(TarFiles.open(location.path()), location.ref().orElse(null), true);
    }

    @Override
    public ImageDestination openDestination(Location location) {
        return ArchiveWriter.at(location);
    }
}
