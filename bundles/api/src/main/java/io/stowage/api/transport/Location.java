package io.stowage.api.transport;

import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a transport opens: its kind and what follows {@code kind:}, as skopeo writes locations
 * ({@code oci:/srv/layout:app}, {@code docker-archive:app.tar:app:1.0}), or, for a reference
 * transport, the image reference ({@code docker.io/library/alpine:3.19}).
 *
 * <p>The parsers below are the usual reading of that text, so a transport need not write its own:
 * the path ends at the first colon (so it cannot hold one), and what follows chooses an image
 * there.
 *
 * @param kind the transport's kind ({@link Transport#KIND})
 * @param text what follows {@code kind:}, or the reference
 * @since 1.0
 */
public record Location(String kind, String text) {

    public Location {
        if (kind == null || kind.isBlank() || text == null) {
            throw new IllegalArgumentException("a location has a kind and a text");
        }
    }

    /** The path: the text up to its first colon; INVALID when there is none. */
    public Path path() {
        int colon = text.indexOf(':');
        String path = colon < 0 ? text : text.substring(0, colon);
        if (path.isEmpty()) {
            throw new StowageException(Reason.INVALID, "location " + this + " names no path");
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new StowageException(Reason.INVALID, "location " + this + ": " + e.getMessage());
        }
    }

    /** What follows the path's colon (a ref, a name, {@code @<position>}); empty when nothing does. */
    public Optional<String> ref() {
        int colon = text.indexOf(':');
        return colon < 0 || colon == text.length() - 1 ? Optional.empty() : Optional.of(text.substring(colon + 1));
    }

    /** The text as an image reference, normalised ({@code alpine} is {@code docker.io/library/alpine:latest}). */
    public ImageReference reference() {
        return ImageReference.parse(text);
    }

    /** A reference transport's location of {@code reference}. */
    public static Location of(ImageReference reference) {
        return new Location(Transport.REGISTRY_KIND, reference.toString());
    }

    @Override
    public String toString() {
        return kind + ":" + text;
    }
}
