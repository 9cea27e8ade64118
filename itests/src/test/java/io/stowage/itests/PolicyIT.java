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
    /** An EC key pair each, {@code <name>.pem} and {@code <name>.pub}, made by openssl. */
    private static Path keys(String... names) throws Exception {
        Path keys = Files.createTempDirectory("stowage-keys-");
        for (String name : names) {
            Processes.check(keys, java.util.Map.of(), List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".pem"));
            Processes.check(keys, java.util.Map.of(), List.of("openssl", "ec", "-in", name + ".pem", "-pubout", "-out", name + ".pub"));
        }
        return keys;
    }

    /**
     * A key pair made as {@code cosign generate-key-pair} makes one (cosign-key.js):
     * {@code cosign.key}, {@code cosign.pub}, and {@code passphrase}, the file that holds it.
     */
    private static Path cosignKeys(String passphrase) throws Exception {
        Path keys = Files.createTempDirectory("stowage-keys-");
        Processes.check(keys, java.util.Map.of(), List.of("node", Path.of(System.getProperty("stowage.sigstore")).resolve("cosign-key.js")
                .toString(), passphrase, keys.resolve("cosign.key").toString(), keys.resolve("cosign.pub").toString()));
        Files.writeString(keys.resolve("passphrase"), passphrase + "\n");
        return keys;
    }

    /** cosign-registry.py (cosign's forms, from its specifications) with {@code args}. */
    private static Processes.Result cosign(Path dir, String... args) throws Exception {
        Path script = dir.resolve("cosign-registry.py");
        try (var in = PolicyIT.class.getResourceAsStream("/cosign-registry.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        return Processes.check(dir, java.util.Map.of(), command);
    }

    private static final String SIGNED_POLICY = """
            {"default": [{"type": "reject"}],
             "transports": {"docker": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s",
               "signedIdentity": {"type": "matchRepository"}}]}}}""";

    /**
     * {@code sigstoreSigned}: an image signed as cosign signs with a key (cosign-registry.py: openssl
     * and cosign's tag scheme) is accepted with that key, refused with another, refused when its
     * tag now names an image nobody signed, and refused without a signature; nothing stored.
     */
    @Test
    void cosignSignaturesByTheKeyAreRequired() throws Exception {
        Stowage stowage = new Stowage();
        Path keys = keys("signer", "stranger");
        String signed = f.host() + "/policy-signed/app:1";
        String unsigned = f.host() + "/policy-signed/app:unsigned";
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("app:latest"), "docker://" + signed);
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("other:latest"), "docker://" + unsigned);
        String digest = Fixture.sha256(f.rawManifest("app:latest"));
        cosign(keys, "sign", f.host(), "policy-signed/app", digest, f.host() + "/policy-signed/app", keys.resolve("signer.pem").toString());

        String scope = f.host() + "/policy-signed";
        write(stowage, SIGNED_POLICY.formatted(scope, keys.resolve("stranger.pub")));
        Processes.Result stranger = stowage.run("image:pull", signed);
        assertEquals(1, stranger.exit());
        assertEquals("Error: pull " + signed + ": not signed as policy " + stowage.home.resolve("etc/policy.json") + " requires (key "
                + keys.resolve("stranger.pub") + "): cosign signature tag: no signature by the policy's key; sigstore bundle: no sigstore"
                + " bundle among its referrers\n", stranger.err());
        assertEquals(List.of(), blobs(stowage));

        write(stowage, SIGNED_POLICY.formatted(scope, keys.resolve("signer.pub")));
        String out = stowage.ok("image:pull", signed).out();
        assertTrue(out.contains("Digest: " + digest + "\nSignature: verified with key " + keys.resolve("signer.pub") + " (cosign signature tag)\n"),
                out);
        Processes.Result none = stowage.run("image:pull", unsigned);
        assertEquals(1, none.exit());
        assertTrue(none.err().endsWith("): cosign signature tag: no signature; sigstore bundle: no sigstore bundle among its referrers\n"),
                none.err());
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size(), "only the signed image");
    }

    /**
     * A Sigstore bundle, cosign v3's default: signed by the Sigstore project's own bundle builder
     * (sign-bundle.js, @sigstore/sign) and attached as cosign attaches it (a referrer, listed in
     * the tag schema's index). Accepted with the signer's key, which the pull's output and
     * {@code image:inspect} name; refused with another key, and once the tag names another image.
     */
    @Test
    void sigstoreBundlesByTheKeyAreRequired() throws Exception {
        Path signer = Path.of(System.getProperty("stowage.sigstore"));
        assertTrue(Files.isDirectory(signer.resolve("node_modules/@sigstore/sign")), "test.sh installs sigstore-js in " + signer);
        Stowage stowage = new Stowage();
        Path keys = keys("signer", "stranger");
        String image = f.host() + "/policy-bundle/app:1";
        bundleSigned(keys, "policy-bundle/app", image);

        String scope = f.host() + "/policy-bundle";
        write(stowage, SIGNED_POLICY.formatted(scope, keys.resolve("stranger.pub")));
        Processes.Result stranger = stowage.run("image:pull", image);
        assertEquals(1, stranger.exit());
        assertTrue(stranger.err().endsWith("): cosign signature tag: no signature; sigstore bundle: no bundle signed by the policy's key\n"),
                stranger.err());
        assertEquals(List.of(), blobs(stowage));

        write(stowage, SIGNED_POLICY.formatted(scope, keys.resolve("signer.pub")));
        String verified = "key " + keys.resolve("signer.pub") + " (sigstore bundle)";
        assertTrue(stowage.ok("image:pull", image).out().contains("\nSignature: verified with " + verified + "\n"));
        assertEquals(verified, Fixture.json(stowage.ok("image:inspect", image).out()).get(0).path("Metadata").path("Signature").asText());

        // the tag moved to an image nobody signed: refused, and the stored one stays as it was
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("other:latest"), "docker://" + image);
        Processes.Result moved = stowage.run("image:pull", image);
        assertEquals(1, moved.exit());
        assertTrue(moved.err().endsWith("sigstore bundle: no sigstore bundle among its referrers\n"), moved.err());
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size());
    }

    /**
     * Stowage signs, and the peers verify: a key made as cosign makes one (cosign-key.js), opened
     * with its passphrase file; {@code image:push --sign-by-sigstore-private-key} writes the
     * signature tag, which openssl verifies as cosign's specification says; {@code image:sign
     * --format bundle} writes a Sigstore bundle, which the Sigstore project's own verifier accepts;
     * another Stowage pulls the image under a policy that requires the key. A wrong passphrase is
     * one line, and nothing is signed.
     */
    @Test
    void stowageSignsAndThePeersVerify() throws Exception {
        Path sigstore = Path.of(System.getProperty("stowage.sigstore"));
        Stowage stowage = new Stowage();
        Path keys = cosignKeys("a passphrase");
        Path key = keys.resolve("cosign.key");
        Path pub = keys.resolve("cosign.pub");
        Path passphrase = keys.resolve("passphrase");
        Path wrong = Files.writeString(keys.resolve("wrong"), "another\n");
        String image = f.host() + "/policy-stowage/app:1";
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        stowage.ok("image:tag", f.ref("app:latest"), image);
        String digest = Fixture.sha256(f.rawManifest("app:latest"));

        Processes.Result refused = stowage.run("image:push", "--sign-by-sigstore-private-key", key.toString(), "--sign-passphrase-file",
                wrong.toString(), image);
        assertEquals(1, refused.exit());
        assertEquals("Error: key " + key + ": cannot be decrypted with this passphrase\n", refused.err());
        assertEquals("", refused.out(), "nothing pushed");

        String pushed = stowage.ok("image:push", "--sign-by-sigstore-private-key", key.toString(), "--sign-passphrase-file",
                passphrase.toString(), image).out();
        assertTrue(pushed.endsWith("Signature: " + f.host() + "/policy-stowage/app:sha256-" + digest.substring(7) + ".sig\n"), pushed);
        assertEquals(image + "\n", cosign(keys, "verify", f.host(), "policy-stowage/app", digest, pub.toString()).out(),
                "openssl verifies it; the identity is the pushed reference");

        String referrer = stowage.ok("image:sign", "--format", "bundle", "--key", key.toString(), "--passphrase-file", passphrase.toString(),
                image).out();
        assertTrue(referrer.matches(java.util.regex.Pattern.quote(f.host()) + "/policy-stowage/app@sha256:[0-9a-f]{64}\n"), referrer);
        Path bundle = keys.resolve("stowage-bundle.json");
        cosign(keys, "fetch-bundle", f.host(), "policy-stowage/app", digest, bundle.toString());
        assertEquals(image + "\n", Processes.check(keys, java.util.Map.of(), List.of("node", sigstore.resolve("verify-bundle.js").toString(),
                bundle.toString(), pub.toString(), digest)).out(), "sigstore-js verifies the bundle with the key");
        Processes.Result other = Processes.run(keys, java.util.Map.of(), List.of("node", sigstore.resolve("verify-bundle.js").toString(),
                bundle.toString(), pub.toString(), Fixture.sha256(f.rawManifest("other:latest"))));
        assertEquals(1, other.exit(), "and the bundle is about this image only: " + other);

        Stowage device = new Stowage();
        write(device, SIGNED_POLICY.formatted(f.host() + "/policy-stowage", pub));
        assertTrue(device.ok("image:pull", image).out().contains("\nSignature: verified with key " + pub + " (cosign signature tag)\n"));
    }

    /**
     * A location's signature is the referrer it holds beside the image: an OCI layout (written by
     * Stowage) with a Sigstore bundle by sigstore-js attached as an unnamed index entry, pulled
     * under the {@code oci} scope of its directory: accepted with the signer's key, refused with
     * another, and a copy of the layout without the bundle refused; nothing stored.
     */
    @Test
    void aLayoutCarriesItsSignatureBesideTheImage() throws Exception {
        Path sigstore = Path.of(System.getProperty("stowage.sigstore"));
        Stowage maker = new Stowage();
        Path keys = keys("signer", "stranger");
        String image = f.host() + "/policy-layout/app:1";
        maker.ok("image:pull", "-q", f.ref("app:latest"));
        maker.ok("image:tag", f.ref("app:latest"), image);
        Path usb = Files.createTempDirectory("stowage-usb-");
        Path signed = usb.resolve("signed");
        Path bare = usb.resolve("bare");
        String pushed = maker.ok("image:push", image, "oci:" + signed).out();
        maker.ok("image:push", image, "oci:" + bare);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(pushed);
        assertTrue(m.find(), pushed);
        String digest = m.group(1);
        Processes.check(keys, java.util.Map.of(), List.of("node", sigstore.resolve("sign-bundle.js").toString(), keys.resolve("signer.pem").toString(),
                digest, f.host() + "/policy-layout/app", keys.resolve("bundle.json").toString()));
        cosign(keys, "attach-layout", signed.toString(), "-", digest, keys.resolve("bundle.json").toString());

        Stowage device = new Stowage();
        String policy = """
                {"default": [{"type": "reject"}],
                 "transports": {"oci": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s",
                   "signedIdentity": {"type": "matchRepository"}}]}}}""";
        write(device, policy.formatted(usb, keys.resolve("stranger.pub")));
        Processes.Result stranger = device.run("image:pull", "oci:" + signed + ":" + image);
        assertEquals(1, stranger.exit());
        assertTrue(stranger.err().endsWith("): cosign signature tag: no signature; sigstore bundle: no bundle signed by the policy's key\n"),
                stranger.err());
        assertEquals(List.of(), blobs(device));

        write(device, policy.formatted(usb, keys.resolve("signer.pub")));
        Processes.Result none = device.run("image:pull", "oci:" + bare + ":" + image);
        assertEquals(1, none.exit());
        assertTrue(none.err().endsWith("sigstore bundle: no sigstore bundle among its referrers\n"), none.err());
        assertEquals(List.of(), blobs(device));
        String out = device.ok("image:pull", "oci:" + signed + ":" + image).out();
        assertTrue(out.contains("Signature: verified with key " + keys.resolve("signer.pub") + " (sigstore bundle)\n"), out);
        assertEquals(1, device.ok("image:ls", "-q").lines().size());
    }

    /**
     * The air-gapped way with Stowage alone: {@code image:push} into a layout on the stick,
     * {@code image:sign --format bundle} beside it with a key made as cosign makes one; a device
     * pulls it under the stick's policy. The same layout with another image put under the name
     * afterwards (tampered) is refused: its bundle is about the image signed.
     */
    @Test
    void stowageSignsALayoutAndADeviceVerifiesIt() throws Exception {
        Stowage maker = new Stowage();
        Path keys = cosignKeys("stick");
        Path key = keys.resolve("cosign.key");
        Path pub = keys.resolve("cosign.pub");
        Path passphrase = keys.resolve("passphrase");
        String image = f.host() + "/policy-stick/app:1";
        maker.ok("image:pull", "-q", f.ref("app:latest"));
        maker.ok("image:pull", "-q", f.ref("other:latest"));
        maker.ok("image:tag", f.ref("app:latest"), image);
        Path usb = Files.createTempDirectory("stowage-usb-");
        Path layout = usb.resolve("layout");
        maker.ok("image:push", image, "oci:" + layout);
        String where = maker.ok("image:sign", "--format", "bundle", "--key", key.toString(), "--passphrase-file", passphrase.toString(),
                "oci:" + layout + ":" + image).out();
        assertTrue(where.matches("oci:" + java.util.regex.Pattern.quote(layout.toString()) + "@sha256:[0-9a-f]{64}\n"), where);
        assertEquals(1, maker.run("image:sign", "--key", key.toString(), "--passphrase-file", passphrase.toString(),
                "oci:" + layout + ":" + image).exit(), "a layout's signature is a bundle");

        Stowage device = new Stowage();
        write(device, """
                {"default": [{"type": "reject"}],
                 "transports": {"oci": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s"}]}}}""".formatted(usb, pub));
        String out = device.ok("image:pull", "oci:" + layout + ":" + image).out();
        assertTrue(out.contains("Signature: verified with key " + pub + " (sigstore bundle)\n"), out);
        // the layout as one file, loaded under the stick's docker-archive scope: the bundle is no image to load, it verifies the image
        String archivePolicy = """
                {"default": [{"type": "reject"}],
                 "transports": {"docker-archive": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s"}]}}}""".formatted(usb, pub);
        Path tar = usb.resolve("stick.tar");
        Processes.check(usb, java.util.Map.of(), List.of("tar", "-C", layout.toString(), "-cf", tar.toString(), "."));
        Stowage loader = new Stowage();
        write(loader, archivePolicy);
        assertEquals("Loaded image: " + image + "\n", loader.ok("image:load", "-i", tar.toString()).out());

        // another image under the same name in the same layout: the bundle beside it is about the first
        maker.ok("image:tag", f.ref("other:latest"), image);
        maker.ok("image:push", image, "oci:" + layout);
        refusedLoad(layout, usb.resolve("tampered.tar"), archivePolicy, "sigstore bundle: no sigstore bundle among its referrers\n");
        Stowage second = new Stowage();
        write(second, """
                {"default": [{"type": "reject"}],
                 "transports": {"oci": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s"}]}}}""".formatted(usb, pub));
        Processes.Result tampered = second.run("image:pull", "oci:" + layout + ":" + image);
        assertEquals(1, tampered.exit());
        assertTrue(tampered.err().endsWith("sigstore bundle: no sigstore bundle among its referrers\n"), tampered.err());
        assertEquals(List.of(), blobs(second));
    }

    /**
     * Signatures travel with archives: a pull under {@code sigstoreSigned} keeps the bundle that
     * verified (sigstore-js's, attached as cosign attaches it) in the store, {@code image:save}
     * writes it beside the image (an index entry without a ref name, none of Docker's files, so
     * skopeo reads the archive by name as before), and a second store loads the archive under
     * the {@code docker-archive} scope of its directory. A copy with another image under the name
     * and the signature beside it is refused, nothing stored; removing the image removes its
     * signature too.
     */
    @Test
    void aSavedArchiveCarriesTheBundleItsImageWasPulledWith() throws Exception {
        Path keys = keys("signer");
        String image = f.host() + "/policy-save/app:1";
        String digest = bundleSigned(keys, "policy-save/app", image);
        Path signed = travels(keys, image, digest, "sigstore bundle", "sigstore bundle: no sigstore bundle among its referrers\n");
        com.fasterxml.jackson.databind.JsonNode referrer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(signed.resolve("blobs/sha256/"
                + unnamed(signed).get(0).path("digest").asText().substring(7)).toFile());
        assertEquals(digest, referrer.path("subject").path("digest").asText());
    }

    /**
     * Peers on a site: a gateway that pulled a signed image under the policy serves it (its
     * registry server), with the bundle it kept among the image's referrers; another gateway pulls
     * from it under a policy that requires the key, the server's name remapped to the one signed
     * ({@code remapIdentity}), and verifies it; by tag it is refused, since the bundle signs the
     * repository, not the tag ({@code matchRepoDigestOrExact} after the remapping).
     */
    @Test
    void aPeerVerifiesTheSignatureAGatewayKept() throws Exception {
        Path keys = keys("signer");
        String image = f.host() + "/policy-peer/app:1";
        String digest = bundleSigned(keys, "policy-peer/app", image);
        Stowage gateway = new Stowage();
        write(gateway, SIGNED_POLICY.formatted(f.host() + "/policy-peer", keys.resolve("signer.pub")));
        gateway.ok("image:pull", "-q", image);
        try (Served served = Served.start(gateway, "")) {
            Stowage peer = new Stowage();
            write(peer, """
                    {"default": [{"type": "reject"}],
                     "transports": {"docker": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s",
                       "signedIdentity": {"type": "remapIdentity", "prefix": "%s", "signedPrefix": "%s"}}]}}}"""
                    .formatted(served.host, keys.resolve("signer.pub"), served.host, f.host()));
            // by digest: remapIdentity then matches as matchRepoDigestOrExact, and the bundle names the repository
            String out = peer.ok("image:pull", served.host + "/policy-peer/app@" + digest).out();
            assertTrue(out.contains("Signature: verified with key " + keys.resolve("signer.pub") + " (sigstore bundle)\n"), out);
            Processes.Result byTag = peer.run("image:pull", served.host + "/policy-peer/app:1");
            assertEquals(1, byTag.exit());
            assertTrue(byTag.err().endsWith("sigstore bundle: the signed identity \"" + f.host() + "/policy-peer/app\" does not match (remapIdentity)\n"),
                    byTag.err());
        }
    }

    /**
     * The same for an image signed as an index of platforms (how most signed images are): the
     * store keeps the index with the platform's image, {@code image:save} names the index in the
     * layout (its other platforms' blobs absent; Docker's files name the image), and the load
     * verifies the index. The copy without the index, the bundle beside the image, is refused.
     */
    @Test
    void aSavedArchiveCarriesTheIndexItsImageWasSignedAs() throws Exception {
        Path keys = keys("signer");
        String image = f.host() + "/policy-save-index/app:1";
        String digest = bundleSigned(keys, "policy-save-index/app", image, "multi:latest");
        Path signed = travels(keys, image, digest, "sigstore bundle", "sigstore bundle: no sigstore bundle among its referrers\n");
        com.fasterxml.jackson.databind.JsonNode named = new com.fasterxml.jackson.databind.ObjectMapper().readTree(signed.resolve("index.json").toFile())
                .path("manifests").get(0);
        assertEquals(digest, named.path("digest").asText(), "the layout names the index");
        assertEquals("application/vnd.oci.image.index.v1+json", named.path("mediaType").asText());
    }

    /**
     * The same with cosign's signature tag (cosign-registry.py): the tag's manifest is kept and
     * saved as {@code cosign save} keeps it in a layout, an unnamed entry of kind
     * {@code dev.cosignproject.cosign/sigs} (marked with the image it signs).
     */
    @Test
    void aSavedArchiveCarriesTheSignatureTagItsImageWasPulledWith() throws Exception {
        Path keys = keys("signer");
        String image = f.host() + "/policy-save-tag/app:1";
        f.skopeoBytes("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref("app:latest"), "docker://" + image);
        String digest = Fixture.sha256(f.rawManifest("app:latest"));
        cosign(keys, "sign", f.host(), "policy-save-tag/app", digest, f.host() + "/policy-save-tag/app", keys.resolve("signer.pem").toString());
        Path signed = travels(keys, image, digest, "cosign signature tag", "cosign signature tag: a signature by the key is of another image;"
                + " sigstore bundle: no sigstore bundle among its referrers\n");
        com.fasterxml.jackson.databind.JsonNode entry = unnamed(signed).get(0);
        assertEquals("dev.cosignproject.cosign/sigs", entry.path("annotations").path("kind").asText());
        assertEquals(digest, entry.path("annotations").path("io.stowage.signature.of").asText());
    }

    /**
     * {@code image} (signed, at {@code digest}, in the scheme {@code scheme}) pulled by a device
     * under the key's policy, saved, loaded by a second store under the archive directory's
     * policy (the signature checked), the archive with another image under the name and the
     * signature beside it refused with {@code refusal}; the image removed from the device with its
     * signature. Returns the saved archive, unpacked.
     */
    private Path travels(Path keys, String image, String digest, String scheme, String refusal) throws Exception {
        Stowage device = new Stowage();
        write(device, SIGNED_POLICY.formatted(image.substring(0, image.lastIndexOf('/')), keys.resolve("signer.pub")));
        device.ok("image:pull", "-q", image);
        Path usb = Files.createTempDirectory("stowage-usb-");
        Path archive = usb.resolve("app.tar");
        device.ok("image:save", "-o", archive.toString(), image);

        Path signed = untar(archive, usb.resolve("signed"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> unnamed = unnamed(signed);
        assertEquals(1, unnamed.size(), "the signature: " + unnamed);
        assertEquals(1, json.readTree(signed.resolve("manifest.json").toFile()).size(), "docker save's files list the image alone");
        assertEquals(digest, f.skopeo("inspect", "oci-archive:" + archive + ":" + image).path("Digest").asText(),
                "skopeo reads it by name as before");

        String archivePolicy = """
                {"default": [{"type": "reject"}],
                 "transports": {"docker-archive": {"%s": [{"type": "sigstoreSigned", "keyPath": "%s",
                   "signedIdentity": {"type": "matchRepository"}}]}}}""".formatted(usb, keys.resolve("signer.pub"));
        Stowage loader = new Stowage();
        write(loader, archivePolicy);
        assertEquals("Loaded image: " + image + "\n", loader.ok("image:load", "-i", archive.toString()).out());
        assertEquals("key " + keys.resolve("signer.pub") + " (" + scheme + ")",
                Fixture.json(loader.ok("image:inspect", image).out()).get(0).path("Metadata").path("Signature").asText());

        // another image under the name, with the signature copied beside it: the signature is about the first
        Stowage maker = new Stowage();
        maker.ok("image:pull", "-q", f.ref("other:latest"));
        maker.ok("image:tag", f.ref("other:latest"), image);
        Path otherTar = usb.resolve("other.tar");
        maker.ok("image:save", "-o", otherTar.toString(), image);
        Path other = untar(otherTar, usb.resolve("other"));
        com.fasterxml.jackson.databind.node.ObjectNode index = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                other.resolve("index.json").toFile());
        com.fasterxml.jackson.databind.JsonNode moved = unnamed.get(0).deepCopy();
        if (moved.path("annotations").has("io.stowage.signature.of")) { // as the other image's own, else it is simply not found
            ((com.fasterxml.jackson.databind.node.ObjectNode) moved.path("annotations")).put("io.stowage.signature.of",
                    Fixture.sha256(f.rawManifest("other:latest")));
        }
        index.withArray("manifests").add(moved);
        json.writeValue(other.resolve("index.json").toFile(), index);
        try (java.util.stream.Stream<Path> blobs = Files.list(signed.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Path there = other.resolve("blobs/sha256").resolve(blob.getFileName());
                if (!Files.exists(there)) {
                    Files.copy(blob, there);
                }
            }
        }
        refusedLoad(other, usb.resolve("tampered.tar"), archivePolicy, refusal);

        // the signature goes with the image
        device.ok("image:rm", image);
        assertEquals(List.of(), blobs(device));
        return signed;
    }

    /**
     * {@code layout} packed into the tar {@code tar} and loaded by a new store under {@code policy}:
     * refused in one line ending with {@code refusal}, and nothing stored.
     */
    private static void refusedLoad(Path layout, Path tar, String policy, String refusal) throws Exception {
        Processes.check(tar.getParent(), java.util.Map.of(), List.of("tar", "-C", layout.toString(), "-cf", tar.toString(), "."));
        Stowage loader = new Stowage();
        write(loader, policy);
        Processes.Result refused = loader.run("image:load", "-i", tar.toString());
        assertEquals(1, refused.exit());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().endsWith(refusal), refused.err());
        assertEquals(List.of(), blobs(loader));
    }

    /** The entries of the unpacked layout's index.json without a ref name. */
    private static List<com.fasterxml.jackson.databind.JsonNode> unnamed(Path layout) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> unnamed = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(layout.resolve("index.json").toFile()).path("manifests").forEach(e -> {
            if (!e.path("annotations").has("org.opencontainers.image.ref.name")) {
                unnamed.add(e);
            }
        });
        return unnamed;
    }

    /**
     * The fixture's {@code app:latest} copied to {@code image} in {@code repository}, signed by
     * {@code keys/signer.pem} in a Sigstore bundle (sign-bundle.js, @sigstore/sign) and attached
     * as cosign attaches one; returns the image's digest.
     */
    private String bundleSigned(Path keys, String repository, String image) throws Exception {
        return bundleSigned(keys, repository, image, "app:latest");
    }

    /** As above, of the fixture's {@code from} (an index copied whole). */
    private String bundleSigned(Path keys, String repository, String image, String from) throws Exception {
        Path sigstore = Path.of(System.getProperty("stowage.sigstore"));
        f.skopeoBytes("copy", "-q", "--all", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + f.ref(from), "docker://" + image);
        String digest = Fixture.sha256(f.rawManifest(from));
        Processes.check(keys, java.util.Map.of(), List.of("node", sigstore.resolve("sign-bundle.js").toString(), keys.resolve("signer.pem").toString(),
                digest, f.host() + "/" + repository, keys.resolve("bundle.json").toString()));
        cosign(keys, "attach", f.host(), repository, digest, keys.resolve("bundle.json").toString());
        return digest;
    }

    private static Path untar(Path archive, Path into) throws Exception {
        Files.createDirectories(into);
        Processes.check(into, java.util.Map.of(), List.of("tar", "-xf", archive.toString()));
        return into;
    }
}
