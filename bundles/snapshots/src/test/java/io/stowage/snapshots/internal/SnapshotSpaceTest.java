package io.stowage.snapshots.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the snapshots take on disk, for the disk budget: their files, and what an interrupted making left; nothing else. */
class SnapshotSpaceTest {
    @TempDir
    Path root;

    @Test
    void countsTheSnapshotsFilesAndLeftoversOnly() throws Exception {
        SnapshotSpace space = new SnapshotSpace(root.resolve("snapshots"));
        assertEquals(0, space.bytes(), "no snapshots directory yet");
        Path fs = Files.createDirectories(root.resolve("snapshots").resolve("a".repeat(64)).resolve("fs/etc"));
        Files.write(fs.resolve("hosts"), new byte[1000]);
        Files.createSymbolicLink(fs.resolve("link"), Path.of("/etc/passwd")); // a link counts nothing, and is not followed
        Files.write(Files.createDirectories(root.resolve("snapshots/tmp-1234/fs")).resolve("partial"), new byte[300]);
        Files.write(root.resolve("snapshots/.lock"), new byte[0]);
        Files.write(Files.createDirectories(root.resolve("snapshots/not-a-snapshot")).resolve("x"), new byte[5000]);
        assertEquals(1300, space.bytes());
        // a snapshot goes: no longer counted
        Files.delete(fs.resolve("hosts"));
        Files.delete(fs.resolve("link"));
        Files.delete(fs);
        Files.delete(fs.getParent());
        Files.delete(fs.getParent().getParent());
        assertEquals(300, space.bytes());
    }
}
