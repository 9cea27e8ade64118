package io.stowage.api;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * OCI artifacts kept beside the images, as ORAS pulls them: fetched and verified as an image's
 * blobs are, held against removal while a pull needs them, never seen or changed by the image
 * operations (listing, removal, prune, {@code store:verify --repair}), and written out as files
 * by their {@code org.opencontainers.image.title} annotations.
 *
 * @since 0.4
 */
@ProviderType
public interface ArtifactService {
    /**
     * Fetches the artifact {@code reference} names (a manifest that is not a container image's)
     * into the store, every blob's digest and size checked, and names it; an artifact of the same
     * name is replaced.
     *
     * @throws StowageException UNSUPPORTED for an image or an index; nothing is kept then
     */
    Artifact pull(String reference);

    /** Every artifact in the store, by name. */
    List<Artifact> artifacts();

    /**
     * Removes the named artifact and the blobs nothing else needs; returns those deleted.
     *
     * @throws StowageException NOT_FOUND when no artifact has that name
     */
    List<Digest> remove(String reference);

    /**
     * Writes the named artifact's files into {@code directory} (created if missing): each layer
     * whose {@code org.opencontainers.image.title} is a plain file name, as that file, whole or
     * not at all. Returns the files written; layers without a title are left out, and a title
     * that is a path, or a target that exists and is not a regular file, fails the export naming it.
     */
    List<Path> export(String reference, Path directory);
}
