package io.stowage.snapshots.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.api.StowageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI layer rules on a real directory, and the hostile layers of containerd's and umoci's
 * breakout tests: each refused with one line naming the layer and the entry, nothing written
 * outside the root.
 */
class LayerApplierTest {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    @TempDir
    Path dir;
    private Path root;
    private Path outside;

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createDirectory(dir.resolve("rootfs"));
        outside = Files.createDirectory(dir.resolve("outside"));
    }

    /** A layer's tar, entry by entry. */
    private static final class Layer {
        private final List<Consumer<TarArchiveOutputStream>> entries = new ArrayList<>();
        private int uid = 1000;
        private int gid = 1001;

        /** The owner of the entries added after this. */
        Layer owner(int user, int group) {
            uid = user;
            gid = group;
            return this;
        }

        Layer dir(String name, int mode) {
            return add(name, TarConstants.LF_DIR, mode, null, null);
        }

        Layer file(String name, int mode, String content) {
            return add(name, TarConstants.LF_NORMAL, mode, null, content);
        }

        Layer symlink(String name, String target) {
            return add(name, TarConstants.LF_SYMLINK, 0777, target, null);
        }

        Layer hardlink(String name, String target) {
            return add(name, TarConstants.LF_LINK, 0644, target, null);
        }

        Layer add(String name, byte type, int mode, String link, String content) {
            int user = uid;
            int group = gid;
            entries.add(tar -> {
                try {
                    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
                    e.setMode(mode);
                    e.setUserId(user);
                    e.setGroupId(group);
                    e.setModTime(1_600_000_000_000L);
                    if (link != null) {
                        e.setLinkName(link);
                    }
                    byte[] bytes = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
                    e.setSize(bytes.length);
                    tar.putArchiveEntry(e);
                    tar.write(bytes);
                    tar.closeArchiveEntry();
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            return this;
        }

        byte[] bytes() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                entries.forEach(e -> e.accept(tar));
            }
            return out.toByteArray();
        }
    }

    private void apply(Layer layer) throws IOException {
        new LayerApplier(root, "sha256:l", LayerApplier.runningAsRoot()).apply(new ByteArrayInputStream(layer.bytes()));
    }

    private String refused(Layer layer) {
        return assertThrows(StowageException.class, () -> apply(layer)).getMessage();
    }

    @Test
    void filesLinksModesAndOwnersAreWrittenAsTheLayerSays() throws IOException {
        apply(new Layer().dir("bin", 0755).file("bin/su", 04755, "su").file("etc/motd", 0644, "hello")
                .symlink("sbin", "bin").hardlink("bin/su2", "bin/su").dir("tmp", 01777));
        assertEquals("hello", Files.readString(root.resolve("etc/motd")), "a file whose directory the tar did not list");
        assertEquals(04755, mode(root.resolve("bin/su")), "set-user-ID kept");
        assertEquals(01777, mode(root.resolve("tmp")), "sticky bit kept");
        assertEquals("bin", Files.readSymbolicLink(root.resolve("sbin")).toString());
        assertEquals(2, (int) Files.getAttribute(root.resolve("bin/su"), "unix:nlink"), "a hard link, not a copy");
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(root.resolve("bin"), NOFOLLOW).toMillis(), "a directory's time, set last");
        if (LayerApplier.runningAsRoot()) {
            // a root-owned file in a set-group-ID directory of another group keeps the layer's group 0
            apply(new Layer().dir("var/mail", 02775).add("var/mail/x", TarConstants.LF_NORMAL, 0644, null, "x"));
            Files.setAttribute(root.resolve("var/mail"), "unix:gid", 8, NOFOLLOW);
            Files.setAttribute(root.resolve("var/mail"), "unix:mode", 02775);
            apply(new Layer().owner(0, 0).file("var/mail/root-owned", 0644, "y"));
            assertEquals(0, (int) Files.getAttribute(root.resolve("var/mail/root-owned"), "unix:gid", NOFOLLOW),
                    "the layer's group 0, not the directory's");
            assertEquals(1000, (int) Files.getAttribute(root.resolve("bin/su"), "unix:uid", NOFOLLOW));
            assertEquals(1001, (int) Files.getAttribute(root.resolve("sbin"), "unix:gid", NOFOLLOW), "a link's own owner");
        }
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideWhatTheLowerLayersPut() throws IOException {
        apply(new Layer().file("a/x", 0644, "x").file("a/y", 0644, "y").file("b/old", 0644, "old").dir("b/sub", 0755)
                .file("b/sub/deep", 0644, "deep").file("c", 0644, "c is a file"));
        apply(new Layer().file("a/.wh.x", 0644, null).file("b/new", 0644, "new").file("b/.wh..wh..opq", 0644, null)
                .dir("c", 0755).file("c/inside", 0644, "c is a directory now").file(".wh.nothing-there", 0644, null));
        assertFalse(Files.exists(root.resolve("a/x"), NOFOLLOW));
        assertTrue(Files.exists(root.resolve("a/y")));
        assertEquals(List.of("new"), list(root.resolve("b")), "opaque: the lower layers' entries go, this layer's stay");
        assertEquals("c is a directory now", Files.readString(root.resolve("c/inside")));
        assertFalse(Files.exists(root.resolve(".wh.nothing-there"), NOFOLLOW), "a whiteout is never a file");
        // the spec: a whiteout hides what lower layers put, never an entry of its own layer
        apply(new Layer().file("d/mine", 0644, "kept").file("d/.wh.mine", 0644, null).file("a/.wh.y", 0644, null));
        assertEquals("kept", Files.readString(root.resolve("d/mine")));
        assertFalse(Files.exists(root.resolve("a/y"), NOFOLLOW));
    }

    @Test
    void namesThatClimbOutAreRefused() throws IOException {
        assertEquals("layer sha256:l: entry \"../outside/evil\" climbs out of the root with ..; unpacking stopped",
                refused(new Layer().file("../outside/evil", 0644, "evil")));
        assertEquals("layer sha256:l: entry \"a/../../outside/evil\" climbs out of the root with ..; unpacking stopped",
                refused(new Layer().file("a/../../outside/evil", 0644, "evil")));
        assertTrue(refused(new Layer().file("/outside/evil", 0644, "evil")).contains("is an absolute path"));
        assertEquals(List.of(), list(outside));
    }

    @Test
    void aSymbolicLinkIsNeverFollowedOut() throws IOException {
        String out = refused(new Layer().symlink("up", "../outside").file("up/evil", 0644, "evil"));
        assertEquals("layer sha256:l: entry \"up/evil\" follows a symbolic link out of the root; unpacking stopped", out);
        // a directory swapped for a link under a later entry of the same layer
        assertTrue(refused(new Layer().dir("d", 0755).symlink("d", "../../..").file("d/evil", 0644, "evil"))
                .contains("entry \"d/evil\" follows a symbolic link out of the root"));
        // a link that loops
        assertTrue(refused(new Layer().symlink("loop", "loop").file("loop/x", 0644, "x")).contains("more than 40 symbolic links"));
        assertEquals(List.of(), list(outside));
    }

    @Test
    void anAbsoluteLinkLeadsToTheContainersRootNotTheHosts() throws IOException {
        Path hostFile = outside.resolve("etc-passwd");
        apply(new Layer().symlink("etc", outside.toString()).file("etc/etc-passwd", 0644, "inside"));
        assertFalse(Files.exists(hostFile), "not the host's directory");
        assertEquals("inside", Files.readString(root.resolve(outside.toString().substring(1)).resolve("etc-passwd")));
    }

    @Test
    void hardLinksOnlyToFilesInTheRoot() throws IOException {
        Files.writeString(outside.resolve("secret"), "host");
        assertTrue(refused(new Layer().hardlink("h", "../outside/secret")).contains("climbs out of the root"));
        assertTrue(refused(new Layer().symlink("s", outside.toString()).hardlink("h", "s/secret"))
                .contains("is a hard link to \"s/secret\", which is no file the layers put before it"));
        assertTrue(refused(new Layer().hardlink("h2", "nowhere")).contains("no file the layers put before it"));
        assertEquals(1, (int) Files.getAttribute(outside.resolve("secret"), "unix:nlink"), "no link made to the host's file");
    }

    @Test
    void whiteoutsOfDotsAndTheRootItselfAreRefused() throws IOException {
        Files.writeString(dir.resolve("keep"), "kept");
        assertTrue(refused(new Layer().file(".wh...", 0644, null)).contains("whites out \"..\""));
        assertTrue(refused(new Layer().file("a/.wh..", 0644, null)).contains("whites out \".\""));
        assertTrue(refused(new Layer().file(".", 0644, "a file as the root")).contains("names the root itself"));
        assertTrue(Files.exists(dir.resolve("keep")) && Files.isDirectory(root));
    }

    @Test
    void aDeviceNeedsRoot() throws IOException {
        Layer layer = new Layer().add("dev/null", TarConstants.LF_CHR, 0666, null, null).add("run/fifo", TarConstants.LF_FIFO, 0600, null, null);
        if (LayerApplier.runningAsRoot()) {
            apply(layer);
            assertEquals(0020000, (int) Files.getAttribute(root.resolve("dev/null"), "unix:mode", NOFOLLOW) & 0170000, "a character device");
            assertEquals(0010600, (int) Files.getAttribute(root.resolve("run/fifo"), "unix:mode", NOFOLLOW) & 0177777, "a FIFO, its mode");
        } else {
            assertTrue(refused(layer).contains("is a device file, which needs root to make"));
        }
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
    }

    private static List<String> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
