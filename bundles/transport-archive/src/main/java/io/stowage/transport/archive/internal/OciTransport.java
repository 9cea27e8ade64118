package io.stowage.transport.archive.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/** OCI image layout directories: {@code oci:<dir>[:<ref>]}, read and written. */
@Component(property = Transport.PROPERTY + "=oci")
public final class OciTransport implements Transport {

    @Override
    public ImageSource open(ImageReference reference) {
        throw new StowageException(Reason.UNSUPPORTED, "oci: opens directories, not " + reference);
    }

    @Override
    public ImageSource open(String location) {
        PathAndRef at = PathAndRef.parse(location);
        return new LayoutSource(new DirectoryFiles(at.path()), at.ref(), true);
    }

    @Override
    public ImageDestination openDestination(String location) {
        PathAndRef at = PathAndRef.parse(location);
        return new LayoutDestination(at.path(), at.ref());
    }
}
