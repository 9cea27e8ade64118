package io.stowage.api;

import java.util.List;

/** An image index (OCI index or Docker manifest list): manifests, one per platform. */
public record Index(String mediaType, List<Descriptor> manifests) {
    public Index {
        manifests = List.copyOf(manifests);
    }
}
