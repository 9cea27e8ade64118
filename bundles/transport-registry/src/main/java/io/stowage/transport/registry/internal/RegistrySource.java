package io.stowage.transport.registry.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import io.stowage.oci.OciJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One repository of one registry, pulled over the OCI Distribution Spec's pull endpoints. */
final class RegistrySource implements ImageSource {
    /** Every manifest and index type Stowage reads, preferred first. */
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);

    private final ImageReference ref;
    private final RegistryClient client;
    private final int pageSize;
    private final int maxTags;

    RegistrySource(ImageReference ref, RegistryClient client, int pageSize, int maxTags) {
        this.ref = ref;
        this.client = client;
        this.pageSize = pageSize;
        this.maxTags = maxTags;
    }

    @Override
    public RawManifest resolve() {
        return manifest(ref.digest() != null ? ref.digest().toString() : ref.tag(), "manifest for " + ref.familiar());
    }

    /** The tag's manifest digest from a {@code HEAD} ({@code Docker-Content-Digest}); empty when the registry does not say. */
    @Override
    public Optional<Digest> rootDigest() {
        if (ref.digest() != null) {
            return Optional.of(ref.digest());
        }
        Response r;
        try {
            r = client.head("manifests/" + ref.tag(), MANIFEST_ACCEPT, "manifest for " + ref.familiar());
        } catch (StowageException e) {
            return Optional.empty(); // the GET that follows says what is wrong
        }
        try (r) {
            String header = r.header("Docker-Content-Digest");
            return header == null ? Optional.empty() : Optional.of(Digest.parse(header.trim()));
        } catch (StowageException notADigest) {
            return Optional.empty();
        }
    }

    /**
     * Every page of {@code /v2/<name>/tags/list}, following the {@code Link} header's next page
     * (distribution spec, "Listing Tags"), as the registry gives them: the caller checks each is a
     * tag. Bounded as {@link #pages} bounds a listing, at most {@code maxTags} in all.
     */
    @Override
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        String what = "tag list of " + ref.name();
        pages(client.get("tags/list?n=" + pageSize, "application/json", what), "application/json", what, page -> {
            com.fasterxml.jackson.databind.JsonNode listed = OciJson.tree(page, what).path("tags");
            for (com.fasterxml.jackson.databind.JsonNode t : listed) {
                if (tags.size() == maxTags) {
                    throw new StowageException(Reason.INVALID, what + ": more than " + maxTags
                            + " tags (tags.max in io.stowage.registry)");
                }
                tags.add(t.asText());
            }
            return listed.size();
        });
        return tags;
    }

    /** Statuses by which a registry says it has no Referrers API (go-containerregistry falls back on these too). */
    private static final java.util.Set<Integer> NO_REFERRERS_API = java.util.Set.of(400, 404, 406);

    /**
     * Every page of {@code /v2/<name>/referrers/<digest>} (distribution spec 1.1, "Listing
     * Referrers"); empty when the registry has no such API: it answers 400, 404 or 406, or a 200
     * that is not an OCI index. Bounded as {@link #pages} bounds a listing, at most
     * {@code maxTags} in all; each entry a valid descriptor.
     */
    @Override
    public Optional<List<io.stowage.api.Referrer>> referrers(Digest subject) {
        String what = "Referrers API answer for " + subject;
        Response first = client.getIfPresent("referrers/" + subject, MediaTypes.OCI_INDEX, what, NO_REFERRERS_API);
        String type = first == null ? null : first.header("Content-Type");
        if (type == null || !type.startsWith(MediaTypes.OCI_INDEX)) {
            if (first != null) {
                first.close();
            }
            return Optional.empty();
        }
        List<io.stowage.api.Referrer> referrers = new ArrayList<>();
        pages(first, MediaTypes.OCI_INDEX, what, page -> {
            List<io.stowage.api.Referrer> listed = OciJson.referrers(page, maxTags, what);
            referrers.addAll(listed);
            if (referrers.size() > maxTags) {
                throw new StowageException(Reason.INVALID, what + ": more than " + maxTags + " referrers (tags.max in io.stowage.registry)");
            }
            return listed.size();
        });
        return Optional.of(referrers);
    }

    /** Reads a page's entries and says how many it had. */
    private interface PageReader {
        int read(byte[] page);
    }

    /**
     * A listing's pages, {@code first} and those its {@code Link} headers lead to, each to
     * {@code reader}. Bounded: each page at most {@link RawManifest#MAX_BYTES}; a page that links
     * to one already read, or an empty page that links on, ends the listing with an error; the
     * operation's deadline bounds the rest.
     */
    private void pages(Response first, String accept, String what, PageReader reader) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        Response r = first;
        while (true) {
            String next;
            Response answer = r;
            try (answer; InputStream in = answer.body()) {
                byte[] page = in.readNBytes(RawManifest.MAX_BYTES + 1);
                if (page.length > RawManifest.MAX_BYTES) {
                    throw new StowageException(Reason.INVALID, what + ": a page larger than " + RawManifest.MAX_BYTES + " bytes");
                }
                int entries = reader.read(page);
                next = nextPage(answer.header("Link"));
                if (next != null && entries == 0) {
                    throw new StowageException(Reason.INVALID, what + ": a page without entries links to another");
                }
            } catch (IOException e) {
                throw client.unavailable(what, e);
            }
            if (next == null) {
                return;
            }
            if (!seen.add(next)) {
                throw new StowageException(Reason.INVALID, what + ": the registry's next page " + next + " was read before");
            }
            r = client.getAbsolute(next, accept, what);
        }
    }

    /** The path of {@code Link: </v2/…?last=…&n=…>; rel="next"}, or null. */
    static String nextPage(String link) {
        if (link == null || !link.contains("rel=\"next\"")) {
            return null;
        }
        int open = link.indexOf('<');
        int close = link.indexOf('>', open + 1);
        if (open < 0 || close < 0) {
            return null;
        }
        String target = link.substring(open + 1, close);
        if (target.startsWith("http://") || target.startsWith("https://")) {
            java.net.URI u = java.net.URI.create(target);
            target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
        return target.startsWith("/v2/") ? target : null;
    }

    @Override
    public RawManifest manifest(Digest digest) {
        return manifest(digest.toString(), "manifest " + digest);
    }

    private RawManifest manifest(String tagOrDigest, String what) {
        try (Response r = client.get("manifests/" + tagOrDigest, MANIFEST_ACCEPT, what); InputStream in = r.body()) {
            byte[] bytes = in.readNBytes(RawManifest.MAX_BYTES + 1);
            if (bytes.length > RawManifest.MAX_BYTES) {
                throw new StowageException(Reason.INVALID, what + ": larger than " + RawManifest.MAX_BYTES + " bytes");
            }
            return new RawManifest(r.mediaType(), bytes);
        } catch (IOException e) {
            throw client.unavailable(what, e);
        }
    }

    /** From {@code offset} on; a transfer that breaks off continues by itself (see {@link ResumingStream}). */
    @Override
    public InputStream blob(Descriptor descriptor, long offset) {
        if (offset == descriptor.size()) {
            return InputStream.nullInputStream(); // nothing left: a range from the end is not one a registry serves (416)
        }
        return limits.transfer("blob " + descriptor.digest(),
                () -> new ResumingStream(descriptor, offset, client.retry(), from -> open(descriptor, from)));
    }

    private HostLimits limits = HostLimits.NONE;

    /** Blob transfers keep to the host's caps (rate, concurrency). */
    RegistrySource limitedBy(HostLimits limits) {
        this.limits = limits;
        return this;
    }

    /**
     * From {@code offset} on with an HTTP {@code Range} request; a registry that ignores the range
     * answers 200 with the whole blob, whose first bytes are then skipped.
     */
    private InputStream open(Descriptor descriptor, long offset) {
        String what = "blob " + descriptor.digest();
        Response r = client.get("blobs/" + descriptor.digest(), null, offset > 0 ? "bytes=" + offset + "-" : null, what);
        try {
            InputStream in = r.body();
            if (offset > 0 && r.status() == 206) {
                String range = r.header("Content-Range");
                if (range == null || !range.trim().startsWith("bytes " + offset + "-")) {
                    r.close();
                    throw new StowageException(Reason.INVALID, what + ": asked for bytes from " + offset
                            + ", registry answered Content-Range " + range);
                }
            } else if (offset > 0) {
                in.skipNBytes(offset);
            }
            return in;
        } catch (IOException e) {
            r.close();
            throw client.unavailable(what, e);
        }
    }

    @Override
    public void close() {
        client.close(); // connections are closed per request; the deadline no longer needs watching
    }
}
