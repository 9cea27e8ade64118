package io.stowage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import io.stowage.api.trust.SignatureVerifier;
import io.stowage.api.trust.SignedImage;
import io.stowage.store.memory.internal.MemoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature schemes are services: under a sigstoreSigned requirement the core asks each
 * verifier bound (a bundle's as the core's own), by scheme name, until one verifies; the image
 * keeps what verified it; a verifier that breaks verifies nothing; with none bound, nothing passes.
 */
class SignatureVerifiersTest {
    private static final String REF = "registry.test/app:v1";
    @TempDir
    Path home;
    private final TestImages images = new TestImages();
    private final MemoryBlobStore store = new MemoryBlobStore();
    private final ImageServiceImpl service = new ImageServiceImpl(TestImages.config(3), store, images);
    private final List<String> asked = new ArrayList<>();
    private Path key;

    /** A verifier of scheme {@code scheme} that answers {@code answer} (null: verified) and records that it was asked, and with what. */
    private SignatureVerifier verifier(String scheme, Function<SignedImage, String> answer) {
        return new SignatureVerifier() {
            @Override
            public String scheme() {
                return scheme;
            }

            @Override
            public String verify(SignedImage image, PublicKey k, Function<String, String> identity) {
                asked.add(scheme + " " + image.reference() + " " + image.digest().toString().substring(0, 13));
                return answer.apply(image);
            }
        };
    }

    @BeforeEach
    void policy() throws Exception {
        images.image("v1", 1, 1);
        key = home.resolve("etc/cosign.pub");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(CosignSignaturesTest.pair().getPublic()
                .getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(home.resolve("etc/policy.json"), "{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"cosign.pub\"}]}");
        service.home(home);
    }

    @Test
    void noVerifierNoPull() {
        StowageException e = assertThrows(StowageException.class, () -> service.pull(REF, null, null));
        assertTrue(e.getMessage().endsWith("(key " + key + "): no signature verifier is running"), e.getMessage());
        assertEquals(List.of(), store.refs());
    }

    @Test
    void theFirstSchemeByNameThatVerifiesAdmitsTheImageAndIsKept() {
        service.addVerifier(verifier("zeta scheme", i -> null));
        service.addVerifier(verifier("alpha scheme", i -> "no signature"));
        assertEquals("key " + key + " (zeta scheme)", service.pull(REF, null, null).image().signature());
        assertEquals(2, asked.size(), "alpha first, then zeta: " + asked);
        assertTrue(asked.get(0).startsWith("alpha scheme " + REF + " sha256:"), asked.toString());
        assertEquals("key " + key + " (zeta scheme)", service.inspect(REF).signature(), "kept with the image's name");
    }

    @Test
    void aVerifierThatBreaksVerifiesNothingAndEachSaysWhy() {
        service.addVerifier(verifier("broken", i -> {
            throw new IllegalStateException("boom");
        }));
        SignatureVerifier none = verifier("careful", i -> "no signature\u001b[2J");
        service.addVerifier(none);
        StowageException e = assertThrows(StowageException.class, () -> service.pull(REF, null, null));
        assertTrue(e.getMessage().endsWith("(key " + key + "): broken: failed: boom; careful: no signature\\x1b[2J"), "escaped: "
                + e.getMessage());
        assertEquals(List.of(), store.refs(), "nothing stored");
        service.removeVerifier(none);
        assertTrue(assertThrows(StowageException.class, () -> service.pull(REF, null, null)).getMessage().endsWith("broken: failed: boom"));
    }
}
