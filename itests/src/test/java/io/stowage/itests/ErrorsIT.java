package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a one-line error naming the reference or digest, a non-zero exit, and the
 * store as it was.
 */
class ErrorsIT {
    private static final List<String> EMPTY_STORE = List.of("index.json", "index.last-good.json", "index.lock", "ingest.lock", "leases.lock", "oci-layout");
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    /** Runs a command that must fail with exactly one {@code Error: } line, and returns that line. */
    private String fails(String... args) {
        Processes.Result r = stowage.run(args);
        assertEquals(1, r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.toString());
        assertTrue(err.get(0).startsWith("Error: "), r.toString());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r.toString());
        return err.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user/UPPER", "bad//ref", "x:-tag", "a@sha256:1234", "host:port/app", "sha256:../../etc"})
    void invalidReferencesAreRefusedAndChangeNothing(String ref) {
        String error = fails("image:pull", ref);
        assertTrue(error.startsWith("Error: invalid reference format"), error);
        assertTrue(error.contains(ref), error);
        assertEquals(EMPTY_STORE, stowage.files());
    }

    @Test
    void unknownTagAndRepositoryNameTheReferenceAndTheRegistrysError() {
        stowage.ok("image:pull", f.ref("other:latest"));
        List<String> before = stowage.files();
        String index = stowage.read("index.json");
        assertEquals("Error: pull " + f.ref("app:nope") + ": manifest for " + f.ref("app:nope")
                + ": manifest unknown: manifest unknown", fails("image:pull", f.ref("app:nope")));
        String repo = fails("image:pull", f.ref("nosuchrepo:latest"));
        assertTrue(repo.startsWith("Error: pull " + f.ref("nosuchrepo:latest") + ": "), repo);
        assertTrue(repo.contains("unknown"), repo);
        assertEquals(before, stowage.files());
        assertEquals(index, stowage.read("index.json"));
    }

    @Test
    void registryThatIsDownIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String ref = "127.0.0.1:" + port + "/app:latest";
        assertEquals("Error: pull " + ref + ": registry 127.0.0.1:" + port + " unavailable: Connection refused (tried 5 times)",
                fails("image:pull", ref));
        assertEquals(EMPTY_STORE, stowage.files());
    }

    /**
     * A name that does not resolve stays so: tried once, not five times. Names are looked up in an
     * empty hosts file ({@code jdk.net.hosts.file}), so no lookup leaves the machine.
     */
    @Test
    void anUnknownHostIsNotTriedAgain() throws Exception {
        java.nio.file.Path hosts = Files.writeString(stowage.data.resolveSibling("hosts"), "");
        String ref = "no-such-registry.example:5000/app:latest";
        Processes.Result r = stowage.run("", java.util.Map.of("JAVA_OPTS", "-Djdk.net.hosts.file=" + hosts), "image:pull", ref);
        assertEquals(1, r.exit(), r.toString());
        assertEquals("Error: pull " + ref + ": registry no-such-registry.example:5000 unavailable: no such host "
                + "no-such-registry.example\n", r.err());
    }

    /** The one-shot CLI as people try it first: --help, a typo, a bare name several scopes share, a command's --help. */
    @Test
    void theCliHelpsAndRefusesToGuess() {
        Processes.Result help = stowage.ok("--help");
        assertTrue(help.out().startsWith("Usage: bin/stowage <command> [args…]"), help.out());
        assertTrue(help.lines().stream().anyMatch(l -> l.matches("  image:pull +Download an image .*")), help.out());
        assertTrue(help.lines().stream().anyMatch(l -> l.matches("  store:verify +Re-hash every blob.*")), help.out());
        assertEquals(help.out(), stowage.ok("help").out());

        assertEquals("Error: unknown command \"imag:ls\"; did you mean image:ls? (bin/stowage --help lists the commands)",
                fails("imag:ls"));
        assertTrue(fails("ls").matches("Error: command \"ls\" is in several scopes: .*container:ls.*image:ls.*; give one of them"));
        Processes.Result lsHelp = stowage.ok("image:ls", "--help");
        assertTrue(lsHelp.out().startsWith("\nUsage:  image:ls [OPTIONS] ARGS\n\nList images\n") && lsHelp.out().contains("--digests"),
                lsHelp.out());
        // each Stowage command answers --help itself, the same in the shell and in Karaf
        Processes.Result pullHelp = stowage.ok("image:pull", "--platform", "linux/arm64", "--help");
        assertTrue(pullHelp.lines().stream().anyMatch(l -> l.matches("      --platform string +os/arch\\[/variant\\] .*")), pullHelp.out());
        assertTrue(pullHelp.lines().stream().anyMatch(l -> l.matches("  -q, --quiet +print only the image's reference")), pullHelp.out());
        assertEquals("", pullHelp.err());
    }

    @Test
    void unknownImagesAreNamedByInspectRmAndTag() {
        assertEquals("Error: No such image: ghost:1", fails("image:inspect", "ghost:1"));
        assertEquals("Error: No such image: ghost:1", fails("image:rm", "ghost:1"));
        assertEquals("Error: No such image: ghost:1", fails("image:tag", "ghost:1", "new:1"));
        assertEquals("Error: No such container: ghost", fails("container:rm", "ghost"));
    }

    @Test
    void basicAuthRegistryRefusesWithoutCredentialsAndServesWithThem() throws Exception {
        String ref = f.authRegistry.host() + "/private/app:latest";
        String refused = fails("image:pull", ref);
        assertTrue(refused.startsWith("Error: pull " + ref + ": "), refused);
        assertTrue(refused.contains("unauthorized"), refused);
        assertEquals(EMPTY_STORE, stowage.files());

        writeCredentials(f.authRegistry.host(), Fixture.USER, "wrong");
        String wrong = fails("image:pull", ref);
        assertTrue(wrong.contains("unauthorized"), wrong);
        assertFalse(wrong.contains("wrong"), "the password must never be printed: " + wrong);

        writeCredentials(f.authRegistry.host(), Fixture.USER, Fixture.PASSWORD);
        Processes.Result pull = stowage.ok("image:pull", ref);
        assertTrue(pull.lines().contains("Status: Downloaded newer image for " + ref), pull.toString());
        assertEquals(Fixture.sha256(f.rawConfig("app:latest")),
                Fixture.json(stowage.ok("image:inspect", ref).out()).get(0).get("Id").asText());
    }

    private void writeCredentials(String host, String user, String password) throws Exception {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(stowage.home.resolve("etc/credentials.json"),
                "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}");
    }

    @Test
    void blobWhoseBytesDoNotMatchItsDigestIsRefusedAndNothingIsKept() throws Exception {
        try (Registry corrupt = new Registry(f.work.resolve("corrupt-" + System.nanoTime()), null, null)) {
            Processes.check(f.work.resolve("images"), Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false",
                    "oci:img:app", "docker://" + corrupt.host() + "/app:latest"));
            String layer = f.inspect("app:latest").get("Layers").get(1).asText();
            Path data = corrupt.blobData(layer);
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(data, bytes);

            String ref = corrupt.host() + "/app:latest";
            String error = fails("image:pull", ref);
            assertTrue(error.startsWith("Error: pull " + ref + ": "), error);
            assertTrue(error.contains(layer), error);
            assertTrue(error.contains("blob " + layer + ": digest mismatch"), error);
            assertEquals(EMPTY_STORE, stowage.files());
            assertEquals(1, stowage.ok("image:ls").lines().size());
        }
    }

    @Test
    void missingArgumentsAndUnknownCommandsAreErrors() {
        assertEquals("Error: \"image:rm\" requires at least 1 argument; see 'help image:rm'", fails("image:rm"));
        assertEquals("Error: \"image:pull\" requires exactly 1 argument; see 'help image:pull'", fails("image:pull"));
        assertEquals("Error: \"image:tag\" requires exactly 2 arguments; see 'help image:tag'", fails("image:tag", "x"));
        assertEquals("Error: \"image:ls\" accepts at most 1 argument; see 'help image:ls'", fails("image:ls", "x", "y"));
        assertEquals("Error: unknown flag: --bogus", fails("image:pull", "--bogus", "x"));
        assertEquals("Error: unknown command \"image:frobnicate\" (bin/stowage --help lists the commands)", fails("image:frobnicate"));
    }
}
