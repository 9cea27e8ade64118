package io.stowage.transport.tests;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image every source of the contract suite serves: a config and two gzip layers (one of
 * incompressible bytes, large enough for reads from an offset), under an OCI manifest; and the
 * ways to put it where a source reads it: an OCI layout, its tar, {@code docker save}'s tar with
 * the layout inside, a registry's distribution API.
 */
public final class TestImage {
    /** The name the layout's index and the archive's {@code RepoTags} give it. */
    public static final String NAME = "contract/app:1.0";
    public final byte[] config;
    public final List<byte[]> layers;
    public final byte[] manifest;
    public final Descriptor manifestDescriptor;
    /** Config and layers by digest, in manifest order, each with its descriptor. */
    public final Map<Descriptor, byte[]> blobs = new LinkedHashMap<>();

    public TestImage() {
        byte[] random = new byte[300_000];
        new Random(5).nextBytes(random);
        layers = List.of(gzip(random), gzip("etc/greeting hello\n".repeat(2000).getBytes(StandardCharsets.UTF_8)));
        config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\",\"sha256:" + "1".repeat(64) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor c = new Descriptor("application/vnd.oci.image.config.v1+json", Digest.of(config), config.length);
        blobs.put(c, config);
        StringBuilder ls = new StringBuilder();
        for (byte[] layer : layers) {
            Descriptor d = new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digest.of(layer), layer.length);
            blobs.put(d, layer);
            ls.append(ls.length() == 0 ? "" : ",").append(json(d));
        }
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" + json(c)
                + ",\"layers\":[" + ls + "]}").getBytes(StandardCharsets.UTF_8);
        manifestDescriptor = new Descriptor("application/vnd.oci.image.manifest.v1+json", Digest.of(manifest), manifest.length);
    }

    private static String json(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    /** {@code plain} gzipped, as one member. */
    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String index() {
        return "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + manifestDescriptor.mediaType() + "\",\"digest\":\""
                + manifestDescriptor.digest() + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + NAME + "\"}}]}";
    }

    /** Every file of the image's OCI layout, by path. */
    private Map<String, byte[]> layoutFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        files.put("index.json", index().getBytes(StandardCharsets.UTF_8));
        blobs.forEach((d, bytes) -> files.put("blobs/sha256/" + d.digest().hex(), bytes));
        files.put("blobs/sha256/" + manifestDescriptor.digest().hex(), manifest);
        return files;
    }

    /** Writes the image as an OCI layout in {@code dir}. */
    public Path writeLayout(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : layoutFiles().entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, f.getValue());
        }
        return dir;
    }

    /** Writes the layout as a tar ({@code oci-archive:}); with {@code dockerSave}, {@code manifest.json} too, as Docker 25's {@code docker save} writes. */
    public Path writeArchive(Path file, boolean dockerSave) throws IOException {
        Map<String, byte[]> files = layoutFiles();
        if (dockerSave) {
            StringBuilder layers = new StringBuilder();
            for (Descriptor d : blobs.keySet()) {
                if (!d.mediaType().contains("config")) {
                    layers.append(layers.length() == 0 ? "" : ",").append("\"blobs/sha256/").append(d.digest().hex()).append('"');
                }
            }
            files.put("manifest.json", ("[{\"Config\":\"blobs/sha256/" + Digest.of(config).hex() + "\",\"RepoTags\":[\"" + NAME
                    + "\"],\"Layers\":[" + layers + "]}]").getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Uploads the image to {@code repository:tag} at {@code host} by the distribution API (blobs, then the manifest). */
    public void push(String host, String repository, String tag) throws IOException, InterruptedException {
        for (byte[] blob : blobs.values()) {
            Distribution.blob(host, repository, blob);
        }
        Distribution.manifest(host, repository, tag, manifestDescriptor.mediaType(), manifest);
    }
}
