package io.stowage.transport.archive.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/**
 * {@code docker save} archives: {@code docker-archive:<file>[:<name:tag>|:@<n>]}, plain or gzip.
 * An archive without {@code manifest.json} but with an OCI layout (an {@code oci-archive}) is read
 * as that, as {@code docker load} reads it. Written by {@link ArchiveWriter}.
 */
@Component(property = Transport.PROPERTY + "=docker-archive")
public final class DockerArchiveTransport implements Transport {

    @Override
    public ImageSource open(ImageReference reference) {
        throw new StowageException(Reason.UNSUPPORTED, "docker-archive: opens files, not " + reference);
    }

    @Override
    public ImageSource open(String location) {
        PathAndRef at = PathAndRef.parse(location);
        TarFiles files = TarFiles.open(at.path());
        if (files.exists("manifest.json")) {
            return new DockerArchiveSource(files, at.ref(), true);
        }
        if (files.exists("index.json")) {
            return new LayoutSource(files, at.ref(), true);
        }
        files.close();
        throw new StowageException(Reason.INVALID, files.describe() + ": neither manifest.json nor index.json; not an image archive");
    }

    @Override
    public ImageDestination openDestination(String location) {
        return ArchiveWriter.at("docker-archive", location);
    }
}
