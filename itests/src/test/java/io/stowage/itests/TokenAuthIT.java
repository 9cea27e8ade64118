package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Bearer token flow of the distribution token spec, against a real registry checking real tokens. */
class TokenAuthIT {
    private static TokenServer tokens;
    private static Registry registry;
    private final Stowage stowage = new Stowage();

    @BeforeAll
    static void start() throws Exception {
        Fixture f = Fixture.get();
        tokens = new TokenServer(f.work.resolve("token-" + System.nanoTime()), Fixture.USER, Fixture.PASSWORD);
        registry = new Registry(f.work.resolve("token-registry-" + System.nanoTime()), null, null, tokens);
        for (String repo : List.of("app", "private/app")) {
            Processes.check(f.work.resolve("images"), Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false",
                    "--dest-creds=" + Fixture.USER + ":" + Fixture.PASSWORD, "oci:img:app",
                    "docker://" + registry.host() + "/" + repo + ":latest"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        tokens.close();
    }

    @Test
    void anonymousTokenForAPublicRepository() {
        String ref = registry.host() + "/app:latest";
        synchronized (tokens.requests) {
            tokens.requests.clear();
        }
        Processes.Result pull = stowage.ok("image:pull", ref);
        assertTrue(pull.lines().contains("Status: Downloaded newer image for " + ref), pull.toString());
        assertEquals(List.of("repository:app:pull anonymous"), List.copyOf(tokens.requests));
    }

    @Test
    void privateRepositoryNeedsTheLoginForItsToken() throws Exception {
        String ref = registry.host() + "/private/app:latest";
        Processes.Result refused = stowage.run("image:pull", ref);
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().startsWith("Error: pull " + ref + ": "), refused.toString());
        assertTrue(refused.err().contains("unauthorized"), refused.toString());
        assertEquals(List.of("index.json", "index.last-good.json", "index.lock", "ingest.lock", "leases.lock", "oci-layout"), stowage.files());

        String auth = Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(stowage.home.resolve("etc/credentials.json"),
                "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" + auth + "\"}}}");
        Processes.Result pull = stowage.ok("image:pull", ref);
        assertTrue(pull.lines().contains("Status: Downloaded newer image for " + ref), pull.toString());
        assertTrue(tokens.requests.contains("repository:private/app:pull with login"), tokens.requests.toString());
    }

    /** Two pulls in one running shell ask the token server once: the token is kept for its lifetime. */
    @Test
    void aTokenIsAskedForOncePerScopeWhileItLasts() throws Exception {
        String ref = registry.host() + "/app:latest";
        synchronized (tokens.requests) {
            tokens.requests.clear();
        }
        java.nio.file.Path input = Files.writeString(stowage.data.resolveSibling("token-input.txt"),
                "image:pull " + ref + "\nimage:rm " + ref + "\nimage:pull " + ref + "\n");
        Processes.Result r = Processes.run(stowage.home, Map.of("STOWAGE_DATA", stowage.data.toString()),
                List.of("sh", "-c", stowage.home.resolve("bin/stowage") + " < " + input));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(2, r.out().split("Status: Downloaded newer image for " + ref, -1).length - 1, r.toString());
        assertEquals(List.of("repository:app:pull anonymous"), List.copyOf(tokens.requests));
    }

    /** A push asks for a token with push in its scope; the registry checks it and refuses one without access. */
    @Test
    void aPushNeedsATokenThatMayPush() throws Exception {
        String source = registry.host() + "/app:latest";
        String target = registry.host() + "/private/pushed:v1";
        stowage.ok("image:pull", source);
        stowage.ok("image:tag", source, target);
        Processes.Result refused = stowage.run("image:push", target);
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().startsWith("Error: push " + target + ": ") && refused.err().contains("unauthorized"),
                refused.toString());

        String auth = Base64.getEncoder().encodeToString((Fixture.USER + ":" + Fixture.PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(stowage.home.resolve("etc/credentials.json"),
                "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" + auth + "\"}}}");
        synchronized (tokens.requests) {
            tokens.requests.clear();
        }
        Processes.Result pushed = stowage.ok("image:push", target);
        String digest = Fixture.json(stowage.ok("image:inspect", target).out()).get(0).get("RepoDigests").get(0).asText()
                .replaceFirst(".*@", "");
        assertTrue(pushed.out().contains("v1: digest: " + digest + " size: "), pushed.toString());
        assertTrue(tokens.requests.contains("repository:private/pushed:pull,push with login"), tokens.requests.toString());
    }
}
