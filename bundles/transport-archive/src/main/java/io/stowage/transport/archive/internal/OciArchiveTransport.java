package io.stowage.transport.archive.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/**
 * Tars of OCI image layouts: {@code oci-archive:<file>[:<ref>]}, read in place. Written as
 * {@link ArchiveWriter} writes, which is an OCI layout's tar and a {@code docker save} archive at once.
 */
@Component(property = Transport.PROPERTY + "=oci-archive")
public final class OciArchiveTransport implements Transport {

    @Override
    public ImageSource open(ImageReference reference) {
        throw new StowageException(Reason.UNSUPPORTED, "oci-archive: opens files, not " + reference);
    }

    @Override
    public ImageSource open(String location) {
        PathAndRef at = PathAndRef.parse(location);
        return new LayoutSource(TarFiles.open(at.path()), at.ref(), true);
    }

    @Override
    public ImageDestination openDestination(String location) {
        return ArchiveWriter.at("oci-archive", location);
    }
}
