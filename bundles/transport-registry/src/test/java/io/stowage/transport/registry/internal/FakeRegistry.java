package io.stowage.transport.registry.internal;

import com.sun.net.httpserver.HttpExchange;
import io.stowage.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process registry for one repository, {@code app}, on a {@link LyingServer}: the
 * distribution spec's pull and push endpoints kept in memory — manifests by tag and digest
 * (GET, HEAD, PUT), blobs (GET with Range, HEAD), uploads (POST, PATCH with Content-Range, PUT
 * with the digest checked, DELETE, mount from {@code other}), the tag list in pages with
 * {@code Link}. A test scripts faults on top with {@link #failNext} or the server's own handlers.
 */
final class FakeRegistry implements AutoCloseable {
    final LyingServer server;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** By tag and by digest: the media type and the bytes. */
    final Map<String, Map.Entry<String, byte[]>> manifests = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> faults = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeRegistry() throws IOException {
        server = new LyingServer();
        server.on("/v2/", ex -> LyingServer.send(ex, 200, Map.of("Docker-Distribution-API-Version", "registry/2.0"), new byte[0]));
        server.on("/v2/app/", this::answer);
    }

    String host() {
        return server.host();
    }

    /** The next {@code statuses.length} requests whose {@code METHOD /path} starts with {@code prefix} get these statuses. */
    FakeRegistry failNext(String prefix, Integer... statuses) {
        faults.put(prefix, new ArrayList<>(List.of(statuses)));
        return this;
    }

    /** Requests as the server recorded them, {@code METHOD /path?query}, without the Authorization note. */
    List<String> requests() {
        synchronized (server.requests) {
            return server.requests.stream().map(r -> r.substring(0, r.lastIndexOf(" with"))).toList();
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring("/v2/app/".length());
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String method = ex.getRequestMethod();
        for (Map.Entry<String, List<Integer>> f : faults.entrySet()) {
            if ((method + " " + ex.getRequestURI().getRawPath()).startsWith(f.getKey())) {
                synchronized (f.getValue()) {
                    if (!f.getValue().isEmpty()) {
                        int status = f.getValue().remove(0);
                        error(ex, status, "UNAVAILABLE", "fault injected");
                        return;
                    }
                }
            }
        }
        byte[] body = ex.getAttribute("body") instanceof byte[] b ? b : new byte[0];
        if (path.startsWith("manifests/")) {
            manifest(ex, method, path.substring("manifests/".length()), body);
        } else if (path.equals("blobs/uploads/") && method.equals("POST")) {
            startUpload(ex, query);
        } else if (path.startsWith("blobs/uploads/")) {
            upload(ex, method, path.substring("blobs/uploads/".length()), query, body);
        } else if (path.startsWith("blobs/")) {
            blob(ex, method, path.substring("blobs/".length()));
        } else if (path.equals("tags/list")) {
            tags(ex, query);
        } else {
            error(ex, 404, "NAME_UNKNOWN", "no such endpoint");
        }
    }

    private void manifest(HttpExchange ex, String method, String ref, byte[] body) throws IOException {
        if (method.equals("PUT")) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            Digest d = Digest.of(body);
            manifests.put(ref, Map.entry(type, body));
            manifests.put(d.toString(), Map.entry(type, body));
            LyingServer.send(ex, 201, Map.of("Docker-Content-Digest", d.toString(), "Location", "/v2/app/manifests/" + d), new byte[0]);
            return;
        }
        Map.Entry<String, byte[]> m = manifests.get(ref);
        if (m == null) {
            error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            return;
        }
        Map<String, String> headers = Map.of("Content-Type", m.getKey(), "Docker-Content-Digest", Digest.of(m.getValue()).toString());
        if (method.equals("HEAD")) {
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(200, -1);
        } else {
            LyingServer.send(ex, 200, headers, m.getValue());
        }
    }

    private void blob(HttpExchange ex, String method, String digest) throws IOException {
        byte[] b = blobs.get(digest);
        if (b == null) {
            error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
            return;
        }
        if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(b.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            byte[] rest = java.util.Arrays.copyOfRange(b, from, b.length);
            LyingServer.send(ex, 206, Map.of("Content-Range", "bytes " + from + "-" + (b.length - 1) + "/" + b.length), rest);
        } else {
            LyingServer.send(ex, 200, Map.of("Content-Type", "application/octet-stream"), b);
        }
    }

    private void startUpload(HttpExchange ex, String query) throws IOException {
        Map<String, String> q = query(query);
        if (q.containsKey("mount")) {
            if ("other".equals(q.get("from")) && blobs.containsKey(q.get("mount"))) {
                LyingServer.send(ex, 201, Map.of("Location", "/v2/app/blobs/" + q.get("mount")), new byte[0]);
                return;
            }
        }
        String id = "u" + ids.incrementAndGet();
        uploads.put(id, new ByteArrayOutputStream());
        LyingServer.send(ex, 202, Map.of("Location", "/v2/app/blobs/uploads/" + id, "Range", "0-0"), new byte[0]);
    }

    private void upload(HttpExchange ex, String method, String id, String query, byte[] body) throws IOException {
        ByteArrayOutputStream upload = uploads.get(id);
        if (upload == null) {
            error(ex, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
            return;
        }
        switch (method) {
            case "PATCH" -> {
                String range = ex.getRequestHeaders().getFirst("Content-Range");
                if (range == null || !range.startsWith(upload.size() + "-")) {
                    error(ex, 416, "BLOB_UPLOAD_INVALID", "range " + range + " does not follow " + upload.size());
                    return;
                }
                upload.write(body);
                LyingServer.send(ex, 202, Map.of("Location", "/v2/app/blobs/uploads/" + id, "Range", "0-" + (upload.size() - 1)), new byte[0]);
            }
            case "PUT" -> {
                upload.write(body);
                String digest = java.net.URLDecoder.decode(query(query).getOrDefault("digest", ""), StandardCharsets.UTF_8);
                byte[] all = upload.toByteArray();
                if (!Digest.of(all).toString().equals(digest)) {
                    error(ex, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
                    return;
                }
                uploads.remove(id);
                blobs.put(digest, all);
                LyingServer.send(ex, 201, Map.of("Location", "/v2/app/blobs/" + digest, "Docker-Content-Digest", digest), new byte[0]);
            }
            case "DELETE" -> {
                uploads.remove(id);
                LyingServer.send(ex, 204, Map.of(), new byte[0]);
            }
            default -> error(ex, 405, "UNSUPPORTED", method);
        }
    }

    private void tags(HttpExchange ex, String query) throws IOException {
        Map<String, String> q = query(query);
        int n = Integer.parseInt(q.getOrDefault("n", "1000"));
        TreeSet<String> all = new TreeSet<>();
        manifests.keySet().stream().filter(k -> !k.startsWith("sha256:")).forEach(all::add);
        List<String> page = (q.containsKey("last") ? all.tailSet(q.get("last"), false) : all).stream().limit(n).toList();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!page.isEmpty() && !all.last().equals(page.get(page.size() - 1))) {
            headers.put("Link", "</v2/app/tags/list?last=" + page.get(page.size() - 1) + "&n=" + n + ">; rel=\"next\"");
        }
        String json = "{\"name\":\"app\",\"tags\":[" + String.join(",", page.stream().map(t -> "\"" + t + "\"").toList()) + "]}";
        LyingServer.send(ex, 200, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        LyingServer.send(ex, status, Map.of("Content-Type", "application/json"),
                ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String query) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return q;
    }

    @Override
    public void close() {
        server.close();
    }
}
