package io.stowage.api;

import java.util.Map;

/**
 * An OCI content descriptor: what a blob is, its digest and size, and for index entries its
 * platform and annotations.
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        if (digest == null) {
            throw new StowageException(StowageException.Reason.INVALID, "descriptor without digest");
        }
        if (size < 0) {
            throw new StowageException(StowageException.Reason.INVALID, "descriptor " + digest + ": negative size " + size);
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    public String annotation(String key) {
        return annotations.get(key);
    }

    public Descriptor withAnnotations(Map<String, String> replaced) {
        return new Descriptor(mediaType, digest, size, platform, replaced);
    }
}
