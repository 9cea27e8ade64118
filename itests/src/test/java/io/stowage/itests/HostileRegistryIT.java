package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registries that lie, played by {@link FaultProxy} in front of the real docker-registry: a blob
 * redirect to a host that asks for credentials, upload locations on another host, a manifest
 * that trickles, an endless chain of tag pages, tag names that are escape sequences. And an
 * image whose history is written to clear and retitle the terminal.
 */
class HostileRegistryIT {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes());
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private void loginFor(String host) throws Exception {
        Files.writeString(stowage.home.resolve("etc/credentials.json"), "{\"auths\": {\"" + host + "\": {\"auth\": \""
                + BASIC.substring(6) + "\"}}}");
    }

    private void registryConfig(String from, String to) throws Exception {
        Path cfg = stowage.home.resolve("etc/io.stowage.registry.cfg");
        String text = Files.readString(cfg);
        assertTrue(text.contains(from), text);
        Files.writeString(cfg, text.replace(from, to));
    }

    @Test
    void aRedirectTargetThatChallengesGetsNoCredentialsAndNoTokenRequest() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.authRegistry.host())) {
            proxy.redirectBlobs = true;
            proxy.challengeStorage = true;
            loginFor(proxy.host());
            String ref = proxy.host() + "/private/app:latest";
            Processes.Result pull = stowage.run("image:pull", ref);
            assertEquals(1, pull.exit(), pull.toString());
            assertTrue(pull.err().contains(": unauthorized: http://localhost:" + proxy.host().split(":")[1]
                    + " asks for credentials; ") && pull.err().contains("is not registry " + proxy.host() + ", whose credentials are not sent there"),
                    pull.err());
            assertFalse(proxy.storageRequests.isEmpty());
            assertTrue(proxy.storageRequests.stream().allMatch(r -> r.endsWith(" without Authorization")), proxy.storageRequests.toString());
            assertTrue(proxy.storageRequests.stream().noneMatch(r -> r.startsWith("/storage/token")), proxy.storageRequests.toString());
            assertEquals(List.of(), stowage.files().stream().filter(p -> p.startsWith("blobs/")).toList(), "nothing stored");
        }
    }

    @Test
    void anUploadLocationOnAnotherHostGetsNoCredentials() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.authRegistry.host())) {
            stowage.ok("image:pull", f.ref("app:latest"));
            proxy.uploadsElsewhere = true;
            proxy.storageLogin = BASIC; // the relay itself may write to the registry
            loginFor(proxy.host());
            String target = proxy.host() + "/private/pushed:1";
            stowage.ok("image:tag", f.ref("app:latest"), target);
            Processes.Result push = stowage.ok("image:push", target);
            assertTrue(push.out().contains("1: digest: sha256:"), push.toString());
            assertFalse(proxy.relayRequests.isEmpty(), "the uploads went through the other host");
            assertTrue(proxy.relayRequests.stream().allMatch(r -> r.endsWith(" without Authorization")), proxy.relayRequests.toString());
            assertTrue(proxy.requests.stream().anyMatch(r -> r.startsWith("POST ") && r.contains("/blobs/uploads/")), proxy.requests.toString());
        }
    }

    @Test
    void theDeadlineBoundsAManifestThatTrickles() throws Exception {
        registryConfig("\ndeadline=3600\n", "\ndeadline=4\n");
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            proxy.fail("/manifests/latest", FaultProxy.Fault.trickle(500));
            long start = System.nanoTime();
            Processes.Result pull = stowage.run("image:pull", proxy.host() + "/app:latest");
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertEquals(1, pull.exit(), pull.toString());
            assertTrue(seconds < 20, "held " + seconds + " s: " + pull);
            assertTrue(pull.err().contains("unavailable: deadline of 4 s passed"), pull.err());
            assertEquals(1, pull.err().lines().count(), pull.err());
        }
    }

    @Test
    void anEndlessTagListStopsAtTagsMaxAndHostileNamesAreSkippedEscaped() throws Exception {
        registryConfig("\ntags.max=100000\n", "\ntags.max=40\n");
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            proxy.hostileTags = List.of("\u001b]0;owned\u0007", "\u001b[2J", "../../etc");
            Processes.Result listed = stowage.ok("registry:tags", proxy.host() + "/app");
            assertEquals(List.of("latest", "p0"), listed.lines());
            assertEquals(List.of(
                    "WARNING: skipped \"\\x1b]0;owned\\x07\" listed by " + proxy.host() + "/app: not a valid tag",
                    "WARNING: skipped \"\\x1b[2J\" listed by " + proxy.host() + "/app: not a valid tag",
                    "WARNING: skipped \"../../etc\" listed by " + proxy.host() + "/app: not a valid tag"), listed.err().lines().toList());

            proxy.hostileTags = List.of();
            proxy.endlessTags = true;
            proxy.requests.clear();
            Processes.Result endless = stowage.run("registry:tags", proxy.host() + "/app");
            assertEquals(1, endless.exit(), endless.toString());
            assertEquals("Error: tags of " + proxy.host() + "/app: tag list of " + proxy.host()
                    + "/app: more than 40 tags (tags.max in io.stowage.registry)\n", endless.err());
            assertEquals(21, proxy.requests.stream().filter(r -> r.contains("/tags/list")).count(), proxy.requests.toString());
        }
    }

    @Test
    void anImageHistoryWrittenToActOnTheTerminalIsShownEscaped() throws Exception {
        Path images = f.work.resolve("images");
        String hostile = "\u001b]0;owned\u0007\u001b[2J\rRUN fine\u009b31m";
        Processes.check(images, Map.of(), List.of("umoci", "config", "--image", "img:app", "--tag", "hostile",
                "--author", hostile, "--history.created_by", hostile, "--history.comment", hostile,
                "--config.cmd", hostile));
        Processes.check(images, Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:img:hostile",
                "docker://" + f.ref("hostile:latest")));
        String ref = f.ref("hostile:latest");
        stowage.ok("image:pull", ref);
        String escaped = "\\x1b]0;owned\\x07\\x1b[2J\\x0dRUN fine\\x9b31m";
        for (Processes.Result r : List.of(stowage.ok("image:history", "--no-trunc", ref), stowage.ok("image:history", ref),
                stowage.ok("image:inspect", "-f", "{{.Author}} {{.Config.Cmd}} {{json .Config.Cmd}}", ref),
                stowage.ok("image:inspect", ref), stowage.ok("image:ls", "--format", "json"))) {
            assertFalse(r.out().codePoints().anyMatch(c -> c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f))), r.toString());
        }
        String history = stowage.ok("image:history", "--no-trunc", ref).out();
        assertTrue(history.contains(escaped), history);
        assertEquals(escaped + " [" + escaped + "] [\"\\u001B]0;owned\\u0007\\u001B[2J\\rRUN fine\\u009b31m\"]\n",
                stowage.ok("image:inspect", "-f", "{{.Author}} {{.Config.Cmd}} {{json .Config.Cmd}}", ref).out());
    }
}
