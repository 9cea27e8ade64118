package io.stowage.api;

/**
 * What a push did: the reference written, the manifest digest the destination names it by, and
 * the manifest's size (Docker: {@code latest: digest: sha256:… size: 528}). The reference is null
 * when an unnamed image went to a location (since 0.3).
 *
 * @since 0.2
 */
public record PushResult(ImageReference reference, Digest digest, long size) {
}
