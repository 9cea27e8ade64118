package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runtime's log, {@code log/stowage.log} through the OSGi Log Service and Pax Logging: what
 * an operator of a headless gateway reads afterwards. A pull's start and end (digest, bytes,
 * seconds), each retry with its reason, a failure, a login without its password; and the file
 * rotates as {@code etc/org.ops4j.pax.logging.cfg} says.
 */
class LogIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private String log() throws IOException {
        Path file = stowage.home.resolve("log/stowage.log");
        assertTrue(Files.isRegularFile(file), "no " + file);
        return Files.readString(file);
    }

    @Test
    void aPullIsLoggedWithItsDigestBytesAndSeconds() throws IOException {
        String ref = f.ref("app:latest");
        Processes.Result pull = stowage.ok("image:pull", ref);
        Matcher digest = Pattern.compile("Digest: (sha256:[0-9a-f]{64})").matcher(pull.out());
        assertTrue(digest.find(), pull.out());
        long layers = 0;
        for (JsonNode layer : new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.rawManifest("app:latest")).path("layers")) {
            layers += layer.path("size").asLong();
        }
        assertTrue(layers > 0);
        String log = log();
        assertTrue(log.contains("| INFO  |") && log.contains("pull " + ref + " started"), log);
        assertTrue(log.matches("(?s).*pull " + Pattern.quote(ref) + " finished: " + digest.group(1) + ", " + layers
                + " bytes downloaded in \\d+\\.\\d s.*"), log);
        assertFalse(log.contains("WARN") || log.contains("ERROR"), "a clean pull logs no warning: " + log);
        assertEquals("", pull.err());
    }

    @Test
    void retriesAndTheFailureAreLoggedWithTheirReasons() throws IOException {
        String nobody = "127.0.0.1:" + closedPort();
        Processes.Result pull = stowage.run("image:pull", nobody + "/app");
        assertEquals(1, pull.exit(), pull.toString());
        String log = log();
        List<String> retries = log.lines().filter(l -> l.contains("| WARN  |") && l.contains("trying again")).toList();
        assertEquals(4, retries.size(), "5 tries, 4 retries logged: " + log);
        assertTrue(retries.get(0).contains("registry " + nobody + ": java.net.ConnectException") && retries.get(0).contains("(try 2 of 5)"),
                retries.get(0));
        assertTrue(retries.get(3).contains("(try 5 of 5)"), retries.get(3));
        assertTrue(log.contains("pull " + nobody + "/app:latest failed after "), log);
        assertTrue(log.contains("unavailable: Connection refused (tried 5 times)"), log);
    }

    @Test
    void aLoginIsLoggedWithoutItsPassword() throws IOException {
        String host = f.authRegistry.host();
        stowage.run(Fixture.PASSWORD + "\n", Map.of(), "registry:login", "-u", Fixture.USER, "--password-stdin", host);
        stowage.ok("image:pull", host + "/private/app:latest");
        String log = log();
        assertTrue(log.contains("logged in to " + host + " as " + Fixture.USER), log);
        assertTrue(log.contains("pull " + host + "/private/app:latest finished"), log);
        assertFalse(log.contains(Fixture.PASSWORD), "the password in the log: " + log);
        String basic = java.util.Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes());
        assertFalse(log.contains(basic), "the Basic credentials in the log: " + log);
    }

    @Test
    void theLogRotatesAsItsConfigurationSays() throws IOException {
        Path cfg = stowage.home.resolve("etc/org.ops4j.pax.logging.cfg");
        String text = Files.readString(cfg);
        assertTrue(text.contains("size.size = 10MB") && text.contains("strategy.max = 5"), text);
        Files.writeString(cfg, text.replace("size.size = 10MB", "size.size = 1KB").replace("strategy.max = 5", "strategy.max = 2"));
        String nobody = "127.0.0.1:" + closedPort();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, stowage.run("image:pull", nobody + "/app" + i).exit());
        }
        Path dir = stowage.home.resolve("log");
        assertTrue(Files.isRegularFile(dir.resolve("stowage.log.1")) && Files.isRegularFile(dir.resolve("stowage.log.2")),
                "rotated files: " + list(dir));
        assertFalse(Files.exists(dir.resolve("stowage.log.3")), "at most 2 kept: " + list(dir));
        assertTrue(Files.size(dir.resolve("stowage.log.1")) < 4096, "rotated at about 1 KB: " + list(dir));
        assertTrue(log().contains("/app4:latest"), "the newest lines are in stowage.log");
    }

    private static List<String> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
