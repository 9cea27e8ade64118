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
    /** The names made from the store's last refs: a store hands out the same list while its refs are unchanged. */
    private transient volatile Seen seen;

    private record Seen(List<Descriptor> refs, Names names) {
    }

    RegistryServlet(Supplier<BlobStore> store, int pageMax) {
        this.store = store;
        this.pageMax = pageMax;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Errors.send(resp, 405, "UNSUPPORTED", "this registry is read only");
            return;
        }
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            route(req, resp, path, method.equals("HEAD"));
        } catch (StowageException e) {
            Errors.send(resp, e.reason() == StowageException.Reason.NOT_FOUND ? 404 : 500, "UNKNOWN",
                    e.reason() == StowageException.Reason.NOT_FOUND ? "not found" : "the store could not answer");
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
        if (parts == null) {
            Errors.send(resp, 404, "NAME_UNKNOWN", "no such endpoint");
            return;
        }
        String name = parts[0];
        if (!Names.isName(name)) {
            Errors.send(resp, 400, "NAME_INVALID", "invalid repository name");
            return;
        }
        BlobStore s = store.get();
        Names names = names(s);
        Optional<String> repository = names.repository(name, req.getParameter("ns"));
        if (repository.isEmpty()) {
            Errors.send(resp, 404, "NAME_UNKNOWN", "repository name not known to registry");
            return;
        }
        switch (parts[1]) {
            case "manifests" -> manifest(req, resp, s, names, repository.get(), parts[2], head);
            case "blobs" -> blob(req, resp, s, parts[2], head);
            case "tags" -> tags(req, resp, names, repository.get(), name, head);
            default -> Errors.send(resp, 404, "NAME_UNKNOWN", "no such endpoint");
        }
    }

    /** The store's names, made again only when its refs changed (not for every blob request). */
    private Names names(BlobStore s) {
        List<Descriptor> refs = s.refs();
        Seen last = seen;
        if (last != null && last.refs() == refs) {
            return last.names();
        }
        Names names = new Names(refs);
        seen = new Seen(refs, names);
        return names;
    }

    /** {@code name}, {@code manifests|blobs|tags}, and the reference, digest or {@code list}; null when the path is none of those. */
    static String[] split(String path) {
        for (String kind : List.of("manifests", "blobs", "tags")) {
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
        byte[] bytes;
        try (InputStream in = s.open(digest)) {
            bytes = in.readNBytes(RawManifest.MAX_BYTES);
        }
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
        Digest digest;
        try {
            digest = Digest.parse(reference);
        } catch (StowageException e) {
            Errors.send(resp, 400, "DIGEST_INVALID", "invalid digest");
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
        List<String> page = page(names(store.get()).catalog(), req, resp, "/v2/_catalog", head);
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
        String asked = req.getParameter("n");
        if (asked != null) {
            try {
                n = Math.min(pageMax, Math.max(0, Integer.parseInt(asked)));
            } catch (NumberFormatException e) {
                Errors.send(resp, 400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested");
                return null;
            }
        }
        String last = req.getParameter("last");
        List<String> page = (last == null ? all : all.tailSet(last, false)).stream().limit(n).toList();
        if (!page.isEmpty() && !page.get(page.size() - 1).equals(all.last())) {
            String ns = req.getParameter("ns");
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
