package io.stowage.api;

import java.util.regex.Pattern;

/**
 * An image reference in Docker's grammar (distribution/reference), normalised the way Docker
 * normalises it: {@code alpine} is {@code docker.io/library/alpine:latest};
 * {@code host:port/repo:tag@sha256:…} keeps every part. A reference has a tag, a digest or both.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final Pattern PATH_COMPONENT = Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
    private static final String DOMAIN_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern ANCHORED_ID = Pattern.compile("[a-f0-9]{64}");

    public ImageReference {
        if (tag == null && digest == null) {
            throw new StowageException(StowageException.Reason.INVALID, "reference " + registry + "/" + repository
                    + " has neither tag nor digest");
        }
    }

    /**
     * Whether {@code text} is a tag in the distribution spec's grammar:
     * {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}.
     *
     * @since 0.4
     */
    public static boolean isTag(String text) {
        return text != null && TAG.matcher(text).matches();
    }

    /**
     * Whether {@link #parse} reads {@code text} as a reference.
     *
     * @since 0.5
     */
    public static boolean isReference(String text) {
        try {
            parse(text);
            return true;
        } catch (StowageException e) {
            return false;
        }
    }

    /**
     * Parses and normalises a reference; a reference without tag or digest gets {@code latest}.
     *
     * @throws StowageException {@link StowageException.Reason#INVALID} naming the text when it
     *         is not a reference
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "");
        }
        if (text.length() > 4 * NAME_TOTAL_LENGTH_MAX) {
            throw invalid(text, "");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestText = rest.substring(at + 1);
            try {
                digest = Digest.parse(digestText);
            } catch (StowageException e) {
                throw invalid(text, "");
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon > rest.lastIndexOf('/')) {
            tag = rest.substring(lastColon + 1);
            rest = rest.substring(0, lastColon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "");
            }
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash < 0 || (first.indexOf('.') < 0 && first.indexOf(':') < 0 && !first.equals("localhost")
                && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
            domain = DOCKER_HUB;
            path = rest;
            if (ANCHORED_ID.matcher(path).matches()) {
                throw new StowageException(StowageException.Reason.INVALID, "invalid repository name (" + path
                        + "), cannot specify 64-byte hexadecimal strings");
            }
        } else {
            domain = first;
            path = rest.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                throw invalid(text, "");
            }
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        if (path.isEmpty()) {
            throw invalid(text, "");
        }
        if (!isPath(path)) {
            // Docker's hint only when lower case would do; then the name is printable as it is
            throw invalid(text, isPath(path.toLowerCase(java.util.Locale.ROOT))
                    ? ": repository name (" + path + ") must be lowercase" : "");
        }
        if (domain.length() + 1 + path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw invalid(text, ": repository name must not be more than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(domain, path, tag, digest);
    }

    private static boolean isPath(String path) {
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                return false;
            }
        }
        return true;
    }

    private static StowageException invalid(String text, String detail) {
        return new StowageException(StowageException.Reason.INVALID,
                "invalid reference format" + detail + ": " + Digest.printable(text));
    }

    /** {@code registry/repository}, the name without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * The name as Docker shows it: {@code alpine}, {@code user/app}, {@code host:5000/app}. Unlike
     * Docker, a Docker Hub repository whose first component reads as a host ({@code
     * docker.io/a.b/app}) keeps its registry, and {@code library/} stays before a name that reads
     * as an image ID, so the name parses back to the same repository.
     */
    public String familiarName() {
        if (registry.equals(DOCKER_HUB)) {
            String path = repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                    && !ANCHORED_ID.matcher(repository.substring(8)).matches() ? repository.substring(8) : repository;
            int slash = path.indexOf('/');
            String first = slash < 0 ? "" : path.substring(0, slash);
            return first.indexOf('.') >= 0 || first.equals("localhost") ? name() : path;
        }
        return name();
    }

    /** The same repository at another tag (and no digest). */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    /** The same repository at a digest (and no tag). */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, null, newDigest);
    }

    /** {@code alpine:latest}, {@code host:5000/app@sha256:…}: the reference as Docker prints it. */
    public String familiar() {
        return familiarName() + suffix();
    }

    /** The tag, or the digest for a reference by digest: what Docker prints before "Pulling from". */
    public String tagOrDigest() {
        return tag != null ? tag : digest.toString();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return name() + suffix();
    }
}
