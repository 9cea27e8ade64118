package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Uploads to a registry by the distribution API itself, for content skopeo will not write as
 * given (OCI 1.1 artifacts, indexes with {@code artifactType}, referrers tags): a blob by POST and
 * PUT with its digest, a manifest by PUT; each must be accepted.
 */
final class Distribution {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Distribution() {
    }

    /** Uploads {@code blob} to {@code repository} at {@code host}; returns its digest. */
    static String blob(String host, String repository, byte[] blob) throws Exception {
        HttpResponse<String> start = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, start.statusCode(), start.body());
        URI upload = URI.create("http://" + host).resolve(start.headers().firstValue("Location").orElseThrow());
        String sep = upload.getQuery() == null ? "?" : "&";
        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(upload + sep + "digest=" + Fixture.sha256(blob)))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, done.statusCode(), done.body());
        return Fixture.sha256(blob);
    }

    /** Puts {@code manifest} (exactly these bytes) at {@code repository:tag}; returns its digest. */
    static String manifest(String host, String repository, String tag, String mediaType, byte[] manifest) throws Exception {
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/" + repository
                + "/manifests/" + tag)).header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        return Fixture.sha256(manifest);
    }
}
