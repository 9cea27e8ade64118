package io.stowage.server.internal;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.transport.RawManifest;
import io.stowage.oci.Log;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Pushes into the store: blob uploads ({@link Uploads}) and manifests, each manifest named by the
 * image service as a pull of it would be, so nothing is named before every blob is there and
 * checked. The name a pushed image gets: the path as it is when its first component is a
 * registry's ({@code docker.io/library/alpine}), that registry's when containerd's {@code ns}
 * says; otherwise the configured registry name, else the host the client addressed
 * ({@code 127.0.0.1:5050/app:1} for {@code skopeo copy … docker://127.0.0.1:5050/app:1}).
 */
final class Push {
    private final Log log = new Log(Push.class);
    private final Supplier<ImageService> images;
    private final String registry;
    final Uploads uploads;

    /** {@code registry}: the name pushed images get before their path; empty: the host the client addressed. */
    Push(Supplier<ImageService> images, Uploads uploads, String registry) {
        this.images = images;
        this.uploads = uploads;
        this.registry = registry;
    }

    /** {@code PUT /v2/<name>/manifests/<reference>}. */
    void manifest(HttpServletRequest req, HttpServletResponse resp, String name, String reference) throws IOException {
        boolean byDigest = !ImageReference.isTag(reference);
        if (byDigest && Errors.digest(reference, resp) == null) {
            return;
        }
        if (req.getContentLengthLong() > RawManifest.MAX_BYTES) {
            Errors.send(resp, 413, "MANIFEST_INVALID", "manifest larger than " + RawManifest.MAX_BYTES + " bytes");
            return;
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(RawManifest.MAX_BYTES + 1);
        }
        if (bytes.length > RawManifest.MAX_BYTES) {
            Errors.send(resp, 413, "MANIFEST_INVALID", "manifest larger than " + RawManifest.MAX_BYTES + " bytes");
            return;
        }
        Digest digest = Digest.of(bytes);
        if (byDigest && !digest.toString().equals(reference)) {
            Errors.send(resp, 400, "DIGEST_INVALID", "manifest digest is " + digest + ", not " + reference);
            return;
        }
        String whole = whole(req, name, reference, byDigest);
        if (whole == null) {
            Errors.send(resp, 400, "NAME_INVALID", "cannot name the image: set registry.name in io.stowage.server");
            return;
        }
        try {
            images.get().receive(whole, mediaType(req.getContentType()), bytes);
        } catch (StowageException e) {
            log.warn("push of {} refused: {}", whole, e.getMessage());
            switch (e.reason()) {
                case NOT_FOUND -> Errors.send(resp, 400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + e.getMessage());
                case UNAVAILABLE -> Errors.send(resp, 503, "UNAVAILABLE", "the store cannot take it now");
                default -> Errors.send(resp, 400, "MANIFEST_INVALID", "manifest invalid: " + e.getMessage());
            }
            return;
        }
        uploads.received(bytes);
        log.info("pushed {}: {}", whole, digest);
        resp.setStatus(201);
        resp.setHeader("Location", "/v2/" + name + "/manifests/" + digest);
        resp.setHeader("Docker-Content-Digest", digest.toString());
        String subject = Subjects.of(bytes);
        if (subject != null) {
            resp.setHeader("OCI-Subject", subject);
        }
        resp.setContentLength(0);
    }

    /** The media type a {@code Content-Type} names, without parameters; null when none. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    /** The whole reference a pushed manifest is named by; null when no registry name can be made. */
    String whole(HttpServletRequest req, String name, String reference, boolean byDigest) {
        String ns = Query.param(req, "ns");
        String host;
        String path = name;
        int slash = name.indexOf('/');
        if (ns != null) {
            host = ns;
        } else if (slash > 0 && name.substring(0, slash).contains(".")) {
            host = name.substring(0, slash);
            path = name.substring(slash + 1);
        } else {
            host = registry.isEmpty() ? req.getHeader("Host") : registry;
        }
        if (host == null) {
            return null;
        }
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            host = "docker.io";
        }
        try {
            ImageReference ref = ImageReference.parse(host + "/" + path + (byDigest ? "@" : ":") + reference);
            // a host that does not read as a registry (no dot, port or localhost) became part of a Docker Hub path
            return ref.registry().equals(host) ? ref.toString() : null;
        } catch (StowageException e) {
            return null;
        }
    }
}
