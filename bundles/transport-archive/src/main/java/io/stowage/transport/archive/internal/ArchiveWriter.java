package io.stowage.transport.archive.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.oci.FileKinds;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.oci.AtomicFiles;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes images to one tar in both forms at once: {@code docker save}'s ({@code manifest.json},
 * {@code repositories}) and an OCI layout ({@code oci-layout}, {@code index.json}), the two
 * sharing {@code blobs/sha256/}, each blob once. It writes a hidden file beside the target and
 * renames it into place on {@link #commit()}; closed without a commit, it leaves nothing. A
 * manifest with a {@code subject} and no name (an image's signature) is an entry of the index
 * without a ref name, as the OCI layout keeps referrers, and none of Docker's files.
 */
final class ArchiveWriter implements ImageDestination {
    private record Saved(Descriptor manifest, Manifest parsed, List<String> names) {
    }

    private final Path target;
    private final Path part;
    private final FileChannel channel;
    private final TarArchiveOutputStream tar;
    private final Set<Digest> written = new HashSet<>();
    private final Map<Digest, Saved> images = new LinkedHashMap<>();
    private final List<Descriptor> entries = new ArrayList<>();
    private boolean committed;

    /** A writer for an archive location ({@code <file>}; a {@code :<ref>} is refused: the images name themselves). */
    static ArchiveWriter at(io.stowage.api.transport.Location location) {
        if (location.ref().isPresent()) {
            throw new StowageException(Reason.UNSUPPORTED, location.kind() + ": writes whole archives; the images name themselves, "
                    + "drop :" + location.ref().get());
        }
        return new ArchiveWriter(location.path());
    }

    ArchiveWriter(Path target) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new StowageException(Reason.NOT_FOUND, "archive " + target + ": no directory " + dir);
        }
        String kind = FileKinds.describe(this.target);
        if (kind != null && !kind.equals("a regular file")) {
            // replacing a device or FIFO by rename would destroy it (docker/cli#1514): refused
            throw new StowageException(Reason.INVALID, "archive " + target + ": is " + kind
                    + ", not a regular file; it is left as it is");
        }
        try {
            this.part = Files.createTempFile(dir, "." + this.target.getFileName(), ".part");
            try {
                Files.setPosixFilePermissions(part, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default stands
            }
            this.channel = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream out = Channels.newOutputStream(channel);
            this.tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(out, 1 << 20));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            directory("blobs/");
            directory("blobs/sha256/");
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "archive " + target + ": " + FileKinds.reason(e), e);
        }
    }

    private void directory(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private void file(String name, long size, InputStream in, MessageDigest sha) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setModTime(0);
        e.setMode(0644);
        tar.putArchiveEntry(e);
        byte[] buffer = new byte[1 << 20];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new StowageException(Reason.IO, "archive " + target + ": " + name + " ended " + left + " bytes early");
            }
            if (sha != null) {
                sha.update(buffer, 0, n);
            }
            tar.write(buffer, 0, n);
            left -= n;
        }
        tar.closeArchiveEntry();
    }

    private void file(String name, byte[] bytes) throws IOException {
        file(name, bytes.length, new java.io.ByteArrayInputStream(bytes), null);
    }

    @Override
    public boolean has(Descriptor blob) {
        return written.contains(blob.digest());
    }

    @Override
    public void put(Descriptor blob, InputStream bytes) {
        try {
            MessageDigest sha = Digest.sha256();
            file(LayoutSource.path(blob.digest()), blob.size(), bytes, sha);
            Digest actual = Digest.of(sha);
            if (!actual.equals(blob.digest())) {
                throw new StowageException(Reason.DIGEST_MISMATCH, "blob " + blob.digest() + ": the store gave " + actual);
            }
            written.add(blob.digest());
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "archive " + target + ": " + FileKinds.reason(e), e);
        }
    }

    @Override
    public Digest putManifest(String name, String mediaType, byte[] bytes) {
        Descriptor d = written(mediaType, bytes);
        Digest digest = d.digest();
        if (name == null && OciJson.tree(bytes, "manifest " + digest).path("subject").isObject()) {
            // a referrer (a signature) without a name: an entry of the layout's index only, no image of docker save's files
            return besides(d, Map.of());
        }
        if (name != null && MediaTypes.INDEXES.contains(mediaType)) {
            return indexOf(name, d, bytes);
        }
        Saved saved = images.computeIfAbsent(digest, k -> new Saved(d, OciJson.manifest(bytes, "manifest " + digest), new ArrayList<>()));
        Map<String, String> annotations = new HashMap<>();
        if (name != null) {
            ImageReference ref = ImageReference.parse(name);
            saved.names().add(name);
            annotations.put(LayoutSource.IMAGE_NAME, ref.toString());
            // the whole name, not only the tag (as Docker writes it): each image stays addressable as
            // oci-archive:<file>:<name> when two share a tag
            annotations.put(Descriptor.REF_NAME, ref.toString());
        }
        entries.add(d.withAnnotations(annotations));
        return digest;
    }

    /**
     * The index an image saved under {@code name} was pulled (and signed) as: the layout's entry of
     * that name becomes the index, which lists the image's manifest; Docker's files keep the image.
     */
    private Digest indexOf(String name, Descriptor index, byte[] bytes) {
        String ref = ImageReference.parse(name).toString();
        Descriptor image = entries.stream().filter(e -> ref.equals(e.annotation(Descriptor.REF_NAME))).findFirst()
                .orElseThrow(() -> new StowageException(Reason.INVALID, "index " + index.digest() + ": no image saved as " + name));
        boolean lists = OciJson.index(bytes, "index " + index.digest()).manifests().stream().anyMatch(m -> m.digest().equals(image.digest()));
        if (!lists) {
            throw new StowageException(Reason.INVALID, "index " + index.digest() + " does not list " + image.digest() + ", saved as " + name);
        }
        entries.set(entries.indexOf(image), index.withAnnotations(image.annotations()));
        return index.digest();
    }

    /** An entry without a name of cosign's kind for signatures, marked with the image it signs: none of Docker's files. */
    @Override
    public Digest putCosignSignatures(Digest image, String mediaType, byte[] bytes) {
        return besides(written(mediaType, bytes), Map.of(io.stowage.oci.SignatureEntries.KIND, io.stowage.oci.SignatureEntries.COSIGN_SIGS,
                io.stowage.oci.SignatureEntries.OF, image.toString()));
    }

    /** The manifest {@code bytes} as a blob of the archive (written once); its descriptor. */
    private Descriptor written(String mediaType, byte[] bytes) {
        Descriptor d = new Descriptor(mediaType, Digest.of(bytes), bytes.length);
        if (!written.contains(d.digest())) {
            put(d, new java.io.ByteArrayInputStream(bytes));
        }
        return d;
    }

    /** {@code d} as an entry of the index only, with {@code annotations}, once: something kept beside the images. */
    private Digest besides(Descriptor d, Map<String, String> annotations) {
        if (entries.stream().noneMatch(e -> e.digest().equals(d.digest()))) {
            entries.add(d.withAnnotations(annotations));
        }
        return d.digest();
    }

    @Override
    public void commit() {
        try {
            file("oci-layout", OciJson.OCI_LAYOUT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            file("index.json", OciJson.layoutIndex(entries));
            file("manifest.json", OciJson.bytes(dockerManifest()));
            file("repositories", OciJson.bytes(repositories()));
            tar.finish();
            tar.flush();
            channel.force(true);
            tar.close();
            AtomicFiles.publish(part, target);
            committed = true;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "archive " + target + ": " + FileKinds.reason(e), e);
        }
    }

    /** {@code docker save}'s manifest.json: config, tags as Docker shows them, layers. */
    private ArrayNode dockerManifest() {
        ArrayNode root = OciJson.array();
        for (Saved s : images.values()) {
            ObjectNode n = root.addObject();
            n.put("Config", LayoutSource.path(s.parsed().config().digest()));
            ArrayNode tags = n.putArray("RepoTags");
            tagged(s).forEach(r -> tags.add(r.familiarName() + ":" + r.tag()));
            ArrayNode layers = n.putArray("Layers");
            s.parsed().layers().forEach(l -> layers.add(LayoutSource.path(l.digest())));
        }
        return root;
    }

    /** {@code docker save}'s repositories file: each repository's tags to the image's top layer. */
    private ObjectNode repositories() {
        ObjectNode root = OciJson.object();
        for (Saved s : images.values()) {
            List<Descriptor> layers = s.parsed().layers();
            if (layers.isEmpty()) {
                continue;
            }
            String top = layers.get(layers.size() - 1).digest().hex();
            for (ImageReference r : tagged(s)) {
                ObjectNode repo = root.has(r.familiarName()) ? (ObjectNode) root.get(r.familiarName()) : root.putObject(r.familiarName());
                repo.put(r.tag(), top);
            }
        }
        return root;
    }

    /** The image's names that Docker's files can hold: tags, not digests. */
    private static List<ImageReference> tagged(Saved s) {
        return s.names().stream().map(ImageReference::parse).filter(r -> r.tag() != null && r.digest() == null).toList();
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            tar.close();
        } catch (IOException | RuntimeException ignored) {
            // discarded anyway
        }
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "archive " + target + ": cannot remove " + part + ": " + FileKinds.reason(e), e);
        }
    }
}
