package io.stowage.api;

/**
 * One step of an image's history (the config's {@code history}), oldest first there: when, by
 * what command, and whether it made a layer.
 *
 * @since 0.2
 */
public record History(String created, String createdBy, String comment, boolean emptyLayer) {
}
