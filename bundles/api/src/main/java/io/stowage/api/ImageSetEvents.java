package io.stowage.api;

/**
 * The Event Admin topics image sets post to, one per transition of an image's state; subscribe to
 * {@code io/stowage/imageset/*}. Each carries {@link #SET}, {@link #REFERENCE} and, where known,
 * {@link #DIGEST}, {@link #MESSAGE} and {@link #NEXT_TRY}.
 *
 * @since 0.7
 */
public final class ImageSetEvents {
    /** The set began to pull an image (missing, or its tag looked at again after a failure). */
    public static final String PULLING = "io/stowage/imageset/PULLING";
    /** An image became present (pulled, or found in the store). */
    public static final String PRESENT = "io/stowage/imageset/PRESENT";
    /** An image's tag moved: the set pulled the new digest ({@link #PREVIOUS} is the old one). */
    public static final String UPDATED = "io/stowage/imageset/UPDATED";
    /** A try failed; {@link #MESSAGE} says why, {@link #NEXT_TRY} when the next one is. */
    public static final String FAILED = "io/stowage/imageset/FAILED";

    /** The set's name. */
    public static final String SET = "set";
    /** The image, as the set lists it, normalised. */
    public static final String REFERENCE = "reference";
    /** The root digest present. */
    public static final String DIGEST = "digest";
    /** The digest a moved tag named before. */
    public static final String PREVIOUS = "previous";
    /** Why a try failed, one line, escaped. */
    public static final String MESSAGE = "message";
    /** When the next try is, ISO-8601. */
    public static final String NEXT_TRY = "next.try";

    private ImageSetEvents() {
    }
}
