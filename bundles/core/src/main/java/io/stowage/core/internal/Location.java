package io.stowage.core.internal;

import java.util.Set;

/**
 * A location in another transport's syntax, as skopeo writes it: {@code oci:/srv/layout:app},
 * {@code oci-archive:app.tar}, {@code docker-archive:app.tar:app:1.0}. The part before the first
 * colon names the transport; the rest is the transport's to read.
 */
record Location(String kind, String path) {
    static final String DOCKER_ARCHIVE = "docker-archive";
    /** The kinds read as locations even while no transport of theirs is bound, for a clear error. */
    static final Set<String> KNOWN = Set.of("oci", "oci-archive", DOCKER_ARCHIVE);

    /**
     * The location {@code text} names when it starts with a transport kind other than a
     * registry's ({@code docker}), bound now or known; otherwise null: a registry reference.
     * {@code docker.io/library/oci:latest} must be written whole, as with skopeo.
     */
    static Location of(String text, Set<String> bound) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String kind = text.substring(0, colon);
        if (kind.equals("docker") || !(KNOWN.contains(kind) || bound.contains(kind))) {
            return null;
        }
        return new Location(kind, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind + ":" + path;
    }
}
