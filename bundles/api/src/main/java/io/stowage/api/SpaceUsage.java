package io.stowage.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: what keeps bytes on disk for the stored images besides the store itself (the
 * snapshots of unpacked layers) registers one, and the disk budget counts them with the store's.
 *
 * @since 0.8
 */
@ConsumerType
public interface SpaceUsage {
    /** The bytes it keeps now. */
    long bytes();
}
