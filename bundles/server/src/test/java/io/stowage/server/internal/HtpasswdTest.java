package io.stowage.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd files as Apache's htpasswd -B writes them (the hash below is its output for "pa55"). */
class HtpasswdTest {
    private static final String ALICE = "alice:$2y$05$ywZ0zHQWrtDRJcEbFlZp4uOz00vpIGmjZlmdUglNFQIrmXyE5RXsS";
    @TempDir
    Path dir;

    @Test
    void bcryptEntriesAreCheckedAndReReadWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("htpasswd"), "# users\n" + ALICE + "\n");
        Htpasswd users = new Htpasswd(file);
        assertTrue(users.check("alice", "pa55"));
        assertTrue(users.check("alice", "pa55"), "remembered: the same answer");
        assertFalse(users.check("alice", "pa56"));
        assertFalse(users.check("bob", "pa55"));
        Files.writeString(file, "bob" + ALICE.substring(5) + "\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertFalse(users.check("alice", "pa55"), "alice is gone from the file, and from what was remembered");
        assertTrue(users.check("bob", "pa55"));
    }

    @Test
    void aLineThatIsNotBcryptRefusesTheFileNamingTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("htpasswd"), ALICE + "\nbob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        StowageException e = assertThrows(StowageException.class, () -> new Htpasswd(file));
        assertEquals("auth.htpasswd " + file + ": line 2 is not user:<bcrypt hash> (make it with htpasswd -B)", e.getMessage());
    }
}
