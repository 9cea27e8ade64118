package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry server over TLS (PEM files made by openssl) with bearer tokens from its own
 * issuer for the users of an htpasswd file (made by Apache's htpasswd -B): skopeo pushes and reads
 * back with credentials and the CA, and is refused without them; another Stowage logs in and
 * pulls; a forged, a foreign or a pull-only token does not open a push. Then the same server
 * with HTTP Basic (auth=htpasswd), and configurations that must not serve (a key that is not the
 * certificate's, a broken htpasswd file), each refused with one line in the log.
 */
class ServerAuthIT {
    private static final Fixture f = Fixture.get();
    private static final String USER = "gateway";
    private static final String PASSWORD = "pa55-w0rd";
    private static TestCa ca;
    private static Path certs;
    private static Path htpasswd;
    private static Stowage stowage;
    private static Served served;

    @BeforeAll
    static void serve() throws Exception {
        Path dir = Files.createTempDirectory("stowage-server-auth-");
        ca = new TestCa(dir.resolve("ca"));
        certs = Files.createDirectories(dir.resolve("certs"));
        Files.copy(ca.file("ca.crt"), certs.resolve("ca.crt"));
        htpasswd = dir.resolve("htpasswd");
        Processes.check(dir, Map.of(), List.of("htpasswd", "-Bbc", htpasswd.toString(), USER, PASSWORD));
        stowage = new Stowage();
        served = Served.start(stowage, "push=true\nauth=token\nauth.htpasswd=" + htpasswd + "\n", ca);
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void skopeoPushesAndPullsWithCredentialsOverTlsAndIsRefusedWithout() throws Exception {
        String target = "docker://" + served.host + "/secure/app:1";
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-cert-dir", certs.toString(), "--dest-creds", USER + ":" + PASSWORD,
                "docker://" + f.ref("app:latest"), target);
        assertArrayEquals(f.rawManifest("app:latest"), f.skopeoBytes("inspect", "--raw", "--cert-dir", certs.toString(), "--creds",
                USER + ":" + PASSWORD, target));

        Processes.Result anonymous = Processes.run(certs, Map.of(), List.of("skopeo", "inspect", "--raw", "--cert-dir", certs.toString(),
                target));
        assertNotEquals(0, anonymous.exit());
        assertTrue(anonymous.err().contains("401") || anonymous.err().toLowerCase().contains("unauthorized"), anonymous.err());
        Processes.Result wrong = Processes.run(certs, Map.of(), List.of("skopeo", "inspect", "--raw", "--cert-dir", certs.toString(),
                "--creds", USER + ":wrong", target));
        assertNotEquals(0, wrong.exit(), wrong.toString());
        Processes.Result untrusted = Processes.run(certs, Map.of(), List.of("skopeo", "inspect", "--raw", "--creds", USER + ":" + PASSWORD,
                target));
        assertNotEquals(0, untrusted.exit());
        assertTrue(untrusted.err().contains("certificate"), "a client without the CA does not trust the server: " + untrusted.err());
    }

    @Test
    void anotherStowageLogsInAndPulls() throws Exception {
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-cert-dir", certs.toString(), "--dest-creds", USER + ":" + PASSWORD,
                "docker://" + f.ref("app:latest"), "docker://" + served.host + "/peer/app:1");
        Stowage peer = new Stowage();
        Files.writeString(peer.home.resolve("etc/io.stowage.registry.host-peer.cfg"), "host=" + served.host + "\nca.file="
                + ca.file("ca.crt") + "\n");
        Processes.Result refused = peer.run("image:pull", served.host + "/peer/app:1");
        assertNotEquals(0, refused.exit(), refused.toString());
        peer.run(PASSWORD + "\n", Map.of(), "registry:login", "-u", USER, "--password-stdin", served.host);
        peer.ok("image:pull", served.host + "/peer/app:1");
        JsonNode theirs = Fixture.json(peer.ok("image:inspect", served.host + "/peer/app:1").out()).get(0);
        assertEquals(Fixture.sha256(f.rawConfig("app:latest")), theirs.get("Id").asText());
    }

    @Test
    void tokensAreCheckedForSignatureScopeAndAction() throws Exception {
        HttpResponse<byte[]> challenge = served.send("GET", "/v2/secure/app/tags/list", Map.of());
        assertEquals(401, challenge.statusCode());
        assertEquals("UNAUTHORIZED", Served.errorCode(challenge));
        String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
        assertEquals("Bearer realm=\"https://" + served.host + "/token\",service=\"stowage\",scope=\"repository:secure/app:pull\"", header);

        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertEquals(401, served.send("GET", "/token?service=stowage&scope=repository:secure/app:pull", Map.of()).statusCode());
        assertEquals(401, served.send("GET", "/token?service=stowage&scope=repository:secure/app:pull", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((USER + ":nope").getBytes(StandardCharsets.UTF_8)))).statusCode());
        String pull = token(basic, "repository:secure/app:pull");
        int allowed = served.send("GET", "/v2/secure/app/tags/list", Map.of("Authorization", "Bearer " + pull)).statusCode();
        assertTrue(allowed == 200 || allowed == 404, "let in (the repository may not be pushed yet): " + allowed);
        assertEquals(401, served.send("GET", "/v2/other/app/tags/list", Map.of("Authorization", "Bearer " + pull)).statusCode(),
                "a token for one repository opens no other");
        assertEquals(401, served.send("POST", "/v2/secure/app/blobs/uploads/", Map.of("Authorization", "Bearer " + pull)).statusCode(),
                "a pull token does not push");

        // a token whose payload is changed (another repository, a later expiry) fails its signature
        String[] parts = pull.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).replace("secure/app", "other/app");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[1];
        assertEquals(401, served.send("GET", "/v2/other/app/tags/list", Map.of("Authorization", "Bearer " + forged)).statusCode());
        assertEquals(401, served.send("GET", "/v2/secure/app/tags/list", Map.of("Authorization", "Bearer x.y")).statusCode());
        assertEquals(401, served.send("GET", "/v2/secure/app/tags/list", Map.of("Authorization", basic)).statusCode(),
                "auth=token takes tokens, not passwords, on the registry's endpoints");
        String push = token(basic, "repository:secure/app:pull,push");
        assertEquals(202, served.send("POST", "/v2/secure/app/blobs/uploads/", Map.of("Authorization", "Bearer " + push)).statusCode());
    }

    private static String token(String basic, String scope) throws Exception {
        HttpResponse<byte[]> r = served.send("GET", "/token?service=stowage&scope=" + scope, Map.of("Authorization", basic));
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return Fixture.json(r.body()).get("token").asText();
    }

    @Test
    void basicAuthAndConfigurationsThatMustNotServe() throws Exception {
        Stowage other = new Stowage();
        other.ok("image:pull", f.ref("app:latest"));
        try (Served basic = Served.start(other, "auth=htpasswd\nauth.htpasswd=" + htpasswd + "\n")) {
            HttpResponse<byte[]> anonymous = basic.send("GET", "/v2/app/tags/list", Map.of());
            assertEquals(401, anonymous.statusCode());
            assertEquals("Basic realm=\"stowage\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
            String credentials = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, basic.send("GET", "/v2/app/tags/list", Map.of("Authorization", credentials)).statusCode());
            assertArrayEquals(f.rawManifest("app:latest"), f.skopeoBytes("inspect", "--raw", "--tls-verify=false", "--creds",
                    USER + ":" + PASSWORD, "docker://" + basic.host + "/app:latest"));
        }

        // the client certificate's key is not the server certificate's: nothing listens, one line says why
        Stowage broken = new Stowage();
        Path bad = Files.writeString(Files.createTempFile("htpasswd", ""), USER + ":plain-text-password\n");
        for (String[] c : new String[][] {
            {"tls.certificate=" + ca.file("server.crt") + "\ntls.key=" + ca.file("client.key") + "\n",
                "registry server not started: tls.key " + ca.file("client.key") + " is not the key of tls.certificate " + ca.file("server.crt")},
            {"auth=token\nauth.htpasswd=" + bad + "\n",
                "registry server not started: auth.htpasswd " + bad + ": line 1 is not user:<bcrypt hash> (make it with htpasswd -B)"},
            {"upload.max.size=lots\n", "registry server not started: upload.max.size in io.stowage.server: \"lots\" is not a size"},
            {"store.target=(stowage.store=fs\n", "registry server not started: store.target (stowage.store=fs in io.stowage.server is not a filter"}}) {
            String log = Served.logOf(broken, "enabled=true\nport=9\n" + c[0], c[1]);
            String line = log.lines().filter(l -> l.contains("registry server not started")).findFirst().orElse("");
            assertTrue(line.contains(c[1]), c[1] + " in: " + log);
            assertFalse(log.contains("Exception"), "one line, no stack trace: " + log);
        }
    }
}
