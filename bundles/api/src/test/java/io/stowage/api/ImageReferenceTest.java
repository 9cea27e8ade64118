package io.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    @ParameterizedTest
    @CsvSource({
        "alpine, docker.io/library/alpine:latest, alpine:latest",
        "alpine:3.19, docker.io/library/alpine:3.19, alpine:3.19",
        "library/alpine, docker.io/library/alpine:latest, alpine:latest",
        "docker.io/alpine, docker.io/library/alpine:latest, alpine:latest",
        "index.docker.io/library/redis:7, docker.io/library/redis:7, redis:7",
        "user/app:v1, docker.io/user/app:v1, user/app:v1",
        "localhost/app, localhost/app:latest, localhost/app:latest",
        "localhost:5000/app, localhost:5000/app:latest, localhost:5000/app:latest",
        "127.0.0.1:5000/busybox:1.36, 127.0.0.1:5000/busybox:1.36, 127.0.0.1:5000/busybox:1.36",
        "registry.example.com/a/b/c:x_y.z-1, registry.example.com/a/b/c:x_y.z-1, registry.example.com/a/b/c:x_y.z-1",
        "my-registry.io/team__x/app.name, my-registry.io/team__x/app.name:latest, my-registry.io/team__x/app.name:latest",
        "[::1]:5000/app:v, [::1]:5000/app:v, [::1]:5000/app:v",
        "a---b/c, docker.io/a---b/c:latest, a---b/c:latest",
        // found by fuzzing: Docker would print names that parse as another repository
        "docker.io/a.b/app:1, docker.io/a.b/app:1, docker.io/a.b/app:1",
        "docker.io/localhost/app, docker.io/localhost/app:latest, docker.io/localhost/app:latest",
        "library/2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae, docker.io/library/2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae:latest, library/2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae:latest",
    })
    void normalisesAsDockerDoes(String input, String full, String familiar) {
        ImageReference ref = ImageReference.parse(input);
        assertEquals(full, ref.toString());
        assertEquals(familiar, ref.familiar());
    }

    @org.junit.jupiter.api.Test
    void digestReferenceHasNoDefaultTag() {
        ImageReference ref = ImageReference.parse("alpine@sha256:" + HEX);
        assertNull(ref.tag());
        assertEquals("sha256:" + HEX, ref.digest().toString());
        assertEquals("docker.io/library/alpine@sha256:" + HEX, ref.toString());
        assertEquals("sha256:" + HEX, ref.tagOrDigest());
    }

    @org.junit.jupiter.api.Test
    void tagAndDigestTogetherKeepBoth() {
        ImageReference ref = ImageReference.parse("host:5000/app:v1@sha256:" + HEX);
        assertEquals("v1", ref.tag());
        assertEquals("host:5000/app:v1@sha256:" + HEX, ref.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ":", "alpine:", "/alpine", "alpine/", "a//b", "-alpine", "alpine-", "al..pine", "_x",
        "alpine:-tag", "alpine:t@g", "alpine@sha256:short", "alpine@md5:" + "a", "alpine@sha256:" + "A",
        "host:port/app", "ho_st.com/app", "a b", "alpine\u0000", "alpine\n", "host:5000/", "..",
    })
    void refusesInvalidReferences(String input) {
        StowageException e = assertThrows(StowageException.class, () -> ImageReference.parse(input));
        assertEquals(StowageException.Reason.INVALID, e.reason());
        assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void upperCaseRepositoryIsRefusedWithDockersReason() {
        StowageException e = assertThrows(StowageException.class, () -> ImageReference.parse("Docker.io/Library/Alpine"));
        assertTrue(e.getMessage().contains("must be lowercase"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void upperCaseDomainIsADomain() {
        assertEquals("Registry.Example.com/app:latest", ImageReference.parse("Registry.Example.com/app").toString());
    }

    @org.junit.jupiter.api.Test
    void sixtyFourHexNameIsRefusedAsAmbiguousWithAnId() {
        StowageException e = assertThrows(StowageException.class, () -> ImageReference.parse(HEX));
        assertTrue(e.getMessage().contains("64-byte hexadecimal"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void overlongNamesAndTagsAreRefused() {
        assertThrows(StowageException.class, () -> ImageReference.parse("a/" + "b".repeat(260)));
        assertThrows(StowageException.class, () -> ImageReference.parse("alpine:" + "t".repeat(129)));
        assertEquals("t".repeat(128), ImageReference.parse("alpine:" + "t".repeat(128)).tag());
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAreEscapedInTheMessage() {
        StowageException e = assertThrows(StowageException.class, () -> ImageReference.parse("al\u001bpine"));
        assertTrue(e.getMessage().contains("\\x1b"), e.getMessage());
        assertTrue(e.getMessage().indexOf('\u001b') < 0);
    }
}
