package io.stowage.imagesets.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSetEntry.State;
import java.time.Instant;

/** One image of a set and where it stands: read by {@code imageset:ls} while the set's thread changes it. */
final class Slot {
    /** What the set lists; null when the text is no reference ({@link #invalid} says why). */
    final ImageReference reference;
    final String text;
    final String invalid;
    volatile State state = State.WAITING;
    volatile Digest digest;
    volatile String detail = "";
    /** When the set looks at it next, in milliseconds since the epoch; 0: at once. */
    volatile long due;
    /** Tries that failed in a row. */
    volatile int failures;

    Slot(String text) {
        this.text = text;
        ImageReference parsed = null;
        String why = null;
        try {
            parsed = ImageReference.parse(text);
        } catch (io.stowage.api.StowageException e) {
            why = e.getMessage();
        }
        this.reference = parsed;
        this.invalid = why;
        if (why != null) {
            state = State.FAILED;
            detail = why;
            due = Long.MAX_VALUE;
        }
    }

    /** The digest it is pinned to, or null when it follows a tag. */
    Digest pinned() {
        return reference == null ? null : reference.digest();
    }

    ImageSetEntry entry(String set) {
        long next = due;
        return new ImageSetEntry(set, reference == null ? text : reference.toString(), state, digest, detail,
                next <= 0 || next == Long.MAX_VALUE ? null : Instant.ofEpochMilli(next));
    }
}
