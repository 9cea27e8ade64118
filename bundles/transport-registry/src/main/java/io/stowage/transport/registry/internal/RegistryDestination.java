package io.stowage.transport.registry.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.oci.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A repository written over the distribution spec's push endpoints: {@code HEAD} for blobs it
 * has, a cross-repository mount ({@code POST …/blobs/uploads/?mount=…&from=…}), uploads that are
 * monolithic ({@code PUT …?digest=}) up to {@code chunk} bytes and chunked ({@code PATCH} with
 * {@code Content-Range}, then {@code PUT}) beyond, and the manifest by {@code PUT} under its tag.
 * Requests go through the JDK's HttpClient, which can send {@code PATCH}; authorization comes
 * from the {@link RegistryClient}'s handshake, with push in its token scope.
 */
final class RegistryDestination implements ImageDestination {
    /** The most of an answer's body read: push answers carry at most an error document. */
    private static final int MAX_ANSWER = 64 * 1024;

    /** An answer: its status, headers and the first {@link #MAX_ANSWER} bytes of its body. */
    private record Answer(int statusCode, java.net.http.HttpHeaders headers, byte[] body) {
    }

    private final RegistryClient client;
    private final HttpClient http;
    private final long chunk;
    private final Duration timeout;

    RegistryDestination(RegistryClient client, long chunk, int connectTimeout, int readTimeout) {
        this.client = client;
        this.chunk = chunk;
        this.timeout = Duration.ofMillis(Math.max(readTimeout, 1000) * 10L);
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(connectTimeout)).version(HttpClient.Version.HTTP_1_1);
        Tls tls = client.endpoint().tls();
        if (tls != null) {
            b.sslContext(tls.context());
        }
        this.http = b.build();
    }

    private String base() {
        return client.endpoint().base() + "/v2/" + client.repository();
    }

    @Override
    public boolean has(Descriptor blob) {
        Answer r = send("HEAD", base() + "/blobs/" + blob.digest(), null, 0, null, null, "blob " + blob.digest());
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw failure(r, "blob " + blob.digest());
    }

    @Override
    public boolean mount(Descriptor blob, String fromRepository) {
        String what = "blob " + blob.digest();
        Answer r = send("POST", base() + "/blobs/uploads/?mount=" + blob.digest() + "&from="
                + URLEncoder.encode(fromRepository, StandardCharsets.UTF_8), null, 0, null, null, what);
        if (r.statusCode() == 201) {
            return true;
        }
        if (r.statusCode() == 202) {
            cancel(location(r, what)); // the registry opened an upload instead: not needed
            return false;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            return false; // no access to the other repository: the blob is sent instead
        }
        throw failure(r, what);
    }

    @Override
    public void put(Descriptor blob, InputStream bytes) {
        String what = "blob " + blob.digest();
        Answer started = send("POST", base() + "/blobs/uploads/", null, 0, null, null, what);
        if (started.statusCode() != 202) {
            throw failure(started, what);
        }
        String location = location(started, what);
        long sent = 0;
        if (blob.size() > chunk) {
            while (sent < blob.size()) {
                long n = Math.min(chunk, blob.size() - sent);
                InputStream bounded = new Chunk(bytes, n);
                Answer r = send("PATCH", location, "application/octet-stream", n, () -> bounded,
                        sent + "-" + (sent + n - 1), what);
                if (r.statusCode() != 202) {
                    throw failure(r, what);
                }
                location = location(r, what);
                sent += n;
            }
            Answer done = send("PUT", withDigest(location, blob.digest()), "application/octet-stream", 0, null,
                    null, what);
            expect(done, 201, what);
        } else {
            Answer done = send("PUT", withDigest(location, blob.digest()), "application/octet-stream", blob.size(),
                    () -> bytes, null, what);
            expect(done, 201, what);
        }
    }

    @Override
    public Digest putManifest(String tag, String mediaType, byte[] bytes) {
        String what = "manifest for " + tag;
        Answer r = send("PUT", base() + "/manifests/" + tag, mediaType, bytes.length,
                () -> new java.io.ByteArrayInputStream(bytes), null, what);
        expect(r, 201, what);
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        return header.map(h -> Digest.parse(h.trim())).orElse(Digest.of(bytes));
    }

    @Override
    public void close() {
        client.close(); // HttpClient's connections close when it is collected
    }

    private static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8);
    }

    private String location(Answer r, String what) {
        String l = r.headers().firstValue("Location").orElseThrow(
                () -> new StowageException(Reason.INVALID, what + ": registry " + client.endpoint().registry()
                        + " opened an upload without a Location"));
        return URI.create(client.endpoint().base() + "/").resolve(l).toString();
    }

    private void cancel(String location) {
        try {
            send("DELETE", location, null, 0, null, null, "upload");
        } catch (StowageException ignored) {
            // an abandoned upload expires on the registry
        }
    }

    private void expect(Answer r, int status, String what) {
        if (r.statusCode() != status) {
            throw failure(r, what);
        }
    }

    private StowageException failure(Answer r, String what) {
        return RegistryErrors.of(r.statusCode(), r.body(), what);
    }

    /**
     * One request, with the client's authorization when {@code url} is on the registry's origin
     * (an upload {@code Location} on another host or scheme gets none); a 401 from the registry to
     * a request without a body earns one new authorization and one more try (the handshake has
     * authorized pushing already).
     */
    private Answer send(String method, String url, String contentType, long length, Supplier<InputStream> body,
            String contentRange, String what) {
        for (int attempt = 0;; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(client.retry().within(timeout))
                    .header("User-Agent", "stowage/0.1");
            String auth = client.isOwn(url) ? client.authorization() : null;
            if (auth != null) {
                b.header("Authorization", auth);
            }
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (contentRange != null) {
                b.header("Content-Range", contentRange);
            }
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), length);
            b.method(method, publisher);
            Answer r;
            long start = System.nanoTime();
            try {
                HttpResponse<InputStream> response;
                try {
                    response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException e) {
                    client.observers().report(method, url, client.isOwn(url), 0, body == null ? 0 : length, -1, start);
                    throw e;
                }
                client.observers().report(method, url, client.isOwn(url), response.statusCode(), body == null ? 0 : length,
                        response.headers().firstValueAsLong("Content-Length").orElse(-1), start);
                try (InputStream in = response.body()) {
                    client.retry().watch(in);
                    r = new Answer(response.statusCode(), response.headers(), in.readNBytes(MAX_ANSWER));
                }
            } catch (IOException e) {
                throw client.unavailable(what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StowageException(Reason.IO, what + ": cancelled", e);
            }
            if (r.statusCode() == 401 && attempt == 0 && body == null
                    && client.reauthorize(url, r.headers().firstValue("WWW-Authenticate").orElse(null), what)) {
                continue;
            }
            return r;
        }
    }

    /** The next {@code limit} bytes of a blob's stream; closing it leaves the stream open for the next chunk. */
    private static final class Chunk extends BulkInputStream {
        private final InputStream in;
        private long left;

        Chunk(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
