package io.stowage.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback proxy in front of a real registry that misbehaves on request, as links and
 * registries do but no registry does when asked: it cuts a response after N body bytes, stalls
 * after N bytes, or answers a status (429, 503) instead. It counts the body bytes it passes on
 * per path, to show what a client fetched again.
 */
final class FaultProxy implements AutoCloseable {
    /** One misbehaviour, used up by one request. */
    record Fault(int status, String retryAfter, Map<String, String> headers, long afterBytes, long stallMillis, long trickleMillis) {
        static Fault cut(long afterBytes) {
            return new Fault(0, null, Map.of(), afterBytes, 0, 0);
        }

        static Fault stall(long afterBytes, long millis) {
            return new Fault(0, null, Map.of(), afterBytes, millis, 0);
        }

        static Fault status(int status, String retryAfter, Map<String, String> headers) {
            return new Fault(status, retryAfter, headers, -1, 0, 0);
        }

        /** The whole body, one byte every {@code millis}: each read is quick, the answer endless in effect. */
        static Fault trickle(long millis) {
            return new Fault(0, null, Map.of(), -1, 0, millis);
        }
    }

    final List<String> requests = Collections.synchronizedList(new java.util.ArrayList<>());
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final String upstream;
    private final HttpServer server;

    FaultProxy(String upstreamHost) throws IOException {
        this(upstreamHost, 0);
    }

    /** A proxy on 127.0.0.1:{@code port} (0: a free one): a registry that comes up where clients already look. */
    FaultProxy(String upstreamHost, int port) throws IOException {
        this.upstream = "http://" + upstreamHost;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests whose path ends with {@code pathEnd} meet these faults, in order. */
    void fail(String pathEnd, Fault... next) {
        faults.computeIfAbsent(pathEnd, k -> new ArrayDeque<>()).addAll(List.of(next));
    }

    /** A canned answer the proxy gives itself instead of relaying: what a registry has that the real one lacks. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** Requests whose path and query end with {@code targetEnd} get {@code answer}, every time, from the proxy itself. */
    void answer(String targetEnd, Answer answer) {
        answers.put(targetEnd, answer);
    }

    private boolean answered(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().toString();
        for (Map.Entry<String, Answer> e : answers.entrySet()) {
            if (target.endsWith(e.getKey())) {
                Answer a = e.getValue();
                a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
                return true;
            }
        }
        return false;
    }

    /** Body bytes passed on for paths ending with {@code pathEnd}. */
    long sent(String pathEnd) {
        return sent.entrySet().stream().filter(e -> e.getKey().endsWith(pathEnd)).mapToLong(e -> e.getValue().get()).sum();
    }

    private Fault nextFault(String path) {
        for (Map.Entry<String, Deque<Fault>> e : faults.entrySet()) {
            if (path.endsWith(e.getKey())) {
                synchronized (e.getValue()) {
                    return e.getValue().pollFirst();
                }
            }
        }
        return null;
    }

    /**
     * Pages tag lists as the distribution spec describes ({@code n}, {@code last}, a {@code Link}
     * to the next page), which Debian's docker-registry 2.8 does not do: it answers every tag.
     */
    volatile boolean paginateTags;

    private boolean tagPage(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (!paginateTags || !path.endsWith("/tags/list")) {
            return false;
        }
        Map<String, String> query = new java.util.HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                query.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        HttpURLConnection up = (HttpURLConnection) URI.create(upstream + path).toURL().openConnection();
        com.fasterxml.jackson.databind.JsonNode list = Fixture.json(up.getInputStream().readAllBytes());
        List<String> tags = new java.util.ArrayList<>();
        list.path("tags").forEach(t -> tags.add(t.asText()));
        Collections.sort(tags);
        String last = query.get("last");
        int from = last == null ? 0 : (int) tags.stream().filter(t -> t.compareTo(last) <= 0).count();
        int n = Integer.parseInt(query.getOrDefault("n", Integer.toString(tags.size())));
        List<String> page = tags.subList(Math.min(from, tags.size()), Math.min(from + n, tags.size()));
        if (from + n < tags.size()) {
            ex.getResponseHeaders().set("Link", "<" + path + "?last=" + page.get(page.size() - 1) + "&n=" + n + ">; rel=\"next\"");
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = Fixture.JSON.createObjectNode().put("name", list.path("name").asText());
        page.forEach(body.putArray("tags")::add);
        sendJson(ex, body);
        return true;
    }

    /**
     * Answers blob GETs with a 307 to {@code localhost:<port>/storage/…} (another host name than
     * the registry's 127.0.0.1), as registries on S3 do, which a filesystem registry does not;
     * the proxy serves the storage itself, fetching with {@link #storageLogin}, and records
     * whether a storage request came with an Authorization header.
     */
    volatile boolean redirectBlobs;
    volatile String storageLogin;
    /** The storage host answers 401 with a Bearer challenge whose realm is its own ({@code /storage/token}). */
    volatile boolean challengeStorage;
    final List<String> storageRequests = Collections.synchronizedList(new java.util.ArrayList<>());

    private boolean storage(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (redirectBlobs && path.startsWith("/v2/") && path.contains("/blobs/sha256:") && ex.getRequestMethod().equals("GET")) {
            ex.getResponseHeaders().set("Location", "http://localhost:" + server.getAddress().getPort() + "/storage" + path);
            ex.sendResponseHeaders(307, -1);
            ex.close();
            return true;
        }
        if (!path.startsWith("/storage/")) {
            return false;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        storageRequests.add(path + (auth == null ? " without Authorization" : " with Authorization"));
        if (challengeStorage) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://localhost:" + server.getAddress().getPort()
                    + "/storage/token\",service=\"storage\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return true;
        }
        HttpURLConnection up = (HttpURLConnection) URI.create(upstream + path.substring("/storage".length())).toURL().openConnection();
        if (storageLogin != null) {
            up.setRequestProperty("Authorization", storageLogin);
        }
        byte[] body = up.getInputStream().readAllBytes();
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        return true;
    }

    /**
     * Upload locations the registry gives are rewritten to {@code localhost:<port>/relay/…} (another
     * host name than the registry's), as registries whose uploads go to other hosts do; the
     * proxy relays them upstream with {@link #storageLogin} and records whether a request came
     * with an Authorization header.
     */
    volatile boolean uploadsElsewhere;
    final List<String> relayRequests = Collections.synchronizedList(new java.util.ArrayList<>());

    private String relayed(String location) {
        if (!uploadsElsewhere || location == null || !location.contains("/blobs/uploads/")) {
            return location;
        }
        URI u = URI.create(location);
        return "http://localhost:" + server.getAddress().getPort() + "/relay" + u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /**
     * Ends every tag list with a {@code Link} to a next page of two new tags, forever, after
     * putting {@link #hostileTags} on the first page.
     */
    volatile boolean endlessTags;
    volatile List<String> hostileTags = List.of();

    private boolean tagLies(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (!path.endsWith("/tags/list") || (!endlessTags && hostileTags.isEmpty())) {
            return false;
        }
        String query = ex.getRequestURI().getRawQuery();
        int page = query != null && query.contains("last=p") ? Integer.parseInt(query.replaceAll(".*last=p(\\d+).*", "$1")) + 1 : 0;
        com.fasterxml.jackson.databind.node.ObjectNode body = Fixture.JSON.createObjectNode().put("name", "lies");
        com.fasterxml.jackson.databind.node.ArrayNode tags = body.putArray("tags");
        if (page == 0) {
            hostileTags.forEach(tags::add);
        }
        tags.add("latest");
        tags.add("p" + page);
        if (endlessTags) {
            ex.getResponseHeaders().set("Link", "<" + path + "?last=p" + page + "&n=2>; rel=\"next\"");
        }
        sendJson(ex, body);
        return true;
    }

    private static void sendJson(HttpExchange ex, com.fasterxml.jackson.databind.JsonNode body) throws IOException {
        byte[] bytes = Fixture.JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (path.startsWith("/relay/")) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            relayRequests.add(ex.getRequestMethod() + " " + path + (auth == null ? " without Authorization" : " with Authorization"));
        }
        if (answered(ex)) {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " answered");
            return;
        }
        if (tagLies(ex)) {
            requests.add(ex.getRequestMethod() + " " + path + "?" + ex.getRequestURI().getRawQuery());
            return;
        }
        if (storage(ex)) {
            requests.add(ex.getRequestMethod() + " " + path);
            return;
        }
        if (tagPage(ex)) {
            requests.add(ex.getRequestMethod() + " " + path + "?" + ex.getRequestURI().getRawQuery());
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        Fault fault = nextFault(path);
        requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range)
                + (fault == null ? "" : " fault"));
        if (fault != null && fault.status() > 0) {
            if (fault.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", fault.retryAfter());
            }
            fault.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(fault.status(), -1);
            ex.close();
            return;
        }
        boolean relay = path.startsWith("/relay/");
        String target = relay ? ex.getRequestURI().toString().substring("/relay".length()) : ex.getRequestURI().toString();
        HttpURLConnection up = (HttpURLConnection) URI.create(upstream + target).toURL().openConnection();
        up.setInstanceFollowRedirects(false);
        up.setRequestMethod(ex.getRequestMethod()); // not PATCH, which HttpURLConnection cannot send: monolithic uploads only
        for (String h : List.of("Accept", "Authorization", "Range", "Content-Type", "Content-Range")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                up.setRequestProperty(h, v);
            }
        }
        if (relay && storageLogin != null) {
            up.setRequestProperty("Authorization", storageLogin);
        }
        byte[] requestBody = ex.getRequestBody().readAllBytes();
        if (requestBody.length > 0 || ex.getRequestMethod().equals("PUT")) {
            up.setDoOutput(true);
            up.setFixedLengthStreamingMode(requestBody.length);
            try (OutputStream out = up.getOutputStream()) {
                out.write(requestBody);
            }
        }
        int status = up.getResponseCode();
        for (String h : List.of("Content-Type", "Docker-Content-Digest", "Content-Range", "Location", "WWW-Authenticate",
                "Docker-Distribution-Api-Version", "Range", "Docker-Upload-UUID")) {
            String v = up.getHeaderField(h);
            if (v != null) {
                ex.getResponseHeaders().set(h, h.equals("Location") ? relayed(v) : v);
            }
        }
        long length = up.getContentLengthLong();
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            if (length >= 0) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
            up.disconnect();
            return;
        }
        ex.sendResponseHeaders(status, length < 0 ? 0 : (length == 0 ? -1 : length));
        AtomicLong count = sent.computeIfAbsent(path, k -> new AtomicLong());
        boolean blob = path.contains("/blobs/sha256:");
        if (blob) {
            int now = blobsInFlight.incrementAndGet();
            mostBlobsInFlight.accumulateAndGet(now, Math::max);
        }
        try (InputStream in = status >= 400 ? up.getErrorStream() : up.getInputStream(); OutputStream out = ex.getResponseBody()) {
            if (in == null) {
                return;
            }
            if (fault != null && fault.trickleMillis() > 0) {
                for (int b; (b = in.read()) >= 0;) {
                    out.write(b);
                    out.flush();
                    count.incrementAndGet();
                    sleep(fault.trickleMillis());
                }
                return;
            }
            byte[] buf = new byte[64 * 1024];
            long passed = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                if (fault != null && passed + n >= fault.afterBytes()) {
                    int part = (int) (fault.afterBytes() - passed);
                    out.write(buf, 0, part);
                    out.flush();
                    count.addAndGet(part);
                    if (fault.stallMillis() > 0) {
                        sleep(fault.stallMillis());
                    }
                    throw new IOException("fault: connection cut after " + fault.afterBytes() + " bytes");
                }
                out.write(buf, 0, n);
                passed += n;
                count.addAndGet(n);
            }
        } finally {
            if (blob) {
                blobsInFlight.decrementAndGet();
            }
            up.disconnect();
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger blobsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** The most blob bodies the proxy was passing on at once. */
    final java.util.concurrent.atomic.AtomicInteger mostBlobsInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
