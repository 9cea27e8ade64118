package io.stowage.transport.archive.internal;

import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;

/** The tests' way to open {@code kind:<text>}, a path or a string, as the core does. */
final class Locations {
    private Locations() {
    }

    static ImageSource open(Transport transport, String kind, Object text) {
        return transport.open(new Location(kind, text.toString()));
    }

    static ImageDestination openDestination(Transport transport, String kind, Object text) {
        return transport.openDestination(new Location(kind, text.toString()));
    }
}
