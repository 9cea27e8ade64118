package io.stowage.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Pulls, lists, inspects, tags and removes images, with Docker's semantics. Arguments naming an
 * image accept a reference ({@code alpine}, {@code host:5000/app:v1}, {@code app@sha256:…}), a
 * full image ID ({@code sha256:…}) or a unique prefix of one.
 *
 * <p>Every failure is a {@link StowageException} whose message names the reference, digest or
 * file; a failed operation leaves the store as it was.
 */
@ProviderType
public interface ImageService {

    /**
     * Pulls an image: resolves the reference, chooses {@code platform} from an index (the host's
     * when {@code null}), verifies and stores every blob, then names the image. Blobs already
     * stored are not fetched again.
     */
    PullResult pull(String reference, Platform platform, TransferListener listener);

    /** Every stored image, most recently tagged first. */
    List<Image> list();

    /** One image, by reference or ID. */
    Image inspect(String nameOrId);

    /** Names the image {@code source} also {@code target}; returns the normalised target. */
    ImageReference tag(String source, String target);

    /**
     * Untags, and deletes the image and the blobs no other image uses when its last name goes.
     * Refused (CONFLICT) while an {@link ImageUsage} holds the image, unless {@code force}, which
     * untags but still never deletes held content; refused for an ID that names several
     * repositories unless {@code force}.
     */
    Removal remove(String nameOrId, boolean force);

    /**
     * As {@link #remove(String, boolean)}; with {@code prune} false ({@code --no-prune}) the
     * image's blobs are not deleted with it, and stay until a prune.
     *
     * @since 0.2
     */
    Removal remove(String nameOrId, boolean force, boolean prune);

    /**
     * Re-hashes every blob, checks that every named image is complete, and finds orphans. With
     * {@code repair}, corrupt blobs are quarantined and orphans deleted; an image left
     * incomplete must be pulled again.
     *
     * @since 0.1
     */
    StoreReport verify(boolean repair);

    /**
     * Deletes dangling images (with {@code all}, every image no container holds), created
     * longer ago than {@code until} when not null, then every blob nothing names.
     *
     * @since 0.2
     */
    PruneResult prune(boolean all, java.time.Duration until);

    /**
     * The uncompressed size of each of the image's layers, in manifest order (recorded at pull;
     * measured for images pulled before that was recorded).
     *
     * @since 0.2
     */
    List<Long> layerSizes(String nameOrId);

    /**
     * Sends a stored image to the registry its name ({@code host:5000/app:1.0}) names: the blobs
     * the registry lacks (mounted from another repository of the same registry when the image
     * has a name there), then the manifest under the tag.
     *
     * @throws StowageException NOT_FOUND when no image has that name
     * @since 0.2
     */
    PushResult push(String reference, TransferListener listener);

    /**
     * Reads an image from its registry without pulling it: root document, the platform's
     * manifest ({@code null}: this machine's), configuration and the repository's tags.
     *
     * @since 0.2
     */
    RemoteImage inspectRemote(String reference, Platform platform);

    /**
     * The tags of a repository ({@code host:5000/app}, {@code alpine}) at its registry, every page.
     *
     * @since 0.2
     */
    List<String> tags(String repository);
}
