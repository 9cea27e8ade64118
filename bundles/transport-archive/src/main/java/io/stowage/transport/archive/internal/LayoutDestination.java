package io.stowage.transport.archive.internal;

import io.stowage.oci.FileKinds;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes images into an OCI image layout directory, made when missing: each blob through a
 * temporary file, checked and renamed into place; the manifest's {@code index.json} entry, under
 * its ref name, replacing an entry of the same ref name. What a reader sees is always whole.
 */
final class LayoutDestination implements ImageDestination {
    private final Path root;
    private final String ref;

    /** A destination writing under {@code ref} ({@code org.opencontainers.image.ref.name}), or the image's name when null. */
    LayoutDestination(Path root, String ref) {
        this.root = root.toAbsolutePath();
        this.ref = ref == null || ref.isEmpty() ? null : ref;
        String kind = FileKinds.describe(this.root);
        if (kind != null && !kind.equals("a directory")) {
            throw new StowageException(Reason.INVALID, "layout " + root + ": is " + kind + ", not a directory; it is left as it is");
        }
        try {
            Files.createDirectories(this.root.resolve("blobs/sha256"));
            if (!Files.exists(this.root.resolve("oci-layout"))) {
                AtomicFiles.write(this.root.resolve("oci-layout"), OciJson.OCI_LAYOUT.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "layout " + root + ": " + FileKinds.reason(e), e);
        }
    }

    private Path blobPath(Digest d) {
        return root.resolve(LayoutSource.path(d));
    }

    @Override
    public boolean has(Descriptor blob) {
        Path p = blobPath(blob.digest());
        try {
            return Files.isRegularFile(p) && Files.size(p) == blob.size();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void put(Descriptor blob, InputStream bytes) {
        Path target = blobPath(blob.digest());
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), ".", ".part");
            MessageDigest sha = Digest.sha256();
            long total = 0;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = bytes.read(buffer)) > 0;) {
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    total += n;
                }
                ch.force(true);
            }
            Digest actual = Digest.of(sha);
            if (total != blob.size() || !actual.equals(blob.digest())) {
                throw new StowageException(Reason.DIGEST_MISMATCH, "blob " + blob.digest() + ": got " + total
                        + " bytes with digest " + actual);
            }
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            AtomicFiles.publish(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "layout " + root + ": " + target.getFileName() + ": " + FileKinds.reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the failure above is the one to report
                }
            }
        }
    }

    @Override
    public synchronized Digest putManifest(String name, String mediaType, byte[] bytes) {
        Digest digest = Digest.of(bytes);
        Descriptor d = new Descriptor(mediaType, digest, bytes.length);
        if (!has(d)) {
            put(d, new java.io.ByteArrayInputStream(bytes));
        }
        Map<String, String> annotations = new HashMap<>();
        String refName = ref;
        if (name != null) {
            ImageReference image = ImageReference.parse(name);
            annotations.put(LayoutSource.IMAGE_NAME, image.toString());
            if (refName == null) {
                refName = image.toString();
            }
        }
        if (refName != null) {
            annotations.put(Descriptor.REF_NAME, refName);
        }
        Path index = root.resolve("index.json");
        try {
            List<Descriptor> entries = new ArrayList<>();
            if (Files.exists(index)) {
                entries.addAll(OciJson.layoutIndex(Files.readAllBytes(index), "layout " + root + ": index.json"));
            }
            String replaced = refName;
            entries.removeIf(e -> replaced != null ? replaced.equals(e.annotation(Descriptor.REF_NAME))
                    : e.digest().equals(digest) && e.annotation(Descriptor.REF_NAME) == null);
            entries.add(d.withAnnotations(annotations));
            AtomicFiles.write(index, OciJson.layoutIndex(entries));
        } catch (IOException e) {
            throw new StowageException(Reason.IO, "layout " + root + ": index.json: " + FileKinds.reason(e), e);
        }
        return digest;
    }

    @Override
    public void close() {
        // each write is complete when it returns
    }
}
