package io.stowage.core.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import java.util.List;

/**
 * What a pull reads and names. A registry pull and a location pull run the same steps (resolve,
 * plan, fetch, commit, name) and differ only here: a registry reference names the image and may
 * be answered by a {@code HEAD} alone; a location's image is named by the names it carries.
 */
sealed interface PullTarget {

    /** How messages name the source ({@code docker.io/library/alpine:latest}, {@code oci-archive:/media/usb/app.tar}). */
    String what();

    /** The root document's digest when known beforehand, or null. */
    Digest expectedRoot();

    /** The normalised names to give the image, the first the result's reference; none: stored unnamed. */
    List<String> names();

    /** The reference the pull reports, or null for an unnamed image. */
    ImageReference reference();

    /** A registry reference: it names the image, and its registry's digest is recorded as the repo digest. */
    record Registry(ImageReference reference) implements PullTarget {
        @Override
        public String what() {
            return reference.toString();
        }

        @Override
        public Digest expectedRoot() {
            return reference.digest();
        }

        @Override
        public List<String> names() {
            return List.of(reference.toString());
        }
    }

    /** A location of another transport, and the names its image carries. */
    record Carried(String what, Digest expectedRoot, List<String> names) implements PullTarget {
        @Override
        public ImageReference reference() {
            return names.isEmpty() ? null : ImageReference.parse(names.get(0));
        }
    }
}
