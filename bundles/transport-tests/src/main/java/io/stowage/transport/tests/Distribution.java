package io.stowage.transport.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Uploads to a registry by the distribution API itself, for content skopeo will not write as
 * given (OCI 1.1 artifacts, indexes with {@code artifactType}, referrers tags, the contract's test
 * image): a blob by POST and PUT with its digest, a manifest by PUT; each must be accepted.
 */
public final class Distribution {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Distribution() {
    }

    /** Uploads {@code blob} to {@code repository} at {@code host}; returns its digest. */
    public static String blob(String host, String repository, byte[] blob) throws IOException, InterruptedException {
        String digest = io.stowage.api.Digest.of(blob).toString();
        HttpResponse<String> start = expect(202, HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        URI upload = URI.create("http://" + host).resolve(start.headers().firstValue("Location").orElseThrow());
        String sep = upload.getQuery() == null ? "?" : "&";
        expect(201, HTTP.send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                HttpResponse.BodyHandlers.ofString()));
        return digest;
    }

    /** Puts {@code manifest} (exactly these bytes) at {@code repository:tag}; returns its digest. */
    public static String manifest(String host, String repository, String tag, String mediaType, byte[] manifest)
            throws IOException, InterruptedException {
        expect(201, HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
                HttpResponse.BodyHandlers.ofString()));
        return io.stowage.api.Digest.of(manifest).toString();
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + ": HTTP " + r.statusCode() + ", not " + status
                    + ": " + r.body());
        }
        return r;
    }
}
