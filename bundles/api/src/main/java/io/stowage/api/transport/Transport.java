package io.stowage.api.transport;

import io.stowage.api.ImageReference;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Opens image sources of one kind. Registered with {@link #PROPERTY} naming the kind
 * ({@code docker} for OCI Distribution registries).
 */
@ConsumerType
public interface Transport {
    /** Service property naming the kind of source. */
    String PROPERTY = "stowage.transport";

    ImageSource open(ImageReference reference);

    /**
     * Opens the reference's location for writing. Transports that cannot push refuse (UNSUPPORTED).
     *
     * @since 0.2
     */
    default ImageDestination openDestination(ImageReference reference) {
        throw new io.stowage.api.StowageException(io.stowage.api.StowageException.Reason.UNSUPPORTED,
                "this transport cannot push to " + reference);
    }

    /**
     * Opens a location written in this transport's own syntax, what follows {@code kind:}
     * ({@code /srv/images/app.tar:app:1.0}). Registry transports take references instead and
     * refuse (UNSUPPORTED).
     *
     * @since 0.3
     */
    default ImageSource open(String location) {
        throw new io.stowage.api.StowageException(io.stowage.api.StowageException.Reason.UNSUPPORTED,
                "this transport opens references, not " + location);
    }

    /**
     * Opens a location in this transport's own syntax for writing; transports that cannot write
     * there refuse (UNSUPPORTED).
     *
     * @since 0.3
     */
    default ImageDestination openDestination(String location) {
        throw new io.stowage.api.StowageException(io.stowage.api.StowageException.Reason.UNSUPPORTED,
                "this transport cannot write to " + location);
    }
}
