package io.stowage.api;

/**
 * The outcome of a pull.
 *
 * @param reference what was pulled, normalised; null for an image a location gave without a name
 * @param digest the digest of the root document the registry or location named (index or manifest)
 * @param downloaded false when the store already held this image under this reference
 */
public record PullResult(ImageReference reference, Digest digest, boolean downloaded, Image image) {
}
