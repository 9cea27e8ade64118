package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trust policy, {@code etc/policy.json} in containers-policy.json's format, against the real
 * registry: {@code reject} refuses, an allowlisted digest passes and another is refused, a broken
 * file refuses everything; each refusal one line naming the image and the reason, with nothing
 * stored; the file is read again when it changes, in the same running framework as in the next.
 */
class PolicyIT {
    private final Fixture f = Fixture.get();

    private static void write(Stowage stowage, String json) throws Exception {
        Path file = stowage.home.resolve("etc/policy.json");
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(json.length())));
    }

    private static List<String> blobs(Stowage stowage) {
        return stowage.files().stream().filter(p -> p.startsWith("blobs/")).toList();
    }

    @Test
    void rejectAllowlistsAndABrokenFile() throws Exception {
        Stowage stowage = new Stowage();
        Path file = stowage.home.resolve("etc/policy.json");
        String app = f.ref("app:latest");
        String other = f.ref("other:latest");

        write(stowage, "{\"default\": [{\"type\": \"reject\"}]}");
        Processes.Result rejected = stowage.run("image:pull", app);
        assertEquals(1, rejected.exit());
        assertEquals("Error: pull " + app + ": rejected by policy " + file + "\n", rejected.err());
        assertEquals(List.of(), blobs(stowage), "nothing stored");

        // only the app's digest, in its repository; everything else in this registry accepted
        String digest = Fixture.sha256(f.rawManifest("app:latest"));
        write(stowage, """
                {"default": [{"type": "reject"}],
                 "transports": {"docker": {
                   "%s": [{"type": "insecureAcceptAnything"}],
                   "%s": [{"type": "allowedDigests", "digests": ["%s"]}],
                   "%s": [{"type": "allowedDigests", "digests": ["sha256:%s"]}]}}}"""
                .formatted(f.host(), f.ref("app"), digest, f.ref("other"), "0".repeat(64)));
        assertTrue(stowage.ok("image:pull", app).out().contains("Digest: " + digest));
        Processes.Result notListed = stowage.run("image:pull", other);
        assertEquals(1, notListed.exit());
        assertTrue(notListed.err().matches("Error: pull " + java.util.regex.Pattern.quote(other) + ": sha256:[0-9a-f]{64} is not among the"
                + " digests policy " + java.util.regex.Pattern.quote(file.toString()) + " allows\n"), notListed.err());
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size(), "only the allowed image");

        write(stowage, "{\"default\": [{\"type\": \"acceptEverything\"}]}");
        Processes.Result broken = stowage.run("image:pull", other);
        assertEquals(1, broken.exit());
        assertTrue(broken.err().matches("Error: pull " + java.util.regex.Pattern.quote(other) + ": policy " + java.util.regex.Pattern.quote(file.toString()) + ": default: requirement type"
                + " \"acceptEverything\" is not one Stowage knows .*; every pull is refused until it is mended\n"), broken.err());
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size());

        Files.delete(file);
        stowage.ok("image:pull", other);
        assertEquals(2, stowage.ok("image:ls", "-q").lines().size(), "no policy: everything, as before");

        // archives: image:load is scoped as docker-archive, by the archive's path and the directories above it
        Path usb = Files.createTempDirectory("stowage-usb-");
        Path archive = usb.resolve("app.tar");
        stowage.ok("image:save", "-o", archive.toString(), app);
        Stowage appliance = new Stowage();
        write(appliance, """
                {"default": [{"type": "reject"}],
                 "transports": {"docker-archive": {"%s": [{"type": "allowedDigests", "digests": ["%s"]}]}}}""".formatted(usb, digest));
        Path elsewhere = Files.copy(archive, Files.createTempDirectory("stowage-elsewhere-").resolve("app.tar"));
        Processes.Result outside = appliance.run("image:load", "-i", elsewhere.toString());
        assertEquals(1, outside.exit());
        assertTrue(outside.err().startsWith("Error: load " + elsewhere + ": ") && outside.err().endsWith("rejected by policy "
                + appliance.home.resolve("etc/policy.json") + "\n"), outside.err());
        assertTrue(appliance.ok("image:load", "-i", archive.toString()).out().contains("Loaded image: " + app));
    }

    /**
     * {@code sigstoreSigned}: an image signed as cosign signs with a key (cosign-sign.py: openssl
     * and cosign's tag scheme) is accepted with that key, refused with another, refused when its
     * tag now names an image nobody signed, and refused without a signature; nothing stored.
     */
    @Test
    void cosignSignaturesByTheKeyAreRequired() throws Exception {
        Stowage stowage = new Stowage();
        Path keys = Files.createTempDirectory("stowage-keys-");
        for (String name : List.of("signer", "stranger")) {
            Processes.check(keys, java.util.Map.of(), List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".pem"));
            Processes.check(keys, java.util.Map.of(), List.of("openssl", "ec", "-in", name + ".pem", "-pubout", "-out", name + ".pub"));
        }
        String signed = f.host() + "/policy-signed/app:1";
        String unsigned = f.host() + "/policy-signed/app:unsigned";
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("app:latest"), "docker://" + signed);
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("other:latest"), "docker://" + unsigned);
        String digest = Fixture.sha256(f.rawManifest("app:latest"));
        Path script = Files.createTempFile("cosign-sign", ".py");
        try (var in = PolicyIT.class.getResourceAsStream("/cosign-sign.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Processes.check(keys, java.util.Map.of(), List.of("python3", script.toString(), f.host(), "policy-signed/app", digest,
                f.host() + "/policy-signed/app", keys.resolve("signer.pem").toString()));

        String policy = """
                {"default": [{"type": "reject"}],
                 "transports": {"docker": {"%s/policy-signed": [{"type": "sigstoreSigned", "keyPath": "%s",
                   "signedIdentity": {"type": "matchRepository"}}]}}}""";
        write(stowage, policy.formatted(f.host(), keys.resolve("stranger.pub")));
        Processes.Result stranger = stowage.run("image:pull", signed);
        assertEquals(1, stranger.exit());
        assertEquals("Error: pull " + signed + ": not signed as policy " + stowage.home.resolve("etc/policy.json") + " requires (key "
                + keys.resolve("stranger.pub") + "): no signature by the policy's key\n", stranger.err());
        assertEquals(List.of(), blobs(stowage));

        write(stowage, policy.formatted(f.host(), keys.resolve("signer.pub")));
        assertTrue(stowage.ok("image:pull", signed).out().contains("Digest: " + digest));
        Processes.Result none = stowage.run("image:pull", unsigned);
        assertEquals(1, none.exit());
        assertTrue(none.err().endsWith("): no signature\n"), none.err());
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size(), "only the signed image");
    }
}
