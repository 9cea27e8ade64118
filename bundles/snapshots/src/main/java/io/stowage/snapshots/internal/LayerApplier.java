package io.stowage.snapshots.internal;

import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one layer, an uncompressed tar, onto a root directory by the OCI layer rules: entries
 * replace what the lower layers left at their path; {@code .wh.<name>} deletes {@code <name>};
 * {@code .wh..wh..opq} empties its directory of what the lower layers put there; hard links,
 * symbolic links, modes (set-user-ID and sticky bits too), times, {@code user.} extended
 * attributes; owners and device nodes only when running as root. No entry writes outside the root:
 * a name that climbs out, a link followed out, a hard link to what is not in the root, a whiteout
 * of {@code ..}, a device file without root: each refused with one line naming the layer and the
 * entry, and the apply stops there.
 */
final class LayerApplier {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final RootPath root;
    private final String layer;
    private final boolean privileged;
    /** What this layer put in place, relative and cleaned: an opaque whiteout keeps those. */
    private final Set<String> unpacked = new HashSet<>();
    /** Directories and their times, set once everything inside them is written. */
    private final List<Map.Entry<Path, FileTime>> directoryTimes = new ArrayList<>();
    private final byte[] buffer = new byte[1 << 16];

    /** {@code layer}: how messages name it (its digest); {@code privileged}: running as root, so owners and devices are kept. */
    LayerApplier(Path root, String layer, boolean privileged) {
        this.root = new RootPath(root);
        this.layer = layer;
        this.privileged = privileged;
    }

    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", NOFOLLOW));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Applies the tar read from {@code in}; returns the number of entries. */
    int apply(InputStream in) throws IOException {
        int entries = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
            entries++;
            try {
                entry(e, tar);
            } catch (RootPath.Escape refused) {
                throw refuse(e.getName(), refused.getMessage());
            } catch (InvalidPathException bad) {
                throw refuse(e.getName(), "is not a usable file name");
            }
        }
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            Map.Entry<Path, FileTime> d = directoryTimes.get(i);
            if (Files.isDirectory(d.getKey(), NOFOLLOW)) {
                Files.getFileAttributeView(d.getKey(), BasicFileAttributeView.class, NOFOLLOW).setTimes(d.getValue(), null, null);
            }
        }
        return entries;
    }

    private StowageException refuse(String name, String why) {
        return new StowageException(Reason.INVALID, "layer " + layer + ": entry \"" + TerminalText.escape(name) + "\" " + why
                + "; unpacking stopped");
    }

    private void entry(TarArchiveEntry e, InputStream body) throws IOException, RootPath.Escape {
        List<String> parts = RootPath.clean(e.getName());
        String base = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
        List<String> parentParts = parts.isEmpty() ? List.of() : parts.subList(0, parts.size() - 1);
        if (base.startsWith(WHITEOUT)) {
            whiteout(e, parentParts, base);
            return;
        }
        Path parent = root.resolve(parentParts, true);
        ensureDirectory(parent);
        if (parts.isEmpty() && !e.isDirectory()) {
            throw new RootPath.Escape("names the root itself, as what is not a directory");
        }
        Path path = parts.isEmpty() ? root.root() : parent.resolve(base);
        unpacked.add(String.join("/", parts));
        if (e.isDirectory()) {
            if (!Files.isDirectory(path, NOFOLLOW)) {
                remove(path);
                Files.createDirectory(path);
            }
        } else if (e.isSymbolicLink()) {
            try {
                Files.createSymbolicLink(path, Path.of(e.getLinkName()));
            } catch (FileAlreadyExistsException lower) {
                remove(path);
                Files.createSymbolicLink(path, Path.of(e.getLinkName()));
            }
        } else if (e.isLink()) {
            Path target = root.resolve(RootPath.clean(e.getLinkName()), false);
            if (!Files.exists(target, NOFOLLOW) || Files.isDirectory(target, NOFOLLOW)) {
                throw new RootPath.Escape("is a hard link to \"" + TerminalText.escape(e.getLinkName())
                        + "\", which is no file the layers put before it");
            }
            if (!target.equals(path)) {
                remove(path);
                Files.createLink(path, target);
            }
            return; // a hard link shares its target's metadata
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            remove(path);
            node(e, path);
        } else if (e.getLinkFlag() == TarArchiveEntry.LF_NORMAL || e.getLinkFlag() == TarArchiveEntry.LF_OLDNORM
                || e.getLinkFlag() == TarArchiveEntry.LF_CONTIG) {
            write(path, body);
        } else {
            throw new RootPath.Escape("has a type Stowage does not unpack ('" + (char) e.getLinkFlag() + "')");
        }
        metadata(e, path);
    }

    private void whiteout(TarArchiveEntry e, List<String> parentParts, String base) throws IOException, RootPath.Escape {
        String hidden = base.substring(WHITEOUT.length());
        if (!base.equals(OPAQUE) && (hidden.isEmpty() || hidden.equals(".") || hidden.equals(".."))) {
            throw new RootPath.Escape("whites out \"" + TerminalText.escape(hidden) + "\"");
        }
        Path parent = root.resolve(parentParts, true);
        if (!Files.isDirectory(parent, NOFOLLOW)) {
            return; // nothing below to hide
        }
        if (base.equals(OPAQUE)) {
            String prefix = String.join("/", parentParts);
            emptyOf(parent, prefix.isEmpty() ? "" : prefix + "/");
            return;
        }
        String prefix = String.join("/", parentParts);
        if (!unpacked.contains(prefix.isEmpty() ? hidden : prefix + "/" + hidden)) {
            remove(parent.resolve(hidden)); // a whiteout hides the lower layers' entry, never its own layer's
        }
    }

    /** Deletes under {@code dir} what this layer did not put there (the lower layers' content). */
    private void emptyOf(Path dir, String prefix) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String relative = prefix + child.getFileName();
                if (!unpacked.contains(relative)) {
                    remove(child);
                } else if (Files.isDirectory(child, NOFOLLOW)) {
                    emptyOf(child, relative + "/");
                }
            }
        }
    }

    /** Makes {@code dir} and its missing parents (the tar may name a file before its directory). */
    private void ensureDirectory(Path dir) throws IOException, RootPath.Escape {
        if (Files.isDirectory(dir, NOFOLLOW)) {
            return;
        }
        if (Files.exists(dir, NOFOLLOW)) {
            throw new RootPath.Escape("is under " + root.root().relativize(dir) + ", which is not a directory");
        }
        ensureDirectory(dir.getParent());
        Files.createDirectory(dir);
    }

    /** Writes a new file at {@code path}; what a lower layer left there is removed first (tried only when it is there). */
    private void write(Path path, InputStream body) throws IOException {
        java.nio.channels.SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException lower) {
            remove(path);
            channel = Files.newByteChannel(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        try (var out = channel) {
            for (int n; (n = body.read(buffer)) >= 0;) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }
    }

    private void node(TarArchiveEntry e, Path path) throws IOException, RootPath.Escape {
        if (!e.isFIFO() && !privileged) {
            throw new RootPath.Escape("is a device file, which needs root to make");
        }
        List<String> command = e.isFIFO() ? List.of("mkfifo", path.toString())
                : List.of("mknod", path.toString(), e.isCharacterDevice() ? "c" : "b", Integer.toString(e.getDevMajor()),
                        Integer.toString(e.getDevMinor()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("layer " + layer + ": " + String.join(" ", command) + ": " + out);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("cancelled");
        }
    }

    /** Owner (as root), then mode (after the owner: a chown clears set-user-ID), extended attributes, times. */
    private void metadata(TarArchiveEntry e, Path path) throws IOException {
        boolean link = e.isSymbolicLink();
        if (privileged) {
            // always, even for 0:0: a file made in a set-group-ID directory takes the directory's group
            Files.setAttribute(path, "unix:gid", (int) e.getLongGroupId(), NOFOLLOW);
            Files.setAttribute(path, "unix:uid", (int) e.getLongUserId(), NOFOLLOW);
        }
        if (!link) {
            // chmod by path: the JDK's no-follow form opens the file, which a device refuses and a FIFO
            // blocks; the path is what this entry just made (or a directory checked not to be a link)
            Files.setAttribute(path, "unix:mode", e.getMode() & 07777);
            xattrs(e, path);
        }
        FileTime mtime = FileTime.from(e.getLastModifiedTime().toInstant());
        if (e.isDirectory()) {
            directoryTimes.add(Map.entry(path, mtime));
        } else if (!e.isCharacterDevice() && !e.isBlockDevice() && !e.isFIFO()) {
            // (not a device or FIFO: setting times opens the file, which would block on a FIFO)
            Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
        }
    }

    /** The {@code user.} extended attributes a PAX header carries (others need what Java cannot set); where the file system keeps them. */
    private static void xattrs(TarArchiveEntry e, Path path) {
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            if (!h.getKey().startsWith("SCHILY.xattr.user.")) {
                continue;
            }
            try {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, NOFOLLOW);
                if (view != null) {
                    view.write(h.getKey().substring("SCHILY.xattr.user.".length()),
                            ByteBuffer.wrap(h.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
                }
            } catch (IOException | UnsupportedOperationException notKept) {
                // a file system without user xattrs: the file is whole without them
            }
        }
    }

    /** Deletes {@code path} (a directory with everything in it), never following a link; nothing there is fine. */
    static void remove(Path path) throws IOException {
        if (Files.isDirectory(path, NOFOLLOW)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    remove(child);
                }
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
