package io.stowage.api;

/**
 * The OSGi Event Admin topics the image service posts to, when Event Admin is present, and
 * their properties. Subscribe to {@code io/stowage/image/*} for all of them.
 *
 * @since 0.1
 */
public final class ImageEvents {
    /**
     * An image was pulled (downloaded, or found up to date); from a location whose image carries
     * several names, one event per name.
     */
    public static final String PULLED = "io/stowage/image/PULLED";
    /**
     * An image and its unshared blobs were deleted. This and {@link #UNTAGGED} are sent
     * synchronously (since 0.5): a handler has seen the event when the removal returns, so it
     * should be quick, handing longer work to a thread of its own.
     */
    public static final String REMOVED = "io/stowage/image/REMOVED";
    /** A name was set on an image. */
    public static final String TAGGED = "io/stowage/image/TAGGED";
    /** A name was taken off an image. */
    public static final String UNTAGGED = "io/stowage/image/UNTAGGED";
    /**
     * A pull failed; {@link #REFERENCE} names what was pulled, {@link #REASON} and
     * {@link #MESSAGE} say why.
     *
     * @since 0.4
     */
    public static final String PULL_FAILED = "io/stowage/image/PULL_FAILED";
    /**
     * An image was loaded from an archive ({@code image:load}), one event per name it carries;
     * {@link #FILE} is the archive. A load posts this, not {@link #PULLED}.
     *
     * @since 0.4
     */
    public static final String LOADED = "io/stowage/image/LOADED";
    /**
     * An image was written to an archive ({@code image:save}), one event per image; {@link #FILE}
     * is the archive.
     *
     * @since 0.4
     */
    public static final String SAVED = "io/stowage/image/SAVED";
    /**
     * A client of the registry server pushed an image or artifact into the store and it was named;
     * {@link #REFERENCE} is the name it was given.
     *
     * @since 0.5
     */
    public static final String RECEIVED = "io/stowage/image/RECEIVED";
    /**
     * The disk budget removed an image no container held and no image set pinned: to make room
     * for a pull or load ({@link #REFERENCE} names it), or, unused for longer than
     * {@code prune.until}, by the scheduled prune. {@link #IMAGE_ID} is the image, {@link #MESSAGE}
     * says why with the numbers, {@link #SIZE} the bytes it freed; {@link #REMOVED} follows as
     * for any removal.
     *
     * @since 0.8
     */
    public static final String EVICTED = "io/stowage/image/EVICTED";

    /**
     * The reference concerned, as a string, always in its whole normalised form
     * ({@code docker.io/library/alpine:latest}, {@code host:5000/app@sha256:…}); for a pull from a
     * location that carries no name, the location ({@code oci:/media/usb/layout}).
     */
    public static final String REFERENCE = "reference";
    /** The digest concerned: the pulled root digest, or the removed image's ID. */
    public static final String DIGEST = "digest";
    /** The image ID (config digest) concerned. */
    public static final String IMAGE_ID = "image.id";
    /** Why a pull failed: a {@link StowageException.Reason} name, e.g. {@code UNAVAILABLE} (since 0.4). */
    public static final String REASON = "reason";
    /** The failure's one-line message, escaped as every Stowage message is (since 0.4). */
    public static final String MESSAGE = "message";
    /** The archive file of a load or a save (since 0.4). */
    public static final String FILE = "file";
    /** The bytes an eviction freed (since 0.8), a {@code Long}. */
    public static final String SIZE = "size";

    private ImageEvents() {
    }
}
