package io.stowage.server.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobInfo;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.OciJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The OCI Distribution API's read side over a {@link BlobStore}: {@code /v2/}, manifests by tag
 * and by digest and blobs (GET and HEAD, the stored bytes exactly, {@code Docker-Content-Digest},
 * a single {@code Range} for blobs, streamed in 64 KiB pieces), the tag list and the catalog in
 * pages ({@code n}, {@code last}, {@code Link}); errors in the spec's JSON form. Every name, tag
 * and digest a client sends is checked against the spec's grammar before it is looked up.
 */
final class RegistryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 64 * 1024;

    private final transient Supplier<BlobStore> store;
    private final int pageMax;
    private final transient Push push;
    private final transient Access access;
    /** Null when no upstream is configured. */
    private final transient PullThrough pullThrough;
    /** The names made from the store's last refs: a store hands out the same list while its refs are unchanged. */
    private transient volatile Seen seen;

    /** The names of one version of the store's refs, and the referrers, read from the store when first asked for. */
    private static final class Seen {
        private final List<Descriptor> refs;
        private final Names names;
        private Subjects subjects;

        Seen(List<Descriptor> refs, Names names) {
            this.refs = refs;
            this.names = names;
        }

        List<Descriptor> refs() {
            return refs;
        }

        Names names() {
            return names;
        }

        synchronized Subjects subjects(BlobStore s) {
            if (subjects == null) {
                subjects = new Subjects(refs, s);
            }
            return subjects;
        }
    }

    /** {@code push}: null when the server is read only; {@code pullThrough}: null without upstreams. */
    RegistryServlet(Supplier<BlobStore> store, int pageMax, Push push, Access access, PullThrough pullThrough) {
        this.store = store;
        this.pullThrough = pullThrough;
        this.access = access;
        this.pageMax = pageMax;
        this.push = push;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse response) throws IOException {
        HttpServletResponse resp = new BodyFirst(req, response);
        resp.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        String method = req.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if ("/token".equals(req.getServletPath())) {
            access.token(req, resp);
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (!access.allows(req, resp, scope(path, read && !path.contains("/blobs/uploads/")))) {
            return;
        }
        try {
            if (!read && push == null) {
                Errors.send(resp, 405, "UNSUPPORTED", "this registry is read only (push=false in io.stowage.server)");
            } else if (read && !path.contains("/blobs/uploads/")) {
                route(req, resp, path, method.equals("HEAD"));
            } else {
                write(req, resp, path, method);
            }
        } catch (StowageException e) {
            Errors.send(resp, e.reason() == StowageException.Reason.NOT_FOUND ? 404 : e.reason() == StowageException.Reason.UNAVAILABLE
                    ? 503 : 500, "UNKNOWN", e.reason() == StowageException.Reason.NOT_FOUND ? "not found" : "the store could not answer");
        }
    }

    /** The token scope a request needs: none for {@code /v2/} itself, the catalog's, or its repository's pull (and push to write). */
    static String scope(String path, boolean read) {
        if (path.equals("/")) {
            return null;
        }
        if (path.equals("/_catalog")) {
            return "registry:catalog:*";
        }
        String[] parts = split(path);
        return parts == null || !Names.isName(parts[0]) ? null : "repository:" + parts[0] + (read ? ":pull" : ":pull,push");
    }

    /** A push's requests: uploads ({@code POST}, {@code PATCH}, {@code PUT}, {@code GET}, {@code DELETE}) and manifest {@code PUT}s. */
    private void write(HttpServletRequest req, HttpServletResponse resp, String path, String method) throws IOException {
        String[] parts = split(path);
        if (parts == null || !Names.isName(parts[0])) {
            Errors.send(resp, parts == null ? 404 : 400, parts == null ? "NAME_UNKNOWN" : "NAME_INVALID",
                    parts == null ? "no such endpoint" : "invalid repository name");
            return;
        }
        String name = parts[0];
        switch (parts[1] + " " + method) {
            case "uploads POST" -> {
                if (parts[2].isEmpty()) {
                    push.uploads.start(req, resp, name);
                } else {
                    Errors.send(resp, 405, "UNSUPPORTED", "method not allowed");
                }
            }
            case "uploads PATCH", "uploads PUT", "uploads GET", "uploads DELETE" -> push.uploads.session(req, resp, name, parts[2], method);
            case "manifests PUT" -> push.manifest(req, resp, name, parts[2]);
            default -> Errors.send(resp, 405, "UNSUPPORTED", "method not allowed");
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, String path, boolean head) throws IOException {
        if (path.equals("/")) {
            resp.setContentType("application/json");
            writeBody(resp, "{}".getBytes(StandardCharsets.UTF_8), head);
            return;
        }
        if (path.equals("/_catalog")) {
            catalog(req, resp, head);
            return;
        }
        String[] parts = split(path);
        if (parts == null || parts[1].equals("uploads")) {
            Errors.send(resp, 404, "NAME_UNKNOWN", "no such endpoint");
            return;
        }
        String name = parts[0];
        if (!Names.isName(name)) {
            Errors.send(resp, 400, "NAME_INVALID", "invalid repository name");
            return;
        }
        BlobStore s = store.get();
        Seen seen = seen(s);
        if (parts[1].equals("referrers")) { // never a 404 (the spec): an unknown subject has none
            referrers(req, resp, s, seen, parts[2], head);
            return;
        }
        if (parts[1].equals("blobs")) { // one content store: a blob is there for every name (a pusher's HEAD finds it)
            blob(req, resp, s, parts[2], head);
            return;
        }
        String ns = Query.param(req, "ns");
        Optional<String> repository = seen.names().repository(name, ns);
        if (parts[1].equals("manifests") && pullThrough != null && !stored(s, seen.names(), repository, parts[2])) {
            String reference = pullThrough.reference(name, ns, parts[2]);
            if (reference != null && pullThrough.fetch(reference)) {
                seen = seen(s);
                repository = seen.names().repository(name, ns);
            }
        }
        if (repository.isEmpty()) {
            Errors.send(resp, 404, "NAME_UNKNOWN", "repository name not known to registry");
            return;
        }
        switch (parts[1]) {
            case "manifests" -> manifest(req, resp, s, seen.names(), repository.get(), parts[2], head);
            case "tags" -> tags(req, resp, seen.names(), repository.get(), name, head);
            default -> Errors.send(resp, 404, "NAME_UNKNOWN", "no such endpoint");
        }
    }

    /** Whether the store holds the manifest a client asks for by tag or by digest. */
    private static boolean stored(BlobStore s, Names names, Optional<String> repository, String reference) {
        if (repository.isEmpty()) {
            return false;
        }
        if (ImageReference.isTag(reference)) {
            return names.tagged(repository.get(), reference).isPresent();
        }
        try {
            return s.info(Digest.parse(reference)).isPresent();
        } catch (StowageException notADigest) {
            return true; // nothing to pull: the request is answered as invalid
        }
    }

    /** {@code GET /v2/<name>/referrers/<digest>}: the stored artifacts whose subject it is, as an index (empty when none). */
    private void referrers(HttpServletRequest req, HttpServletResponse resp, BlobStore s, Seen seen, String reference, boolean head)
            throws IOException {
        Digest digest = Errors.digest(reference, resp);
        if (digest == null) {
            return;
        }
        String artifactType = Query.param(req, "artifactType");
        if (artifactType != null) {
            resp.setHeader("OCI-Filters-Applied", "artifactType");
        }
        resp.setContentType(io.stowage.api.MediaTypes.OCI_INDEX);
        writeBody(resp, seen.subjects(s).index(digest, artifactType), head);
    }

    /** The store's names, made again only when its refs changed (not for every blob request). */
    private Seen seen(BlobStore s) {
        List<Descriptor> refs = s.refs();
        Seen last = seen;
        if (last != null && last.refs() == refs) {
            return last;
        }
        Seen next = new Seen(refs, new Names(refs));
        seen = next;
        return next;
    }

    /**
     * {@code name}, then {@code manifests|blobs|tags|referrers|uploads}, then the reference,
     * digest, {@code list} or upload ID (empty for a new upload); null when the path is none of those.
     */
    static String[] split(String path) {
        int uploads = path.lastIndexOf("/blobs/uploads/");
        if (uploads > 0) {
            String rest = path.substring(uploads + "/blobs/uploads/".length());
            return rest.contains("/") ? null : new String[] {path.substring(1, uploads), "uploads", rest};
        }
        for (String kind : List.of("manifests", "blobs", "tags", "referrers")) {
            int at = path.lastIndexOf("/" + kind + "/");
            if (at > 0) {
                String rest = path.substring(at + kind.length() + 2);
                if (rest.isEmpty() || rest.contains("/") || kind.equals("tags") && !rest.equals("list")) {
                    return null;
                }
                return new String[] {path.substring(1, at), kind, rest};
            }
        }
        return null;
    }

    private void manifest(HttpServletRequest req, HttpServletResponse resp, BlobStore s, Names names, String repository,
            String reference, boolean head) throws IOException {
        Digest digest;
        String announced = null;
        if (ImageReference.isTag(reference)) {
            Optional<Descriptor> d = names.tagged(repository, reference);
            if (d.isEmpty()) {
                Errors.send(resp, 404, "MANIFEST_UNKNOWN", "manifest unknown");
                return;
            }
            digest = d.get().digest();
            announced = d.get().mediaType();
        } else {
            try {
                digest = Digest.parse(reference);
            } catch (StowageException e) {
                Errors.send(resp, 400, "DIGEST_INVALID", "invalid tag or digest");
                return;
            }
        }
        Optional<BlobInfo> info = s.info(digest);
        if (info.isEmpty() || info.get().size() > RawManifest.MAX_BYTES) {
            Errors.send(resp, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            return;
        }
        byte[] bytes = io.stowage.oci.StoredDocuments.read(s, digest);
        String type;
        try {
            type = OciJson.mediaType(bytes, announced, "manifest " + digest);
        } catch (StowageException notAManifest) {
            Errors.send(resp, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            return;
        }
        if (!Accept.allows(req.getHeaders("Accept"), type)) {
            Errors.send(resp, 404, "MANIFEST_UNKNOWN", "manifest of type " + type + " not in the accepted types");
            return;
        }
        resp.setContentType(type);
        resp.setHeader("Docker-Content-Digest", digest.toString());
        resp.setHeader("ETag", "\"" + digest + "\"");
        writeBody(resp, bytes, head);
    }

    private void blob(HttpServletRequest req, HttpServletResponse resp, BlobStore s, String reference, boolean head) throws IOException {
        Digest digest = Errors.digest(reference, resp);
        if (digest == null) {
            return;
        }
        Optional<BlobInfo> info = s.info(digest);
        if (info.isEmpty()) {
            Errors.send(resp, 404, "BLOB_UNKNOWN", "blob unknown to registry");
            return;
        }
        long size = info.get().size();
        long[] range = Ranges.parse(req.getHeader("Range"), size);
        if (range == Ranges.UNSATISFIABLE) {
            resp.setHeader("Content-Range", "bytes */" + size);
            Errors.send(resp, 416, "BLOB_UNKNOWN", "requested range not satisfiable");
            return;
        }
        long from = range == null ? 0 : range[0];
        long length = range == null ? size : range[1] - range[0] + 1;
        resp.setContentType("application/octet-stream");
        resp.setHeader("Docker-Content-Digest", digest.toString());
        resp.setHeader("ETag", "\"" + digest + "\"");
        resp.setHeader("Accept-Ranges", "bytes");
        if (range != null) {
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
        }
        resp.setContentLengthLong(length);
        if (head) {
            return;
        }
        try (InputStream in = s.open(digest); OutputStream out = resp.getOutputStream()) {
            in.skipNBytes(from);
            byte[] buf = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("blob " + digest + " ended " + left + " bytes early");
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    private void tags(HttpServletRequest req, HttpServletResponse resp, Names names, String repository, String name, boolean head)
            throws IOException {
        List<String> page = page(names.tags(repository), req, resp, "/v2/" + name + "/tags/list", head);
        if (page != null) {
            var body = OciJson.object().put("name", name);
            page.forEach(body.putArray("tags")::add);
            resp.setContentType("application/json");
            writeBody(resp, OciJson.bytes(body), head);
        }
    }

    private void catalog(HttpServletRequest req, HttpServletResponse resp, boolean head) throws IOException {
        List<String> page = page(seen(store.get()).names().catalog(), req, resp, "/v2/_catalog", head);
        if (page != null) {
            var body = OciJson.object();
            page.forEach(body.putArray("repositories")::add);
            resp.setContentType("application/json");
            writeBody(resp, OciJson.bytes(body), head);
        }
    }

    /**
     * The page of {@code all} that {@code n} and {@code last} ask for (at most the configured
     * page size), with a {@code Link} to the next when there is one; null when {@code n} is not a
     * number (the error is sent).
     */
    private List<String> page(TreeSet<String> all, HttpServletRequest req, HttpServletResponse resp, String self, boolean head)
            throws IOException {
        int n = pageMax;
        String asked = Query.param(req, "n");
        if (asked != null) {
            try {
                n = Math.min(pageMax, Math.max(0, Integer.parseInt(asked)));
            } catch (NumberFormatException e) {
                Errors.send(resp, 400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested");
                return null;
            }
        }
        String last = Query.param(req, "last");
        List<String> page = (last == null ? all : all.tailSet(last, false)).stream().limit(n).toList();
        if (!page.isEmpty() && !page.get(page.size() - 1).equals(all.last())) {
            String ns = Query.param(req, "ns");
            resp.setHeader("Link", "<" + self + "?n=" + n + "&last=" + URLEncoder.encode(page.get(page.size() - 1), StandardCharsets.UTF_8)
                    + (ns == null ? "" : "&ns=" + URLEncoder.encode(ns, StandardCharsets.UTF_8)) + ">; rel=\"next\"");
        }
        return page;
    }

    private static void writeBody(HttpServletResponse resp, byte[] bytes, boolean head) throws IOException {
        resp.setContentLength(bytes.length);
        if (!head) {
            try (OutputStream out = resp.getOutputStream()) {
                out.write(bytes);
            }
        }
    }
}
