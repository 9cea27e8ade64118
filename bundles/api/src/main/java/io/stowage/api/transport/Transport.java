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
}
