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
import java.nio.charset.StandardCharsets;

/**
 * A repository written over the distribution spec's push endpoints: {@code HEAD} for blobs it
 * has, a cross-repository mount ({@code POST …/blobs/uploads/?mount=…&from=…}), uploads that are
 * monolithic ({@code PUT …?digest=}) up to {@code chunk} bytes and chunked ({@code PATCH} with
 * {@code Content-Range}, then {@code PUT}) beyond, and the manifest by {@code PUT} under its tag.
 * Every request goes through the {@link RegistryClient}, as a pull's do: its authorization (the
 * handshake put push in the token's scope), redirects, retries (not for a request whose body is
 * a stream read once: a blob's bytes) and bounds.
 */
final class RegistryDestination implements ImageDestination {
    private final RegistryClient client;
    private final long chunk;

    RegistryDestination(RegistryClient client, long chunk) {
        this.client = client;
        this.chunk = chunk;
    }

    private HostLimits limits = HostLimits.NONE;

    /** Blob uploads keep to the host's caps (rate, concurrency). */
    RegistryDestination limitedBy(HostLimits limits) {
        this.limits = limits;
        return this;
    }

    @Override
    public boolean has(Descriptor blob) {
        try (Response r = client.call(Request.of("HEAD", client.url("blobs/" + blob.digest())), "blob " + blob.digest())) {
            if (r.status() == 200) {
                return true;
            }
            if (r.status() == 404) {
                return false;
            }
            throw RegistryErrors.of(r, "blob " + blob.digest());
        }
    }

    @Override
    public boolean mount(Descriptor blob, String fromRepository) {
        String what = "blob " + blob.digest();
        try (Response r = client.call(Request.of("POST", client.url("blobs/uploads/?mount=" + blob.digest() + "&from="
                + URLEncoder.encode(fromRepository, StandardCharsets.UTF_8))), what)) {
            if (r.status() == 201) {
                return true;
            }
            if (r.status() == 202) {
                cancel(location(r, what)); // the registry opened an upload instead: not needed
                return false;
            }
            if (r.status() == 401 || r.status() == 403) {
                return false; // no access to the other repository: the blob is sent instead
            }
            throw RegistryErrors.of(r, what);
        }
    }

    @Override
    public void put(Descriptor blob, InputStream bytes) {
        String what = "blob " + blob.digest();
        // the caller's stream is the caller's to close: closing this one frees the host's place only
        try (InputStream paced = limits.transfer(what, () -> new java.io.FilterInputStream(bytes) {
            @Override
            public void close() {
            }
        })) {
            upload(blob, paced, what);
        } catch (java.io.IOException e) {
            throw new StowageException(Reason.IO, what + ": " + e.getMessage(), e);
        }
    }

    private void upload(Descriptor blob, InputStream bytes, String what) {
        String location;
        try (Response started = client.call(Request.of("POST", client.url("blobs/uploads/")), what)) {
            expect(started, 202, what);
            location = location(started, what);
        }
        if (blob.size() > chunk) {
            for (long sent = 0; sent < blob.size();) {
                long n = Math.min(chunk, blob.size() - sent);
                Request patch = Request.of("PATCH", location).withBody("application/octet-stream",
                        Request.Body.once(new Chunk(bytes, n), n)).withContentRange(sent + "-" + (sent + n - 1));
                try (Response r = client.call(patch, what)) {
                    expect(r, 202, what);
                    location = location(r, what);
                }
                sent += n;
            }
            finish(Request.of("PUT", withDigest(location, blob.digest())), what);
        } else {
            finish(Request.of("PUT", withDigest(location, blob.digest())).withBody("application/octet-stream",
                    Request.Body.once(bytes, blob.size())), what);
        }
    }

    private void finish(Request put, String what) {
        try (Response done = client.call(put, what)) {
            expect(done, 201, what);
        }
    }

    @Override
    public Digest putManifest(String tag, String mediaType, byte[] bytes) {
        String what = "manifest for " + tag;
        Request put = Request.of("PUT", client.url("manifests/" + tag)).withBody(mediaType, Request.Body.of(bytes));
        try (Response r = client.call(put, what)) {
            expect(r, 201, what);
            String header = r.header("Docker-Content-Digest");
            return header == null ? Digest.of(bytes) : Digest.parse(header.trim());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8);
    }

    /** The upload's {@code Location}, resolved against the registry. */
    private String location(Response r, String what) {
        String l = r.header("Location");
        if (l == null) {
            throw new StowageException(Reason.INVALID, what + ": registry " + client.endpoint().registry()
                    + " opened an upload without a Location");
        }
        try {
            return URI.create(client.endpoint().base() + "/").resolve(l).toString();
        } catch (IllegalArgumentException e) {
            throw new StowageException(Reason.INVALID, what + ": registry " + client.endpoint().registry()
                    + " gave an upload Location that is not a URL");
        }
    }

    private void cancel(String location) {
        try (Response ignored = client.call(Request.of("DELETE", location), "upload")) {
            // an abandoned upload expires on the registry anyway
        } catch (StowageException ignored) {
            // as above
        }
    }

    private static void expect(Response r, int status, String what) {
        if (r.status() != status) {
            throw RegistryErrors.of(r, what);
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
