package io.stowage.api;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The image sets an appliance declares, one factory configuration each (PID
 * {@code io.stowage.imageset}: {@code etc/io.stowage.imageset-<name>.cfg}), which the running
 * instance keeps present: missing images pulled, moved tags followed, failures tried again.
 *
 * @since 0.7
 */
@ProviderType
public interface ImageSets {
    /** Every image of every set, by set name, then in the order the set lists them. */
    List<ImageSetEntry> entries();

    /**
     * The digests the sets hold on to: each present image's root digest, and each digest an
     * image is pinned to. Pruning and eviction leave images of these digests alone.
     */
    Set<Digest> pinned();
}
