package io.stowage.transport.archive.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.nio.file.Path;

/**
 * A location as skopeo writes it after the transport's name: a path, then optionally
 * {@code :} and what chooses an image there (a ref, a name, {@code @<position>}). The path
 * ends at the first colon, so it cannot hold one.
 */
record PathAndRef(Path path, String ref) {

    static PathAndRef parse(String location) {
        int colon = location.indexOf(':');
        String path = colon < 0 ? location : location.substring(0, colon);
        String ref = colon < 0 ? null : location.substring(colon + 1);
        if (path.isEmpty()) {
            throw new StowageException(Reason.INVALID, "location " + location + " names no path");
        }
        try {
            return new PathAndRef(Path.of(path), ref == null || ref.isEmpty() ? null : ref);
        } catch (java.nio.file.InvalidPathException e) {
            throw new StowageException(Reason.INVALID, "location " + location + ": " + e.getMessage());
        }
    }
}
