package io.stowage.api;

/**
 * One holder of one image.
 *
 * @param image the image ID (config digest) held
 * @param holder who holds it, as a phrase for messages: {@code stopped container 8d0f2a2f2b4e}
 */
public record Usage(Digest image, String holder) {
}
