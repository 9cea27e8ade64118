package io.stowage.api;

import java.time.Instant;

/**
 * One image of an image set, as its set last saw it.
 *
 * @param set the set's name (the {@code <name>} of {@code io.stowage.imageset-<name>.cfg})
 * @param reference the image as the set lists it, normalised ({@code host/app:1}, or pinned {@code host/app@sha256:…})
 * @param state where the image stands
 * @param digest the root digest present (or the one pinned), null while none is
 * @param detail progress while pulling, why it failed, or empty
 * @param nextTry when the set looks at the image next; null when not scheduled
 * @since 0.7
 */
public record ImageSetEntry(String set, String reference, State state, Digest digest, String detail, Instant nextTry) {
    /** Where an image of a set stands. */
    public enum State {
        /** Not looked at yet (or looked at by the running instance, not by this one-shot command). */
        WAITING,
        /** Being pulled. */
        PULLING,
        /** In the store at {@link ImageSetEntry#digest()}. */
        PRESENT,
        /** The last try failed; another follows at {@link ImageSetEntry#nextTry()}. */
        FAILED
    }
}
