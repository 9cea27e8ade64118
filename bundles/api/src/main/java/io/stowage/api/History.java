package io.stowage.api;

/**
 * One step of an image's history (the config's {@code history}), oldest first there: when, by
 * what command, and whether it made a layer.
 *
 * @since 0.2
 */
public record History(String created, String createdBy, String comment, boolean emptyLayer) {

    /** The step's time, or {@code null} when it has none or it is not RFC 3339. */
    public java.time.Instant createdAt() {
        return ImageConfig.instant(created);
    }
}
