package io.stowage.transport.archive.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageArchive;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/**
 * {@code docker save} archives: {@code docker-archive:<file>[:<name:tag>|:@<n>]}, plain or gzip.
 * An archive without {@code manifest.json} but with an OCI layout (an {@code oci-archive}) is read
 * as that, as {@code docker load} reads it. Written by {@link ArchiveWriter}.
 */
@Component(property = Transport.KIND + "=docker-archive")
public final class DockerArchiveTransport implements Transport {

    @Override
    public ImageSource open(Location location) {
        return archive(location);
    }

    @Override
    public ImageArchive openArchive(Location location) {
        return archive(location);
    }

    private static ArchiveSource archive(Location location) {
        String ref = location.ref().orElse(null);
        TarFiles files = TarFiles.open(location.path());
        if (files.exists("manifest.json")) {
            return new DockerArchiveSource(files, ref, true);
        }
        if (files.exists("index.json")) {
            return new LayoutSource(files, ref, true);
        }
        files.close();
        throw new StowageException(Reason.INVALID, files.describe() + ": neither manifest.json nor index.json; not an image archive");
    }

    @Override
    public ImageDestination openDestination(Location location) {
        return ArchiveWriter.at(location);
    }
}
