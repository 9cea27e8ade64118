package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where logins come from: Stowage's own file first, then a Docker config.json; how they are kept. */
class CredentialsTest {
    @TempDir
    Path dir;

    private static String auth(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aStoredLoginIsFoundOwnerReadableAndRemoved() throws Exception {
        Path own = dir.resolve("etc/credentials.json");
        Credentials c = new Credentials(own, null);
        assertNull(c.lookup("r.example"));
        c.store("r.example", new Credentials.Login("alice", "pa:ss"));
        c.store("docker.io", new Credentials.Login("bob", "hub"));
        assertEquals("alice", c.lookup("r.example").username());
        assertEquals("pa:ss", c.lookup("r.example").password(), "a colon in the password survives");
        assertTrue(Files.readString(own).contains(Credentials.DOCKER_HUB_KEY), "Docker Hub filed under its v1 URL, as Docker does");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own)));
        assertTrue(c.remove("r.example"));
        assertFalse(c.remove("r.example"));
        assertNull(c.lookup("r.example"));
        assertEquals("bob", c.lookup("docker.io").username());
    }

    @Test
    void aDockerConfigIsReadUnderEveryKeyDockerUsesAndOwnLoginsComeFirst() throws Exception {
        Path docker = Files.writeString(dir.resolve("config.json"), "{\"auths\":{"
                + "\"https://r.example\":{\"auth\":\"" + auth("carol:c") + "\"},"
                + "\"index.docker.io\":{\"username\":\"dave\",\"password\":\"d\"},"
                + "\"both.example\":{\"auth\":\"" + auth("docker:x") + "\"}}}");
        Path own = dir.resolve("credentials.json");
        Credentials c = new Credentials(own, docker);
        assertEquals("carol", c.lookup("r.example").username());
        assertEquals("dave", c.lookup("docker.io").username());
        c.store("both.example", new Credentials.Login("mine", "m"));
        assertEquals("mine", c.lookup("both.example").username());
        assertNull(c.lookup("other.example"));
    }

    @Test
    void aBrokenFileIsAnErrorNamingIt() throws Exception {
        Path bad = Files.writeString(dir.resolve("credentials.json"), "{\"auths\":{\"r.example\":{\"auth\":\"%%%\"}}}");
        StowageException e = assertThrows(StowageException.class, () -> new Credentials(bad, null).lookup("r.example"));
        assertEquals("credentials file " + bad + ": auth for r.example is not base64", e.getMessage());
        Files.writeString(bad, "{\"auths\":{\"r.example\":{\"auth\":\"" + auth("nocolon") + "\"}}}");
        e = assertThrows(StowageException.class, () -> new Credentials(bad, null).lookup("r.example"));
        assertEquals("credentials file " + bad + ": auth for r.example is not user:password", e.getMessage());
        Files.writeString(bad, "{not json");
        e = assertThrows(StowageException.class, () -> new Credentials(bad, null).lookup("r.example"));
        assertTrue(e.getMessage().startsWith("credentials file " + bad), e.getMessage());
    }

    @Test
    void aLoginNeverPrintsItsPassword() {
        assertEquals("Login[alice]", new Credentials.Login("alice", "secret").toString());
    }
}
