package io.stowage.api;

import java.util.Collection;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: whatever holds images (a container runtime) registers one, and the image service
 * asks every registered one before it deletes an image.
 */
@ConsumerType
public interface ImageUsage {
    /** The images held right now. */
    Collection<Usage> usages();
}
