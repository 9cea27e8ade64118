package io.stowage.server.internal;

import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.api.store.BlobWriter;
import io.stowage.api.store.LeaseManager;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Blob uploads into the store (the push side of the distribution spec): monolithic ({@code POST}
 * or {@code PUT} with {@code ?digest=}), chunked ({@code PATCH}, each chunk where the last ended),
 * and cross-repository mounts. An upload writes through a store writer, invisible until its
 * {@code PUT} commits it with the digest checked; a cut, a wrong digest or too many bytes drops it.
 * A committed or mounted blob is held by a lease until a manifest naming it is received or an
 * hour has passed, so a prune between the blobs and the manifest takes nothing. At most
 * {@value #MAX_SESSIONS} uploads at once; one idle for {@value #IDLE_MINUTES} minutes is dropped.
 */
final class Uploads {
    static final int MAX_SESSIONS = 64;
    static final int IDLE_MINUTES = 15;
    private static final long IDLE_NANOS = IDLE_MINUTES * 60_000_000_000L;
    private static final long HOLD_NANOS = 60 * 60_000_000_000L;
    private static final int BUFFER = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<BlobStore> store;
    private final Supplier<LeaseManager.Lease> leases;
    private final long maxSize;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<Digest, Held> held = new ConcurrentHashMap<>();

    /** An upload in progress: its writer, used by one request at a time. */
    private static final class Session {
        final String id;
        final String name;
        final BlobWriter writer;
        final ReentrantLock lock = new ReentrantLock();
        volatile long touched = System.nanoTime();

        Session(String id, String name, BlobWriter writer) {
            this.id = id;
            this.name = name;
            this.writer = writer;
        }
    }

    private record Held(LeaseManager.Lease lease, long since) {
    }

    Uploads(Supplier<BlobStore> store, Supplier<LeaseManager.Lease> leases, long maxSize) {
        this.store = store;
        this.leases = leases;
        this.maxSize = maxSize;
    }

    /** {@code POST /v2/<name>/blobs/uploads/}: a mount, a monolithic upload, or a new session. */
    void start(HttpServletRequest req, HttpServletResponse resp, String name) throws IOException {
        sweep();
        String mount = Query.param(req, "mount");
        if (mount != null) {
            Digest d = Errors.digest(mount, resp);
            if (d == null) {
                return;
            }
            if (store.get().info(d).isPresent()) {
                hold(d);
                created(resp, name, d);
                return;
            }
        }
        if (sessions.size() >= MAX_SESSIONS) {
            Errors.send(resp, 429, "TOOMANYREQUESTS", "too many uploads in progress; try again later");
            return;
        }
        Session s = new Session(HexFormat.of().formatHex(bytes()), name,
                store.get().writer());
        String whole = Query.param(req, "digest");
        if (whole != null) {
            s.lock.lock();
            try {
                finish(req, resp, s, whole);
            } finally {
                s.lock.unlock();
            }
            return;
        }
        sessions.put(s.id, s);
        progress(resp, 202, s);
    }

    private static byte[] bytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    /** {@code PATCH}, {@code PUT}, {@code GET} or {@code DELETE} of {@code /v2/<name>/blobs/uploads/<id>}. */
    void session(HttpServletRequest req, HttpServletResponse resp, String name, String id, String method) throws IOException {
        sweep();
        Session s = sessions.get(id);
        if (s == null || !s.name.equals(name)) {
            Errors.send(resp, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
            return;
        }
        s.lock.lock();
        try {
            if (sessions.get(id) != s) { // dropped while this request waited
                Errors.send(resp, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
                return;
            }
            s.touched = System.nanoTime();
            switch (method) {
                case "GET" -> progress(resp, 204, s);
                case "DELETE" -> {
                    drop(s);
                    resp.setStatus(204);
                }
                case "PATCH" -> {
                    if (append(req, resp, s, req.getHeader("Content-Range"))) {
                        progress(resp, 202, s);
                    }
                }
                case "PUT" -> finish(req, resp, s, Query.param(req, "digest"));
                default -> Errors.send(resp, 405, "UNSUPPORTED", "method not allowed on an upload");
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** The last bytes (if any) and the commit: the digest and size checked, the blob then held. */
    private void finish(HttpServletRequest req, HttpServletResponse resp, Session s, String digestParam) throws IOException {
        Digest d = Errors.digest(digestParam, resp);
        if (d == null) {
            drop(s);
            return;
        }
        if (!append(req, resp, s, null)) {
            return;
        }
        try {
            s.writer.commit(s.writer.size(), d);
        } catch (StowageException e) {
            drop(s);
            Errors.send(resp, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
            return;
        }
        sessions.remove(s.id);
        hold(d);
        created(resp, s.name, d);
    }

    /**
     * Appends the request's body; false when it was refused (the error is sent) or cut (the upload
     * is dropped). {@code contentRange}, when given, must start where the upload stands.
     */
    private boolean append(HttpServletRequest req, HttpServletResponse resp, Session s, String contentRange) throws IOException {
        long at = s.writer.size();
        if (contentRange != null) {
            long start = rangeStart(contentRange);
            if (start != at) {
                resp.setHeader("Range", at == 0 ? "0-0" : "0-" + (at - 1));
                Errors.send(resp, 416, "BLOB_UPLOAD_INVALID", "content range does not start where the upload stands (" + at + ")");
                return false;
            }
        }
        long announced = req.getContentLengthLong();
        if (announced > 0 && at + announced > maxSize) {
            drop(s);
            Errors.send(resp, 413, "SIZE_INVALID", "blob larger than the server takes (" + maxSize + " bytes)");
            return false;
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream in = req.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0;) {
                if (s.writer.size() + n > maxSize) {
                    drop(s);
                    Errors.send(resp, 413, "SIZE_INVALID", "blob larger than the server takes (" + maxSize + " bytes)");
                    return false;
                }
                s.writer.write(buf, 0, n);
            }
        } catch (IOException cut) {
            drop(s);
            throw cut;
        }
        if (announced >= 0 && s.writer.size() - at != announced) {
            drop(s);
            Errors.send(resp, 400, "SIZE_INVALID", "body length differs from Content-Length");
            return false;
        }
        return true;
    }

    /** The first offset of a {@code Content-Range} ({@code <start>-<end>}, or {@code bytes <start>-<end>/<size>}); -1 when unreadable. */
    static long rangeStart(String header) {
        String h = header.startsWith("bytes ") ? header.substring(6) : header;
        int dash = h.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(h.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void progress(HttpServletResponse resp, int status, Session s) {
        long size = s.writer.size();
        resp.setStatus(status);
        resp.setHeader("Location", "/v2/" + s.name + "/blobs/uploads/" + s.id);
        resp.setHeader("Docker-Upload-UUID", s.id);
        resp.setHeader("Range", "0-" + Math.max(0, size - 1));
        resp.setContentLength(0);
    }

    private static void created(HttpServletResponse resp, String name, Digest d) {
        resp.setStatus(201);
        resp.setHeader("Location", "/v2/" + name + "/blobs/" + d);
        resp.setHeader("Docker-Content-Digest", d.toString());
        resp.setContentLength(0);
    }

    private void drop(Session s) {
        sessions.remove(s.id, s);
        s.writer.discard();
    }

    /** Holds {@code d} until a manifest naming it is received, or an hour. */
    private void hold(Digest d) {
        LeaseManager.Lease lease = leases.get();
        lease.add(d);
        Held before = held.put(d, new Held(lease, System.nanoTime()));
        if (before != null) {
            before.lease().close();
        }
    }

    /** Ends the holds of the blobs {@code manifest} names: the image that names them now keeps them. */
    void received(byte[] manifest) {
        String text = new String(manifest, java.nio.charset.StandardCharsets.UTF_8);
        for (Iterator<Map.Entry<Digest, Held>> i = held.entrySet().iterator(); i.hasNext();) {
            Map.Entry<Digest, Held> e = i.next();
            if (text.contains(e.getKey().toString()) && held.remove(e.getKey(), e.getValue())) {
                e.getValue().lease().close();
            }
        }
    }

    /** Drops sessions idle too long and holds older than an hour. */
    private void sweep() {
        long now = System.nanoTime();
        for (Session s : sessions.values()) {
            if (now - s.touched > IDLE_NANOS && s.lock.tryLock()) {
                try {
                    drop(s);
                } finally {
                    s.lock.unlock();
                }
            }
        }
        held.forEach((d, h) -> {
            if (now - h.since() > HOLD_NANOS && held.remove(d, h)) {
                h.lease().close();
            }
        });
    }

    /** Drops every upload and hold (the server stops). */
    void close() {
        sessions.values().forEach(this::drop);
        held.values().forEach(h -> h.lease().close());
        held.clear();
    }
}
