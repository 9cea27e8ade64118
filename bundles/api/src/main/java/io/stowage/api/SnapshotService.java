package io.stowage.api;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Root filesystems for containers, made of layer snapshots: each layer of a stored image unpacked
 * once into a directory of its own, named by its chain ID and shared by every image that has it,
 * as containerd's overlay snapshotter keeps them. A snapshot is complete or absent; it goes when
 * no stored image has its layer any more.
 *
 * @since 0.5
 */
@ProviderType
public interface SnapshotService {

    /**
     * Prepares an OCI runtime bundle for a container of {@code image} in {@code directory}: the
     * root filesystem, the image's snapshots (those missing are made now, each checked against
     * its diff_id) to be mounted as an overlay under the container's own writable layer, or,
     * where overlayfs cannot be mounted, a copy of the image's files in {@code directory/rootfs};
     * beside it {@code config.json}, the process from the image's configuration and
     * {@code options}, with runc's default namespaces, mounts and capabilities.
     *
     * @param directory a new or empty directory; its {@code rootfs} is the root filesystem
     * @return the root filesystem, {@code directory/rootfs}, which {@link #mount} readies
     * @throws StowageException NOT_FOUND for an unknown image; INVALID for a layer that is not
     *         what the config says or would write outside its snapshot, and for an option that
     *         cannot be used; then nothing is kept
     */
    Path prepare(String image, Path directory, CreateOptions options);

    /** Mounts the root filesystem {@link #prepare} made in {@code directory}, unless it is mounted or a copy; returns it. */
    Path mount(Path directory);

    /** Unmounts the root filesystem in {@code directory} when it is mounted. */
    void unmount(Path directory);

    /** Unmounts and deletes what {@link #prepare} made in {@code directory}, the writable layer too, then {@link #prune}s. */
    void release(Path directory);

    /** Deletes the snapshots of layers that no stored image has any more; returns how many. */
    int prune();
}
