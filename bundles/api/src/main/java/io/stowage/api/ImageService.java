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
     *
     * <p>Besides a registry reference (optionally written {@code docker://…}), {@code reference}
     * may name a location in a transport's own syntax, skopeo's: {@code oci:<dir>[:<ref>]},
     * {@code oci-archive:<file>[:<ref>]}, {@code docker-archive:<file>[:<name:tag>|:@<n>]},
     * served by whichever transport is registered with that {@code stowage.transport}. Such an
     * image is named by the names it carries (an archive's {@code RepoTags}, a layout's
     * {@code io.containerd.image.name} or a {@code ref.name} that is a whole reference), and
     * stays unnamed when it carries none; its result's reference is then null.
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

    /**
     * As {@link #tags(String)}; each name the registry lists that is not a valid tag
     * ({@link ImageReference#isTag}) is left out and told to {@code skipped}, one line each, its
     * control characters escaped.
     *
     * @since 0.4
     */
    default List<String> tags(String repository, java.util.function.Consumer<String> skipped) {
        return tags(repository);
    }

    /**
     * What refers to an image at its registry (OCI 1.1 {@code subject}): signatures, SBOMs,
     * attestations. Read from the registry's Referrers API, or, where the registry has none, from
     * the {@code sha256-<hex>} tag of the tag schema; none when neither lists any. With
     * {@code artifactType} (not null), only those of that type.
     *
     * @since 0.4
     */
    default List<Referrer> referrers(String reference, String artifactType) {
        throw new StowageException(StowageException.Reason.UNSUPPORTED, "this image service cannot list referrers");
    }

    /**
     * Loads every image of an archive ({@code docker save}'s format, with or without its OCI
     * layout, or an OCI layout's tar), as {@code docker load} does: each image verified and stored
     * as a pull stores it, and named by the names the archive gives it. A compressed (gzip)
     * archive is read too.
     *
     * @since 0.3
     */
    List<PullResult> load(String file, TransferListener listener);

    /**
     * The partial downloads the store keeps so that a pull cut off can resume: each blob's digest
     * and the bytes kept. {@link #prune} deletes those no pull is writing.
     *
     * @since 0.4
     */
    default List<io.stowage.api.store.BlobInfo> partialDownloads() {
        return List.of();
    }

    /**
     * Writes stored images to one tar that {@code docker load} reads and skopeo reads both as
     * {@code docker-archive:} and as {@code oci-archive:} ({@code manifest.json},
     * {@code repositories}, {@code index.json}, {@code oci-layout}, blobs stored once). The file
     * appears whole or not at all.
     *
     * @since 0.3
     */
    void save(List<String> images, String file);

    /**
     * Sends the stored image {@code image} (a name or an ID) to a location of another transport,
     * {@code oci:<dir>[:<ref>]}: the blobs it lacks, then the manifest under {@code ref}
     * ({@code org.opencontainers.image.ref.name}). The result's reference is the image's name, or
     * null for an unnamed image.
     *
     * @since 0.3
     */
    PushResult push(String image, String destination, TransferListener listener);

    /**
     * Names {@code reference} the manifest a client pushed (the registry server's push), once
     * every blob it names is in the store: checked and named as a pull of it would be (each
     * layer's diff_id, an index's manifest for this host's platform), or, for an OCI manifest with
     * an artifact type, named as {@code artifact:pull} names an artifact. Posts
     * {@link ImageEvents#RECEIVED}.
     *
     * @param reference the whole name to give ({@code 127.0.0.1:5050/app:1},
     *        {@code host/app@sha256:…} for a manifest pushed by digest)
     * @return the digest of {@code manifest}
     * @throws StowageException NOT_FOUND naming a blob the store lacks; INVALID, DIGEST_MISMATCH
     *         or UNSUPPORTED for a manifest that cannot be named; the store is then as it was
     * @since 0.5
     */
    default Digest receive(String reference, String mediaType, byte[] manifest) {
        throw new StowageException(StowageException.Reason.UNSUPPORTED, "this image service cannot receive pushes");
    }

    /**
     * A lease for an operation outside this service that writes blobs before an image names them
     * (the registry server's uploads): what it holds is kept by removals and prunes until it is
     * closed, as a pull's blobs are.
     *
     * @since 0.5
     */
    default io.stowage.api.store.LeaseManager.Lease lease() {
        throw new StowageException(StowageException.Reason.UNSUPPORTED, "this image service has no leases");
    }
}
