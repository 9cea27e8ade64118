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
}
