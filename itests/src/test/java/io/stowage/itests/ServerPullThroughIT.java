package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pull-through: a Stowage whose store starts empty serves the fixture registry's images as their
 * upstream's mirror. skopeo asks it for an image it lacks and gets the upstream's bytes; containerd,
 * its own way to that registry dead, pulls through it; eight clients asking at once make one
 * pull; an upstream not configured, one that is down, or an image the upstream lacks is a 404.
 */
class ServerPullThroughIT {
    private static final Fixture f = Fixture.get();
    private static Stowage stowage;
    private static Served served;

    @BeforeAll
    static void serve() throws Exception {
        stowage = new Stowage();
        served = Served.start(stowage, "upstreams=" + f.host() + ",127.0.0.1:9\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void anImageTheStoreLacksIsPulledThenServed() throws Exception {
        assertArrayEquals(f.rawManifest("app:latest"),
                f.skopeoBytes("inspect", "--raw", "--tls-verify=false", "docker://" + served.host + "/app:latest"));
        assertTrue(stowage.ok("image:ls").out().contains(f.ref("app") + " "), "kept in the store under its upstream's name");
        Path copy = Files.createTempDirectory("pulled-through");
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "docker://" + served.host + "/app:latest", "oci:" + copy + ":app");
    }

    @Test
    void containerdPullsThroughAMirrorEntryWithItsUpstreamDead() throws Exception {
        try (Containerd containerd = new Containerd()) {
            Path hosts = containerd.hostsDir(f.host(), "http://127.0.0.1:9", served.host);
            Processes.Result r = containerd.ctr("images", "pull", "--hosts-dir", hosts.toString(), f.ref("other:latest"));
            assertEquals(0, r.exit(), r.toString());
            String listed = containerd.ctr("images", "ls").out();
            assertTrue(listed.contains(Fixture.sha256(f.rawManifest("other:latest"))), listed);
        }
    }

    @Test
    void clientsAskingAtOnceMakeOnePull() throws Exception {
        String ref = f.ref("multi:latest");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<byte[]>>> asked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asked.add(pool.submit(() -> served.send("GET", "/v2/multi/manifests/latest", Map.of("Accept",
                        "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"))));
            }
            for (Future<HttpResponse<byte[]>> a : asked) {
                assertEquals(200, a.get().statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        String log = Files.readString(stowage.home.resolve("log/stowage.log"));
        assertEquals(1, log.lines().filter(l -> l.contains("pull " + ref + " started")).count(), log);
    }

    @Test
    void whatNoConfiguredUpstreamHasIsA404() throws Exception {
        assertEquals(404, served.send("GET", "/v2/app/manifests/latest?ns=elsewhere.example", Map.of()).statusCode(),
                "not a configured upstream: nothing is pulled from it");
        HttpResponse<byte[]> down = served.send("GET", "/v2/app/manifests/latest?ns=127.0.0.1:9", Map.of());
        assertEquals(404, down.statusCode(), "a configured upstream that is down");
        assertEquals("NAME_UNKNOWN", Served.errorCode(down));
        assertEquals(404, served.send("GET", "/v2/nosuchrepo/manifests/latest", Map.of()).statusCode(), "an image its upstream lacks");
        String log = Files.readString(stowage.home.resolve("log/stowage.log"));
        assertTrue(log.contains("pull-through of 127.0.0.1:9/app:latest failed"), log);
        assertTrue(!log.contains("elsewhere.example"), "never tried: " + log);
    }
}
