package io.stowage.api;

/**
 * The OSGi Event Admin topics the image service posts to, when Event Admin is present, and
 * their properties. Subscribe to {@code io/stowage/image/*} for all of them.
 *
 * @since 0.1
 */
public final class ImageEvents {
    /** An image was pulled (downloaded, or found up to date). */
    public static final String PULLED = "io/stowage/image/PULLED";
    /** An image and its unshared blobs were deleted. */
    public static final String REMOVED = "io/stowage/image/REMOVED";
    /** A name was set on an image. */
    public static final String TAGGED = "io/stowage/image/TAGGED";
    /** A name was taken off an image. */
    public static final String UNTAGGED = "io/stowage/image/UNTAGGED";

    /** The reference concerned, as a string ({@code docker.io/library/alpine:latest}). */
    public static final String REFERENCE = "reference";
    /** The digest concerned: the pulled root digest, or the removed image's ID. */
    public static final String DIGEST = "digest";
    /** The image ID (config digest) concerned. */
    public static final String IMAGE_ID = "image.id";

    private ImageEvents() {
    }
}
