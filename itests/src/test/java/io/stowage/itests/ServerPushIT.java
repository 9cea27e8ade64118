package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pushes into a running Stowage's registry server (push=true): skopeo pushes an image and a
 * multi-platform index and reads them back with the same digests; Stowage names what it was
 * pushed as a pull would; a cross-repository mount sends nothing; an artifact pushed with a
 * subject is listed by the Referrers API. Uploads that lie (a wrong digest, a chunk out of place,
 * a body cut halfway, a blob over the limit, a manifest naming a blob never sent, an oversized
 * manifest) get the spec's errors and leave the store as it was; an uploaded blob a manifest has
 * not named yet survives a prune.
 */
class ServerPushIT {
    private static final Fixture f = Fixture.get();
    private static Stowage stowage;
    private static Served served;
    private static String server;

    @BeforeAll
    static void serve() throws Exception {
        stowage = new Stowage();
        served = Served.start(stowage, "push=true\nupload.max.size=4MiB\n");
        server = served.host;
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void skopeoPushesAndReadsBackTheSameDigests() throws Exception {
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("app:latest"),
                "docker://" + server + "/pushed/app:1");
        assertArrayEquals(f.rawManifest("app:latest"),
                f.skopeoBytes("inspect", "--raw", "--tls-verify=false", "docker://" + server + "/pushed/app:1"));
        Path copy = Files.createTempDirectory("pushed-copy");
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + server + "/pushed/app:1", "oci:" + copy + ":app");

        // Stowage named it as a pull would: the same image ID and layers as the source's config says
        JsonNode image = Fixture.json(stowage.ok("image:inspect", server + "/pushed/app:1").out()).get(0);
        assertEquals(Fixture.sha256(f.rawConfig("app:latest")), image.get("Id").asText());
        assertTrue(image.get("RepoDigests").toString().contains(server + "/pushed/app@" + Fixture.sha256(f.rawManifest("app:latest"))),
                image.toString());
        assertTrue(served.output().isEmpty() || !served.output().contains("Exception"), served.output());

        // a second repository of the same registry: skopeo mounts the blobs it knows are there
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + server + "/pushed/app:1",
                "docker://" + server + "/other/app:2");
        assertArrayEquals(f.rawManifest("app:latest"),
                f.skopeoBytes("inspect", "--raw", "--tls-verify=false", "docker://" + server + "/other/app:2"));
    }

    @Test
    void aMultiPlatformIndexIsPushedManifestByManifest() throws Exception {
        f.skopeoBytes("copy", "-q", "--all", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("multi:latest"),
                "docker://" + server + "/pushed/multi:1");
        // every platform's manifest is there by its digest; the tag names this host's platform, as a pull would
        for (JsonNode m : Fixture.json(f.rawManifest("multi:latest")).get("manifests")) {
            String digest = m.get("digest").asText();
            HttpResponse<byte[]> r = served.send("GET", "/v2/pushed/multi/manifests/" + digest,
                    Map.of("Accept", m.get("mediaType").asText()));
            assertEquals(200, r.statusCode(), digest);
            assertEquals(digest, Fixture.sha256(r.body()));
        }
        String listed = stowage.ok("image:ls").out();
        assertTrue(listed.contains(server + "/pushed/multi "), listed);
    }

    @Test
    void aMountOfAStoredBlobSendsNothing() throws Exception {
        byte[] blob = "mounted, not sent".getBytes(StandardCharsets.UTF_8);
        String digest = Fixture.sha256(blob);
        assertEquals(201, served.send("POST", "/v2/mount/a/blobs/uploads/?digest=" + digest, Map.of(), blob).statusCode());
        HttpResponse<byte[]> mount = served.send("POST", "/v2/mount/b/blobs/uploads/?mount=" + digest + "&from=mount/a", Map.of());
        assertEquals(201, mount.statusCode());
        assertEquals("/v2/mount/b/blobs/" + digest, mount.headers().firstValue("Location").orElse(""));
        HttpResponse<byte[]> unknown = served.send("POST", "/v2/mount/b/blobs/uploads/?mount=sha256:" + "1".repeat(64) + "&from=mount/a", Map.of());
        assertEquals(202, unknown.statusCode(), "a blob the store lacks: an upload starts instead, as the spec says");
        String started = unknown.headers().firstValue("Location").orElse("");
        assertTrue(started.startsWith("/v2/mount/b/blobs/uploads/"), started);
        assertEquals(204, served.send("DELETE", started, Map.of()).statusCode(), "an upload is cancelled");
        assertEquals(404, served.send("GET", started, Map.of()).statusCode());
    }

    @Test
    void anArtifactWithASubjectIsListedByTheReferrersApi() throws Exception {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] sbom = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
        upload("art", empty);
        upload("art", sbom);
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("app:latest"),
                "docker://" + server + "/art:v1");
        String subjectDigest = Fixture.sha256(f.rawManifest("app:latest"));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + Fixture.sha256(empty) + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/spdx+json\",\"digest\":\""
                + Fixture.sha256(sbom) + "\",\"size\":" + sbom.length + "}],\"subject\":{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + subjectDigest + "\",\"size\":"
                + f.rawManifest("app:latest").length + "},\"annotations\":{\"org.example.kind\":\"sbom\"}}").getBytes(StandardCharsets.UTF_8);
        String digest = Fixture.sha256(manifest);
        HttpResponse<byte[]> put = served.send("PUT", "/v2/art/manifests/" + digest,
                Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), manifest);
        assertEquals(201, put.statusCode(), new String(put.body(), StandardCharsets.UTF_8));
        assertEquals(subjectDigest, put.headers().firstValue("OCI-Subject").orElse(""));

        JsonNode index = Fixture.json(served.send("GET", "/v2/art/referrers/" + subjectDigest, Map.of()).body());
        assertEquals(1, index.get("manifests").size(), index.toString());
        assertEquals(digest, index.get("manifests").get(0).get("digest").asText());
        assertEquals("application/spdx+json", index.get("manifests").get(0).get("artifactType").asText());
        assertEquals("sbom", index.get("manifests").get(0).get("annotations").get("org.example.kind").asText());
        assertEquals(0, Fixture.json(served.send("GET", "/v2/art/referrers/" + subjectDigest + "?artifactType=text/plain", Map.of())
                .body()).get("manifests").size());
        assertEquals(0, Fixture.json(served.send("GET", "/v2/nowhere/referrers/sha256:" + "2".repeat(64), Map.of()).body())
                .get("manifests").size(), "an unknown subject has none: never a 404");
        // Stowage's own client reads the same list from it
        String table = stowage.ok("registry:referrers", server + "/art:v1").out();
        assertTrue(table.contains(digest) && table.contains("application/spdx+json"), table);
    }

    /** One HTTP answer read from {@code in}: its head, its body (by Content-Length) skipped; "" when the connection ended first. */
    private static String answer(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        for (int c; !head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0;) {
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head.toString();
    }

    /** A monolithic upload of {@code bytes} into {@code name}. */
    private static void upload(String name, byte[] bytes) throws Exception {
        HttpResponse<byte[]> r = served.send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + Fixture.sha256(bytes), Map.of(), bytes);
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void lyingUploadsGetTheSpecsErrorsAndLeaveTheStoreAsItWas() throws Exception {
        List<String> before = blobs();
        byte[] bytes = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        // a wrong digest
        HttpResponse<byte[]> wrong = served.send("POST", "/v2/liar/blobs/uploads/?digest=sha256:" + "3".repeat(64), Map.of(), bytes);
        assertEquals(400, wrong.statusCode());
        assertEquals("DIGEST_INVALID", Served.errorCode(wrong));

        // a chunk that does not start where the upload stands
        String location = served.send("POST", "/v2/liar/blobs/uploads/", Map.of()).headers().firstValue("Location").orElseThrow();
        assertEquals(202, served.send("PATCH", location, Map.of("Content-Range", "0-5"), "twelve".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<byte[]> gap = served.send("PATCH", location, Map.of("Content-Range", "8-13"), " bytes".getBytes(StandardCharsets.UTF_8));
        assertEquals(416, gap.statusCode());
        assertEquals("0-5", gap.headers().firstValue("Range").orElse(""));
        assertEquals(202, served.send("PATCH", location, Map.of("Content-Range", "6-11"), " bytes".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<byte[]> done = served.send("PUT", location + "?digest=" + Fixture.sha256(bytes), Map.of());
        assertEquals(201, done.statusCode(), "the chunks in order make the blob");
        assertEquals(Fixture.sha256(bytes), done.headers().firstValue("Docker-Content-Digest").orElse(""));

        // a chunk at the wrong offset whose body comes after its headers: the refusal reaches the client and
        // the connection stays usable (JDK's client reuses it; a server closing it with the body unread failed the next request)
        String late = served.send("POST", "/v2/liar/blobs/uploads/", Map.of()).headers().firstValue("Location").orElseThrow();
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(server.substring(server.indexOf(':') + 1)))) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + late + " HTTP/1.1\r\nHost: " + server + "\r\nContent-Range: 99-104\r\nContent-Length: 6\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);
            out.write(" bytes".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(answer(s.getInputStream()).startsWith("HTTP/1.1 416"), "the refusal, read after the body was sent");
            out.write(("DELETE " + late + " HTTP/1.1\r\nHost: " + server + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(answer(s.getInputStream()).startsWith("HTTP/1.1 204"), "the same connection answers the next request");
        }

        // a body cut halfway: the upload is dropped, nothing of it is kept
        String cut = served.send("POST", "/v2/liar/blobs/uploads/", Map.of()).headers().firstValue("Location").orElseThrow();
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(server.substring(server.indexOf(':') + 1)))) {
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + cut + " HTTP/1.1\r\nHost: " + server + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(new byte[50_000]);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            in.readAllBytes(); // whatever the server says as it gives up
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status;
        while ((status = served.send("GET", cut, Map.of()).statusCode()) != 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(404, status, "the cut upload is gone");

        // a blob over upload.max.size (4 MiB here)
        String big = served.send("POST", "/v2/liar/blobs/uploads/", Map.of()).headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> over = served.send("PATCH", big, Map.of(), new byte[5 << 20]);
        assertEquals(413, over.statusCode());
        assertEquals("SIZE_INVALID", Served.errorCode(over));

        // a manifest naming a blob never sent, one with a wrong digest, one too large
        byte[] orphan = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + "4".repeat(64) + "\",\"size\":10},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> missing = served.send("PUT", "/v2/liar/manifests/1", Map.of("Content-Type",
                "application/vnd.oci.image.manifest.v1+json"), orphan);
        assertEquals(400, missing.statusCode());
        assertEquals("MANIFEST_BLOB_UNKNOWN", Served.errorCode(missing));
        assertEquals("DIGEST_INVALID", Served.errorCode(served.send("PUT", "/v2/liar/manifests/sha256:" + "5".repeat(64), Map.of(), orphan)));
        HttpResponse<byte[]> huge = served.send("PUT", "/v2/liar/manifests/2", Map.of(), new byte[(4 << 20) + 1]);
        assertEquals(413, huge.statusCode());
        assertEquals("NAME_INVALID", Served.errorCode(served.send("POST", "/v2/Liar/blobs/uploads/", Map.of())));

        assertFalse(stowage.ok("image:ls").out().contains("/liar"), "nothing was named");
        List<String> after = blobs();
        after.removeAll(before);
        assertEquals(List.of("blobs/sha256/" + Fixture.sha256(bytes).substring(7)), after,
                "only the blob uploaded whole was kept: " + after);
        assertEquals(List.of(), stowage.files().stream().filter(p -> p.startsWith("ingest/") && !p.endsWith(".lock")).toList(),
                "no partial upload left");
    }

    @Test
    void anUploadedBlobNoManifestNamesYetSurvivesAPrune() throws Exception {
        byte[] bytes = "uploaded before its manifest".getBytes(StandardCharsets.UTF_8);
        upload("held", bytes);
        assertEquals(200, served.send("HEAD", "/v2/held/blobs/" + Fixture.sha256(bytes), Map.of()).statusCode());
        stowage.ok("image:prune", "-f");
        assertEquals(200, served.send("HEAD", "/v2/held/blobs/" + Fixture.sha256(bytes), Map.of()).statusCode(),
                "the server's lease holds it until a manifest names it");
    }

    /** At most 64 uploads at once: the 65th is told to come back (429), and a cancelled one frees its place. */
    @Test
    void uploadsPastTheLimitAreToldToComeBack() throws Exception {
        List<String> open = new java.util.ArrayList<>();
        try {
            HttpResponse<byte[]> r;
            while ((r = served.send("POST", "/v2/many/blobs/uploads/", Map.of())).statusCode() == 202 && open.size() < 200) {
                open.add(r.headers().firstValue("Location").orElseThrow());
            }
            assertEquals(429, r.statusCode(), "refused after " + open.size());
            assertEquals("TOOMANYREQUESTS", Served.errorCode(r));
            assertTrue(open.size() <= 64, "at most 64 open: " + open.size());
            assertEquals(204, served.send("DELETE", open.remove(0), Map.of()).statusCode());
            HttpResponse<byte[]> again = served.send("POST", "/v2/many/blobs/uploads/", Map.of());
            assertEquals(202, again.statusCode(), "a cancelled upload freed its place");
            open.add(again.headers().firstValue("Location").orElseThrow());
        } finally {
            for (String location : open) {
                served.send("DELETE", location, Map.of());
            }
        }
    }

    private static List<String> blobs() {
        return new java.util.ArrayList<>(stowage.files().stream().filter(p -> p.startsWith("blobs/")).toList());
    }
}
