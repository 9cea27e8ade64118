package io.stowage.api;

import java.util.List;

/** An image manifest (OCI image manifest or Docker schema2): one config and its layers, in order. */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
    public Manifest {
        layers = List.copyOf(layers);
    }
}
