package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mirrors, configured per registry host ({@code etc/io.stowage.registry.host-<name>.cfg}): the
 * article's literal commands for Docker Hub images work against a loopback mirror, and a mirror
 * that is down or lacks the image is passed over for the next, the registry itself last.
 */
class MirrorIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private void hostConfig(String name, String text) throws Exception {
        Files.writeString(stowage.home.resolve("etc/io.stowage.registry.host-" + name + ".cfg"), text);
    }

    @Test
    void theArticlesCommandsWorkAgainstAMirrorForDockerHub() throws Exception {
        try (Registry mirror = new Registry(f.work.resolve("hub-mirror-" + System.nanoTime()), null, null)) {
            for (String[] image : List.of(new String[] {"app", "library/alpine:latest"}, new String[] {"other", "library/redis:latest"})) {
                Processes.check(f.work.resolve("images"), Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false",
                        "oci:img:" + image[0], "docker://" + mirror.host() + "/" + image[1]));
            }
            hostConfig("docker.io", "host=docker.io\nmirrors=" + mirror.host() + "\n");

            Processes.Result alpine = stowage.ok("image:pull", "alpine:latest");
            assertTrue(alpine.out().startsWith("latest: Pulling from library/alpine\n"), alpine.toString());
            assertTrue(alpine.out().endsWith("Status: Downloaded newer image for alpine:latest\ndocker.io/library/alpine:latest\n"),
                    alpine.toString());
            stowage.ok("image:pull", "redis:latest");
            JsonNode redis = Fixture.json(stowage.ok("image:inspect", "redis:latest").out()).get(0);
            assertEquals("redis:latest", redis.get("RepoTags").get(0).asText());
            assertEquals(Fixture.sha256(f.rawConfig("other:latest")), redis.get("Id").asText());
            assertTrue(Files.readString(mirror.root.resolve("registry.log")).contains("GET /v2/library/redis/manifests/latest"));
        }
    }

    @Test
    void mirrorsThatAreDownOrLackTheImageArePassedOver() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (Registry empty = new Registry(f.work.resolve("empty-mirror-" + System.nanoTime()), null, null)) {
            hostConfig("fixture", "host=" + f.host() + "\nmirrors=127.0.0.1:" + dead + "," + empty.host() + "\n");
            String ref = f.ref("app:latest");
            Processes.Result pull = stowage.ok("image:pull", ref);
            assertTrue(pull.out().endsWith("Status: Downloaded newer image for " + ref + "\n" + ref + "\n"), pull.toString());
            assertTrue(Files.readString(empty.root.resolve("registry.log")).contains("GET /v2/app/manifests/latest HTTP/1.1\" 404"),
                    "the empty mirror was asked first");
        }
    }
}
