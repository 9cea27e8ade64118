package io.stowage.api.transport;

/**
 * A manifest or index exactly as the source served it. The core digests these bytes, never a
 * re-serialisation.
 *
 * @param mediaType the media type the source announced (Content-Type), or {@code null}
 */
public record RawManifest(String mediaType, byte[] bytes) {
    /** The largest manifest or index accepted, in bytes. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
}
