package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.StowageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** containers-policy.json as Stowage reads it: the most specific scope wins, every requirement must pass, a broken file refuses all. */
class TrustPolicyTest {
    private static final Digest GOOD = Digest.parse("sha256:" + "a".repeat(64));
    private static final Digest OTHER = Digest.parse("sha256:" + "b".repeat(64));
    @TempDir
    Path dir;

    private TrustPolicy policy(String json) throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, json);
        return new TrustPolicy(file);
    }

    private static String refused(TrustPolicy p, String what, Digest d) {
        return assertThrows(StowageException.class, () -> p.admit(transport(what), what, d, null)).getMessage();
    }

    private static String transport(String what) {
        return what.startsWith("oci") || what.startsWith("dir:") ? what.substring(0, what.indexOf(':')) : "docker";
    }

    private static void admitted(TrustPolicy p, String what, Digest d) {
        p.admit(transport(what), what, d, null);
    }

    @Test
    void noFileAcceptsEverything() {
        TrustPolicy p = new TrustPolicy(dir.resolve("absent.json"));
        p.admit("docker", "docker.io/library/alpine:latest", GOOD, null);
        assertEquals(List.of(), p.requirements("oci-archive", "oci-archive:/media/usb/app.tar"));
    }

    @Test
    void theMostSpecificScopeWins() throws Exception {
        TrustPolicy p = policy("""
                {"default": [{"type": "reject"}],
                 "transports": {
                   "docker": {
                     "registry.example:5000": [{"type": "insecureAcceptAnything"}],
                     "registry.example:5000/app": [{"type": "allowedDigests", "digests": ["%s"]}],
                     "registry.example:5000/app:pinned": [{"type": "reject"}],
                     "*.trusted.example": [{"type": "insecureAcceptAnything"}]
                   },
                   "oci-archive": {"/media/usb": [{"type": "insecureAcceptAnything"}]}
                 }}""".formatted(GOOD));
        admitted(p, "registry.example:5000/other:1", OTHER);
        admitted(p, "registry.example:5000/app:1", GOOD);
        assertEquals(OTHER + " is not among the digests policy " + dir.resolve("policy.json") + " allows",
                refused(p, "registry.example:5000/app:1", OTHER));
        assertTrue(refused(p, "registry.example:5000/app:pinned", GOOD).endsWith("rejected by policy " + dir.resolve("policy.json")));
        admitted(p, "mirror.eu.trusted.example/app:1", OTHER);
        assertTrue(refused(p, "docker.io/library/alpine:latest", GOOD).contains("rejected by policy"), "the default");
        admitted(p, "oci-archive:/media/usb/app.tar", OTHER);
        refused(p, "oci-archive:/tmp/app.tar", OTHER);
        refused(p, "oci:/media/usb/layout:app", OTHER); // another transport: the default
        refused(p, "dir:/media/usb/app", OTHER); // one the format has no scopes for: the default
    }

    @Test
    void aBrokenFileRefusesEveryPullUntilItIsMended() throws Exception {
        TrustPolicy p = policy("{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        p.admit("docker", "docker.io/library/alpine:latest", GOOD, null);
        for (String broken : List.of("not json", "{}", "{\"default\": []}", "{\"default\": [{\"type\": \"acceptAll\"}]}",
                "{\"default\": [{\"type\": \"reject\", \"extra\": 1}]}", "{\"default\": [{\"type\": \"insecureAcceptAnything\"}], \"transports\": {\"ftp\": {}}}",
                "{\"default\": [{\"type\": \"allowedDigests\", \"digests\": [\"md5:x\"]}]}",
                "{\"default\": [{\"type\": \"sigstoreSigned\"}]}")) {
            Path file = dir.resolve("policy.json");
            Files.writeString(file, broken);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(broken.length())));
            String message = refused(p, "docker.io/library/alpine:latest", GOOD);
            assertTrue(message.startsWith("policy " + file + ": ") && message.endsWith("; every pull is refused until it is mended"), message);
        }
        Files.writeString(dir.resolve("policy.json"), "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        Files.setLastModifiedTime(dir.resolve("policy.json"), FileTime.from(Instant.now().plusSeconds(1000)));
        p.admit("docker", "docker.io/library/alpine:latest", GOOD, null);
    }

    @Test
    void sigstoreSignedNeedsAKeyAndIsCheckedAgainstTheSignatures() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
        Path key = dir.resolve("cosign.pub");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        TrustPolicy p = policy("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\","
                + " \"signedIdentity\": {\"type\": \"matchRepository\"}}]}");
        List<TrustPolicy.Requirement> r = p.requirements("docker", "docker.io/library/alpine:latest");
        TrustPolicy.SigstoreSigned s = (TrustPolicy.SigstoreSigned) r.get(0);
        assertEquals(pair.getPublic(), s.key(), "keyPath relative to the policy's directory");
        assertEquals("key " + key + " (a scheme)", p.admit("docker", "docker.io/library/alpine:latest", GOOD,
                (req, d) -> TrustPolicy.Verdict.verifiedBy("a scheme")), "what verified it, for the pull's output and its names");
        assertTrue(assertThrows(StowageException.class, () -> p.admit("docker", "docker.io/library/alpine:latest", GOOD,
                (req, d) -> TrustPolicy.Verdict.refused("no signature")))
                .getMessage().endsWith("(key " + key + "): no signature"));
        assertTrue(refused(p, "oci-archive:/media/usb/app.tar", GOOD).contains("this pull has no signatures to look at"));

        ImageReference pulledByTag = ImageReference.parse("registry.example/app:1");
        assertEquals(null, s.identityRefusal(pulledByTag, "registry.example/app"));
        assertTrue(s.identityRefusal(pulledByTag, "registry.example/other").contains("does not match (matchRepository)"));
        TrustPolicy exact = policy("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\"}]}");
        TrustPolicy.SigstoreSigned byDefault = (TrustPolicy.SigstoreSigned) exact.requirements("docker", "x/y:1").get(0);
        assertEquals(null, byDefault.identityRefusal(pulledByTag, "registry.example/app:1"), "matchRepoDigestOrExact: the tag itself");
        assertTrue(byDefault.identityRefusal(pulledByTag, "registry.example/app").contains("does not match"), "a tag pull needs the tag signed");
        assertEquals(null, byDefault.identityRefusal(ImageReference.parse("registry.example/app@" + GOOD), "registry.example/app"),
                "a digest pull: the repository");
        for (String bad : List.of("{\"default\": [{\"type\": \"sigstoreSigned\"}]}",
                "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"nosuch.pub\"}]}",
                "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyData\": \"bm90IGEga2V5\"}]}",
                "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\", \"signedIdentity\": {\"type\": \"remapIdentity\"}}]}",
                "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\", \"signedIdentity\": {\"type\": \"matchExact\"}}]}")) {
            TrustPolicy broken = policy(bad);
            assertTrue(refused(broken, "docker.io/library/alpine:latest", GOOD).endsWith("every pull is refused until it is mended"), bad);
        }
    }

    @Test
    void scopesInContainersImagesOrder() {
        assertEquals(List.of("host:5000/a/b/c:1", "host:5000/a/b/c", "host:5000/a/b", "host:5000/a", "host:5000"),
                TrustPolicy.scopes("docker", "host:5000/a/b/c:1"));
        assertEquals(List.of("r.eu.example.com/app:1", "r.eu.example.com/app", "r.eu.example.com", "*.eu.example.com", "*.example.com", "*.com"),
                TrustPolicy.scopes("docker", "r.eu.example.com/app:1"));
        assertEquals(List.of("/media/usb/layout:app", "/media/usb/layout", "/media/usb", "/media", "/"),
                TrustPolicy.scopes("oci", "oci:/media/usb/layout:app"));
    }

    /**
     * remapIdentity, as containers/image reads it: a pull from a mirror's name within
     * {@code prefix} is checked as though it were within {@code signedPrefix}, then as
     * matchRepoDigestOrExact; names outside the prefix are not remapped.
     */
    @Test
    void remapIdentityRewritesThePrefixBeforeMatching() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
        Files.writeString(dir.resolve("cosign.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        TrustPolicy p = policy("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\", \"signedIdentity\":"
                + " {\"type\": \"remapIdentity\", \"prefix\": \"mirror.local:5000/acme\", \"signedPrefix\": \"registry.acme.com/team\"}}]}");
        TrustPolicy.SigstoreSigned s = (TrustPolicy.SigstoreSigned) p.requirements("docker", "x/y:1").get(0);
        ImageReference fromMirror = ImageReference.parse("mirror.local:5000/acme/app:1");
        assertEquals(null, s.identityRefusal(fromMirror, "registry.acme.com/team/app:1"), "the mirror's name remapped");
        assertTrue(s.identityRefusal(fromMirror, "mirror.local:5000/acme/app:1").contains("does not match (remapIdentity)"),
                "the unremapped name is not the signed one");
        assertTrue(s.identityRefusal(fromMirror, "registry.acme.com/team/app:2").contains("does not match"), "another tag");
        assertEquals(null, s.identityRefusal(ImageReference.parse("mirror.local:5000/acme/app@" + GOOD), "registry.acme.com/team/app"),
                "by digest: the remapped repository");
        ImageReference elsewhere = ImageReference.parse("mirror.local:5000/acmeother/app:1");
        assertEquals(null, s.identityRefusal(elsewhere, "mirror.local:5000/acmeother/app:1"), "not within the prefix: not remapped");
        assertTrue(s.identityRefusal(elsewhere, "registry.acme.com/teamother/app:1").contains("does not match"));
        assertTrue(refused(policy("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\", \"signedIdentity\":"
                + " {\"type\": \"remapIdentity\", \"prefix\": \"mirror.local:5000/acme\"}}]}"), "x/y:1", GOOD)
                .contains("remapIdentity needs prefix and signedPrefix"));
    }
}
