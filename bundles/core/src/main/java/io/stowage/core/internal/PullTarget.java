package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import java.util.List;

/**
 * What a pull reads and names: a registry reference, or a location of another transport with the
 * names its image carries (none: the image is stored unnamed).
 *
 * @param what how messages name the source ({@code docker.io/library/alpine:latest},
 *        {@code oci-archive:/media/usb/app.tar})
 * @param registry the registry reference, or null for a location
 * @param expectedRoot the root document's digest when known beforehand, or null
 * @param names the normalised names to give the image, the first the result's reference
 */
record PullTarget(String what, ImageReference registry, Digest expectedRoot, List<String> names) {

    static PullTarget of(ImageReference ref) {
        return new PullTarget(ref.toString(), ref, ref.digest(), List.of(ref.toString()));
    }

    /** The reference the pull reports: the registry's, else the first name, else null. */
    ImageReference reference() {
        return registry != null ? registry : names.isEmpty() ? null : ImageReference.parse(names.get(0));
    }
}
