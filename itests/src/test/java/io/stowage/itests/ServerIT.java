package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 * The registry server: a running Stowage serves what it pulled over the OCI Distribution API,
 * and skopeo, the reference client, reads it back byte for byte (an image, a multi-platform
 * index, the tag list); requests that lie or probe (names outside the grammar, bad digests,
 * ranges past the end, writes) get the spec's errors.
 */
class ServerIT {
    private static final Fixture f = Fixture.get();
    private static Served served;
    private static Stowage stowage;
    private static String server;

    /** One running Stowage serves every test here: they only read. */
    @BeforeAll
    static void serve() throws Exception {
        stowage = new Stowage();
        stowage.ok("image:pull", f.ref("app:latest"));
        stowage.ok("image:pull", f.ref("multi:latest"));
        served = Served.start(stowage, "");
        server = served.host;
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return served.send("GET", path, headers);
    }

    private static HttpResponse<byte[]> send(String method, String path, Map<String, String> headers) throws IOException, InterruptedException {
        return served.send(method, path, headers);
    }

    private static String errorCode(HttpResponse<byte[]> r) {
        return Served.errorCode(r);
    }

    @Test
    void skopeoReadsBackWhatWasPulledByteForByte() throws Exception {
        byte[] served = f.skopeoBytes("inspect", "--raw", "--tls-verify=false", "docker://" + server + "/app:latest");
        assertArrayEquals(f.rawManifest("app:latest"), served, "the stored manifest, exactly");
        JsonNode tags = f.skopeo("list-tags", "--tls-verify=false", "docker://" + server + "/app");
        assertEquals("[\"latest\"]", tags.get("Tags").toString());

        // a multi-platform image: Stowage pulled this machine's platform; skopeo picks the same one
        Path copy = Files.createTempDirectory("served-copy");
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + server + "/multi:latest", "oci:" + copy + ":multi");
        JsonNode copied = Fixture.json(Files.readAllBytes(copy.resolve("index.json")));
        String amd64 = null;
        for (JsonNode m : Fixture.json(f.rawManifest("multi:latest")).get("manifests")) {
            if (m.path("platform").path("architecture").asText().equals("amd64")) {
                amd64 = m.get("digest").asText();
            }
        }
        assertEquals(amd64, copied.get("manifests").get(0).get("digest").asText(),
                "skopeo resolved the served index to the amd64 manifest and copied it, every blob checked by its digest");
    }

    /**
     * containerd (Debian's, a daemon of the test's own) pulls from Stowage directly, and through a
     * {@code hosts.toml} mirror entry for the registry the image came from, with that registry's
     * own address dead: containerd finds the image at the mirror by its {@code ns} parameter.
     */
    @Test
    void containerdPullsDirectlyAndThroughAMirrorEntry() throws Exception {
        String digest = Fixture.sha256(f.rawManifest("app:latest"));
        try (Containerd containerd = new Containerd()) {
            Processes.Result direct = containerd.ctr("images", "pull", "--plain-http", server + "/app:latest");
            assertEquals(0, direct.exit(), direct.toString());
            String listed = containerd.ctr("images", "ls").out();
            assertTrue(listed.lines().anyMatch(l -> l.startsWith(server + "/app:latest ") && l.contains(digest)), listed);
        }
        try (Containerd containerd = new Containerd()) { // a fresh one: every blob comes through the mirror
            Path hosts = containerd.hostsDir(f.host(), "http://127.0.0.1:9", server); // discard: nothing listens there
            Processes.Result mirrored = containerd.ctr("images", "pull", "--hosts-dir", hosts.toString(), f.ref("app:latest"));
            assertEquals(0, mirrored.exit(), mirrored.toString());
            String listed = containerd.ctr("images", "ls").out();
            assertTrue(listed.lines().anyMatch(l -> l.startsWith(f.ref("app:latest") + " ") && l.contains(digest)), listed);
        }
    }

    /** podman (Debian's, storage of the test's own) pulls directly, and through a registries.conf mirror of a registry that is down. */
    @Test
    void podmanPullsDirectlyAndThroughAMirror() throws Exception {
        String digest = Fixture.sha256(f.rawManifest("app:latest"));
        Path dir = Files.createTempDirectory("stowage-podman-");
        Path conf = Files.writeString(dir.resolve("registries.conf"), "[[registry]]\nlocation = \"127.0.0.1:9\"\ninsecure = true\n\n"
                + "[[registry.mirror]]\nlocation = \"" + server + "\"\ninsecure = true\n");
        // podman takes a run root of at most 50 characters: its own short directory in /tmp, deleted after
        Path run = Files.createTempDirectory(Path.of("/tmp"), "stowage-podman-");
        try {
            List<String> podman = List.of("podman", "--root", dir.resolve("root").toString(), "--runroot", run.toString(),
                    "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs");
            Map<String, String> env = Map.of("CONTAINERS_REGISTRIES_CONF", conf.toString());
            Processes.check(dir, env, concat(podman, "pull", "--tls-verify=false", server + "/app:latest"));
            Processes.check(dir, env, concat(podman, "pull", "127.0.0.1:9/app:latest")); // port 9: discard, nothing listens
            String images = Processes.check(dir, env, concat(podman, "images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}")).out();
            assertTrue(images.contains(server + "/app:latest " + digest) && images.contains("127.0.0.1:9/app:latest " + digest), images);
        } finally {
            Processes.check(run.getParent(), Map.of(), List.of("rm", "-rf", run.toString()));
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** Another Stowage pulls from this one (peers on a site), and Debian's docker-registry proxies it as a pull-through cache. */
    @Test
    void aPeerStowageAndAPullThroughRegistryPullFromIt() throws Exception {
        Stowage peer = new Stowage();
        peer.ok("image:pull", server + "/app:latest");
        JsonNode mine = Fixture.json(stowage.ok("image:inspect", f.ref("app:latest")).out()).get(0);
        JsonNode theirs = Fixture.json(peer.ok("image:inspect", server + "/app:latest").out()).get(0);
        assertEquals(mine.get("Id").asText(), theirs.get("Id").asText());
        assertEquals(mine.get("RootFS").toString(), theirs.get("RootFS").toString());

        Registry cache = Registry.pullThrough(Files.createTempDirectory("stowage-proxy-"), "http://" + server);
        try {
            assertArrayEquals(f.rawManifest("app:latest"),
                    f.skopeoBytes("inspect", "--raw", "--tls-verify=false", "docker://" + cache.host() + "/app:latest"));
            Path copy = Files.createTempDirectory("proxied-copy");
            f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + cache.host() + "/app:latest", "oci:" + copy + ":app");
        } finally {
            cache.close();
        }
    }

    @Test
    void aRepositoryIsFoundByItsPathOrWithContainerdsNamespace() throws Exception {
        HttpResponse<byte[]> byNs = get("/v2/app/manifests/latest?ns=" + f.host(), Map.of("Accept", "application/vnd.oci.image.manifest.v1+json"));
        assertEquals(200, byNs.statusCode());
        assertArrayEquals(f.rawManifest("app:latest"), byNs.body());
        assertEquals(Fixture.sha256(byNs.body()), byNs.headers().firstValue("Docker-Content-Digest").orElse(""));
        assertEquals(404, get("/v2/app/manifests/latest?ns=elsewhere.example", Map.of()).statusCode());
        HttpResponse<byte[]> catalog = get("/v2/_catalog?n=1", Map.of());
        assertEquals("{\"repositories\":[\"app\"]}", new String(catalog.body(), StandardCharsets.UTF_8));
        assertEquals("</v2/_catalog?n=1&last=app>; rel=\"next\"", catalog.headers().firstValue("Link").orElse(""));
        assertEquals("{\"repositories\":[\"multi\"]}", new String(get("/v2/_catalog?n=1&last=app", Map.of()).body(), StandardCharsets.UTF_8));
    }

    @Test
    void blobsAreServedWholeOrInOneRange() throws Exception {
        JsonNode manifest = Fixture.json(f.rawManifest("app:latest"));
        String config = manifest.get("config").get("digest").asText();
        byte[] whole = get("/v2/app/blobs/" + config, Map.of()).body();
        assertEquals(config, Fixture.sha256(whole));
        HttpResponse<byte[]> part = get("/v2/app/blobs/" + config, Map.of("Range", "bytes=5-9"));
        assertEquals(206, part.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 5, 10), part.body());
        assertEquals("bytes 5-9/" + whole.length, part.headers().firstValue("Content-Range").orElse(""));
        HttpResponse<byte[]> past = get("/v2/app/blobs/" + config, Map.of("Range", "bytes=" + whole.length + "-"));
        assertEquals(416, past.statusCode());
        HttpResponse<byte[]> head = send("HEAD", "/v2/app/blobs/" + config, Map.of());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(whole.length), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(0, head.body().length);
    }

    @Test
    void lyingAndProbingRequestsGetTheSpecsErrors() throws Exception {
        assertEquals("NAME_INVALID", errorCode(get("/v2/App/manifests/latest", Map.of())));
        assertEquals("NAME_UNKNOWN", errorCode(get("/v2/nothing/here/manifests/latest", Map.of())));
        assertEquals("MANIFEST_UNKNOWN", errorCode(get("/v2/app/manifests/nope", Map.of())));
        assertEquals("DIGEST_INVALID", errorCode(get("/v2/app/blobs/sha256:zz", Map.of())));
        assertEquals("DIGEST_INVALID", errorCode(get("/v2/app/manifests/sha256:..", Map.of())));
        // an encoded slash is ambiguous: Jetty refuses it before the registry sees it
        assertEquals(400, get("/v2/app/manifests/sha256:..%2F..%2Fetc", Map.of()).statusCode());
        assertEquals("BLOB_UNKNOWN", errorCode(get("/v2/app/blobs/sha256:" + "0".repeat(64), Map.of())));
        assertEquals("PAGINATION_NUMBER_INVALID", errorCode(get("/v2/app/tags/list?n=many", Map.of())));
        HttpResponse<byte[]> put = send("PUT", "/v2/app/manifests/latest", Map.of());
        assertEquals(405, put.statusCode());
        assertEquals("UNSUPPORTED", errorCode(put));
        int traversal = get("/v2/../../etc/passwd", Map.of()).statusCode();
        assertTrue(traversal == 400 || traversal == 404, "a path out of /v2/ is refused: " + traversal);
        assertEquals(List.of(), stowage.files().stream().filter(p -> p.startsWith("ingest/")).toList(), "nothing written");
    }
}
