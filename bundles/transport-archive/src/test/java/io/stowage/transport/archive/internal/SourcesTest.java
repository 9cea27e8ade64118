package io.stowage.transport.archive.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.Manifest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.oci.OciJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three transports over archives and layouts made here byte by byte, hostile ones included. */
class SourcesTest {
    @TempDir
    Path dir;

    private final byte[] layer = Tars.gzipLayer("etc/hello", "hello\n");
    private final byte[] plain = Tars.plainLayer("etc/hello", "hello\n");
    private final byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + Digest.of(plain) + "\"]}}").getBytes(StandardCharsets.UTF_8);

    SourcesTest() throws IOException {
    }

    private String manifest(long layerSize) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.of(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + Digest.of(layer)
                + "\",\"size\":" + layerSize + "}]}";
    }

    private static String index(Digest manifest, long size, String annotations) {
        return "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifest
                + "\",\"size\":" + size + ",\"annotations\":{" + annotations + "}}]}";
    }

    /** An oci-archive of the image, its layer descriptor saying {@code layerSize}, the index entry annotated so. */
    private Path ociArchive(long layerSize, String annotations, boolean withLayer) throws IOException {
        Path file = Files.createTempFile(dir, "oci", ".tar");
        byte[] m = manifest(layerSize).getBytes(StandardCharsets.UTF_8);
        try (Tars t = Tars.to(file)) {
            t.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
            t.file("index.json", index(Digest.of(m), m.length, annotations));
            t.blob(m);
            t.blob(config);
            if (withLayer) {
                t.blob(layer);
            }
        }
        return file;
    }

    private static byte[] read(ImageSource s, Descriptor d) throws IOException {
        try (InputStream in = s.blob(d)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anOciArchiveGivesItsManifestBlobsAndName() throws IOException {
        Path file = ociArchive(layer.length, "\"org.opencontainers.image.ref.name\":\"app:1.0\"", true);
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", file + ":app:1.0")) {
            byte[] m = s.resolve().bytes();
            assertEquals(manifest(layer.length), new String(m, StandardCharsets.UTF_8));
            assertEquals(Digest.of(m), s.rootDigest().orElseThrow());
            assertEquals(List.of("app:1.0"), s.names());
            Manifest parsed = OciJson.manifest(m, "m");
            assertArrayEquals(layer, read(s, parsed.layers().get(0)));
            assertArrayEquals(config, read(s, parsed.config()));
        }
    }

    @Test
    void aBareTagIsNoNameButContainerdsAnnotationIs() throws IOException {
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", ociArchive(layer.length,
                "\"org.opencontainers.image.ref.name\":\"latest\"", true).toString())) {
            assertEquals(List.of(), s.names());
        }
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", ociArchive(layer.length,
                "\"org.opencontainers.image.ref.name\":\"1.0\",\"io.containerd.image.name\":\"example.com/app:1.0\"", true)
                + ":1.0")) {
            assertEquals(List.of("example.com/app:1.0"), s.names());
        }
    }

    @Test
    void aBlobWhoseSizeDisagreesWithItsDescriptorIsRefusedNamingTheEntry() throws IOException {
        Path file = ociArchive(layer.length + 1, "", true);
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", file.toString())) {
            Descriptor l = OciJson.manifest(s.resolve().bytes(), "m").layers().get(0);
            StowageException e = assertThrows(StowageException.class, () -> s.blob(l));
            assertEquals("archive " + file + ": entry blobs/sha256/" + l.digest().hex() + " holds " + layer.length
                    + " bytes, its descriptor says " + (layer.length + 1), e.getMessage());
        }
    }

    @Test
    void aMissingBlobIsNamed() throws IOException {
        Path file = ociArchive(layer.length, "", false);
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", file.toString())) {
            Descriptor l = OciJson.manifest(s.resolve().bytes(), "m").layers().get(0);
            StowageException e = assertThrows(StowageException.class, () -> s.blob(l));
            assertEquals(Reason.NOT_FOUND, e.reason());
            assertEquals("archive " + file + ": no blobs/sha256/" + l.digest().hex(), e.getMessage());
        }
    }

    @Test
    void choosingAnImageThatIsNotThereListsWhatIs() throws IOException {
        Path file = ociArchive(layer.length, "\"org.opencontainers.image.ref.name\":\"one\"", true);
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", file + ":two")) {
            StowageException e = assertThrows(StowageException.class, s::resolve);
            assertEquals("archive " + file + ": no image named two (one)", e.getMessage());
        }
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", file + ":@3")) {
            assertEquals("archive " + file + ": no image at @3 (it holds 1)",
                    assertThrows(StowageException.class, s::resolve).getMessage());
        }
    }

    /** docker save's legacy form: config and layer.tar files, a layer linked from a second directory. */
    private Path legacyArchive(boolean gzipLayer) throws IOException {
        Path file = Files.createTempFile(dir, "docker", ".tar");
        String configName = Digest.of(config).hex() + ".json";
        try (Tars t = Tars.to(file)) {
            t.file(configName, config);
            t.file("aaa/layer.tar", gzipLayer ? layer : plain);
            t.symlink("bbb/layer.tar", "../aaa/layer.tar");
            t.file("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"example.com/app:1.0\",\"app:latest\"],"
                    + "\"Layers\":[\"bbb/layer.tar\"]}]");
        }
        return file;
    }

    @Test
    void aLegacyDockerArchiveGetsAnOciManifestNamingItsLayerByDiffId() throws IOException {
        Path file = legacyArchive(false);
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", file + ":app")) {
            Manifest m = OciJson.manifest(s.resolve().bytes(), "m");
            assertEquals(MediaTypes.OCI_MANIFEST, s.resolve().mediaType());
            assertEquals(new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length), m.config());
            assertEquals(new Descriptor(MediaTypes.OCI_LAYER, Digest.of(plain), plain.length), m.layers().get(0));
            assertArrayEquals(plain, read(s, m.layers().get(0)));
            assertEquals(List.of("example.com/app:1.0", "app:latest"), s.names());
        }
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", legacyArchive(true).toString())) {
            Manifest m = OciJson.manifest(s.resolve().bytes(), "m");
            assertEquals(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(layer), layer.length), m.layers().get(0));
        }
    }

    @Test
    void aLegacyLayerFileIsTypedByItsMagicNumber() {
        assertEquals(MediaTypes.OCI_LAYER_GZIP, DockerArchiveSource.compression(layer));
        assertEquals(MediaTypes.OCI_LAYER_ZSTD, DockerArchiveSource.compression(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0}));
        // zstd:chunked may begin with a skippable frame (0x184D2A50 to 0x184D2A5F, little-endian)
        assertEquals(MediaTypes.OCI_LAYER_ZSTD, DockerArchiveSource.compression(new byte[] {0x5e, 0x2a, 0x4d, 0x18, 4, 0, 0, 0}));
        assertEquals(null, DockerArchiveSource.compression(plain));
        assertEquals(null, DockerArchiveSource.compression(new byte[] {0x28, (byte) 0xb5, 0x2f}));
        assertEquals(null, DockerArchiveSource.compression(new byte[] {0x60, 0x2a, 0x4d, 0x18}));
    }

    @Test
    void whatTheWriterSavesReadsBackAsBothFormsAndAFailedSaveLeavesNothing() throws IOException {
        byte[] m = manifest(layer.length).getBytes(StandardCharsets.UTF_8);
        Path out = dir.resolve("saved.tar");
        try (ImageDestination d = Locations.openDestination(new DockerArchiveTransport(), "docker-archive", out.toString())) {
            d.put(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(layer), layer.length), new ByteArrayInputStream(layer));
            d.put(new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length), new ByteArrayInputStream(config));
            assertEquals(Digest.of(m), d.putManifest("docker.io/library/app:1.0", MediaTypes.OCI_MANIFEST, m));
            assertEquals(Digest.of(m), d.putManifest("example.com/app:2", MediaTypes.OCI_MANIFEST, m));
            d.commit();
        }
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", out.toString())) {
            assertArrayEquals(m, s.resolve().bytes()); // the manifest from the OCI layout, byte for byte
            assertEquals(List.of("app:1.0", "example.com/app:2"), s.names());
        }
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", out + ":example.com/app:2")) {
            assertArrayEquals(m, s.resolve().bytes());
            assertEquals(List.of("example.com/app:2"), s.names());
        }

        Path failed = dir.resolve("failed.tar");
        try (ImageDestination d = Locations.openDestination(new DockerArchiveTransport(), "docker-archive", failed.toString())) {
            StowageException e = assertThrows(StowageException.class, () -> d.put(
                    new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(plain), layer.length), new ByteArrayInputStream(layer)));
            assertEquals(Reason.DIGEST_MISMATCH, e.reason());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("failed")).toList());
        }
    }

    @Test
    void aLayoutDirectoryIsWrittenAndReadAndAnEntryOfTheSameRefReplaced() throws IOException {
        byte[] m = manifest(layer.length).getBytes(StandardCharsets.UTF_8);
        Path layout = dir.resolve("layout");
        for (int i = 0; i < 2; i++) {
            try (ImageDestination d = Locations.openDestination(new OciTransport(), "oci", layout + ":mine")) {
                Descriptor l = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(layer), layer.length);
                if (!d.has(l)) {
                    d.put(l, new ByteArrayInputStream(layer));
                }
                d.put(new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length), new ByteArrayInputStream(config));
                d.putManifest("docker.io/library/app:1.0", MediaTypes.OCI_MANIFEST, m);
            }
        }
        List<Descriptor> entries = OciJson.layoutIndex(Files.readAllBytes(layout.resolve("index.json")), "index");
        assertEquals(1, entries.size());
        assertEquals("mine", entries.get(0).annotation(Descriptor.REF_NAME));
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout + ":mine")) {
            assertArrayEquals(m, s.resolve().bytes());
            assertEquals(List.of("docker.io/library/app:1.0"), s.names());
            assertArrayEquals(layer, read(s, OciJson.manifest(m, "m").layers().get(0)));
        }
    }

    @Test
    void aLayoutLinkLeadingOutsideIsRefused() throws IOException {
        Path layout = dir.resolve("evil");
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("secret"), "{}");
        Files.createSymbolicLink(layout.resolve("index.json"), dir.resolve("secret"));
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout.toString())) {
            StowageException e = assertThrows(StowageException.class, s::resolve);
            assertEquals("layout " + layout.toRealPath() + ": index.json links outside the layout", e.getMessage());
        }
    }

    /**
     * A layout's referrers: its unnamed manifests whose subject is the image (a bundle beside it),
     * not the named image itself nor a referrer of another image; an entry whose bytes are not its
     * digest is refused.
     */
    @Test
    void aLayoutsReferrersAreItsUnnamedManifestsAboutTheImage() throws IOException {
        byte[] m = manifest(layer.length).getBytes(StandardCharsets.UTF_8);
        Digest image = Digest.of(m);
        String empty = "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Digest.of("{}".getBytes(StandardCharsets.US_ASCII))
                + "\",\"size\":2},\"layers\":[]";
        byte[] about = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                + empty + ",\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image + "\",\"size\":" + m.length + "}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] other = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"x/y\"," + empty
                + ",\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":1}}")
                .getBytes(StandardCharsets.UTF_8);
        Path layout = dir.resolve("signed");
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        for (byte[] b : List.of(m, config, layer, about, other)) {
            Files.write(layout.resolve("blobs/sha256/" + Digest.of(b).hex()), b);
        }
        String entries = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image + "\",\"size\":"
                + m.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"app\"}}"
                + ",{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.of(about) + "\",\"size\":" + about.length + "}"
                + ",{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.of(other) + "\",\"size\":" + other.length + "}]}";
        Files.writeString(layout.resolve("index.json"), entries);
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout + ":app")) {
            List<io.stowage.api.Referrer> found = s.referrers(image).orElseThrow();
            assertEquals(1, found.size(), found.toString());
            assertEquals(Digest.of(about), found.get(0).descriptor().digest());
            assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", found.get(0).artifactType());
        }
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout.toString())) {
            assertArrayEquals(m, s.resolve().bytes(), "the one image is chosen without a name: the referrers beside it are none");
        }
        // the bundle's entry now holds other bytes of the same size: not believed
        byte[] lie = java.util.Arrays.copyOf(other, about.length);
        Files.write(layout.resolve("blobs/sha256/" + Digest.of(about).hex()), lie);
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout + ":app")) {
            assertEquals(Reason.DIGEST_MISMATCH, assertThrows(StowageException.class, () -> s.referrers(image)).reason());
        }
    }

    /**
     * A signature saved beside its image: the writer makes the referrer an entry of the index
     * without a ref name and none of Docker's files (the archive holds one image), and both the
     * docker-archive and the oci-archive reading of the file list it as the image's referrer.
     */
    @Test
    void aSavedReferrerIsNoImageAndTheArchiveListsIt() throws IOException {
        byte[] m = manifest(layer.length).getBytes(StandardCharsets.UTF_8);
        Digest image = Digest.of(m);
        byte[] empty = "{}".getBytes(StandardCharsets.US_ASCII);
        byte[] about = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Digest.of(empty) + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image + "\",\"size\":" + m.length + "}}")
                .getBytes(StandardCharsets.UTF_8);
        Path out = savedWith("signed.tar", m, d -> {
            d.put(new Descriptor("application/vnd.oci.empty.v1+json", Digest.of(empty), 2), new ByteArrayInputStream(empty));
            assertEquals(Digest.of(about), d.putManifest(null, MediaTypes.OCI_MANIFEST, about));
        });
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", out.toString())) {
            assertEquals(1, ((ArchiveSource) s).images().size(), "the referrer is no image of docker save's files");
            List<io.stowage.api.Referrer> found = s.referrers(image).orElseThrow();
            assertEquals(List.of(Digest.of(about)), found.stream().map(r -> r.descriptor().digest()).toList());
            assertArrayEquals(about, s.manifest(Digest.of(about)).bytes());
            assertEquals(List.of(), s.referrers(Digest.of(about)).orElseThrow());
        }
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", out.toString())) {
            assertArrayEquals(m, s.resolve().bytes(), "the one image, chosen without a name");
            assertEquals(1, s.referrers(image).orElseThrow().size());
        }
    }

    /**
     * cosign's signature tag manifest beside its image: the writer keeps it as cosign save does
     * (an unnamed entry of kind dev.cosignproject.cosign/sigs), marked with the image it signs;
     * it is no image, and both readings find it for that image only. A layout as cosign save
     * writes it (one unmarked entry) is read too; a lying entry is refused.
     */
    @Test
    void cosignSignaturesBesideTheImageAreFoundForItAlone() throws IOException {
        byte[] m = manifest(layer.length).getBytes(StandardCharsets.UTF_8);
        Digest image = Digest.of(m);
        byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.US_ASCII);
        byte[] empty = "{}".getBytes(StandardCharsets.US_ASCII);
        byte[] sigs = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\"" + Digest.of(empty) + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
                + "\"digest\":\"" + Digest.of(payload) + "\",\"size\":" + payload.length + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"c2ln\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        Path out = savedWith("tagged.tar", m, d -> {
            d.put(new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(empty), 2), new ByteArrayInputStream(empty));
            d.put(new Descriptor("application/vnd.dev.cosign.simplesigning.v1+json", Digest.of(payload), payload.length),
                    new ByteArrayInputStream(payload));
            assertEquals(Digest.of(sigs), d.putCosignSignatures(image, MediaTypes.OCI_MANIFEST, sigs));
        });
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", out.toString())) {
            assertEquals(1, ((ArchiveSource) s).images().size());
            assertArrayEquals(sigs, s.cosignSignatures(image).orElseThrow().bytes());
            assertEquals(java.util.Optional.empty(), s.cosignSignatures(Digest.of(config)), "another image's: none");
        }
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", out.toString())) {
            assertArrayEquals(m, s.resolve().bytes(), "the one image, chosen without a name");
            assertArrayEquals(sigs, s.cosignSignatures(image).orElseThrow().bytes());
        }

        // as cosign save writes a layout: the image and its signatures, each marked with its kind only
        Path layout = dir.resolve("cosign-saved");
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        for (byte[] b : List.of(m, config, layer, sigs, empty, payload)) {
            Files.write(layout.resolve("blobs/sha256/" + Digest.of(b).hex()), b);
        }
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + image + "\",\"size\":" + m.length + ",\"annotations\":{\"kind\":\"dev.cosignproject.cosign/image\"}},"
                + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.of(sigs) + "\",\"size\":" + sigs.length
                + ",\"annotations\":{\"kind\":\"dev.cosignproject.cosign/sigs\"}}]}");
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout.toString())) {
            assertArrayEquals(m, s.resolve().bytes(), "the signatures are no second image");
            assertArrayEquals(sigs, s.cosignSignatures(image).orElseThrow().bytes());
        }
        Files.write(layout.resolve("blobs/sha256/" + Digest.of(sigs).hex()), java.util.Arrays.copyOf(m, sigs.length));
        try (ImageSource s = Locations.open(new OciTransport(), "oci", layout.toString())) {
            assertEquals(Reason.DIGEST_MISMATCH, assertThrows(StowageException.class, () -> s.cosignSignatures(image)).reason());
        }
    }

    /**
     * An image saved with the index it was signed as: the layout names the index (which lists its
     * manifest), Docker's files the image; the docker-archive reading resolves the index, and the
     * image's manifest by digest. An index that does not list the image is refused.
     */
    @Test
    void anImageSavedWithItsIndexResolvesToTheIndex() throws IOException {
        byte[] m = manifest(layer.length).getBytes(StandardCharsets.UTF_8);
        byte[] index = index(Digest.of(m), m.length, "").getBytes(StandardCharsets.UTF_8);
        Path out = savedWith("indexed.tar", m, d -> assertEquals(Digest.of(index), d.putManifest("example.com/app:1", MediaTypes.OCI_INDEX, index)));
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", out.toString())) {
            assertArrayEquals(index, s.resolve().bytes());
            assertEquals(Digest.of(index), s.rootDigest().orElseThrow());
            assertArrayEquals(m, s.manifest(Digest.of(m)).bytes());
            assertEquals(List.of("example.com/app:1"), s.names());
            assertEquals(1, ((ArchiveSource) s).images().size());
        }
        try (ImageSource s = Locations.open(new OciArchiveTransport(), "oci-archive", out + ":example.com/app:1")) {
            assertArrayEquals(index, s.resolve().bytes());
        }
        // the index's blob holds another index of its size (a size digit changed): not believed
        String sizeText = "\"size\":" + m.length;
        String indexText = new String(index, StandardCharsets.UTF_8);
        int at = indexText.indexOf(sizeText) + sizeText.length() - 1;
        byte[] lie = index.clone();
        lie[at] = (byte) (lie[at] == '0' ? '1' : '0');
        Path lying = replaced(out, LayoutSource.path(Digest.of(index)), lie);
        try (ImageSource s = Locations.open(new DockerArchiveTransport(), "docker-archive", lying.toString())) {
            assertEquals(Reason.DIGEST_MISMATCH, assertThrows(StowageException.class, s::resolve).reason());
        }
        byte[] other = index(Digest.of(config), config.length, "").getBytes(StandardCharsets.UTF_8);
        StowageException e = assertThrows(StowageException.class, () -> savedWith("lying.tar", m,
                d -> d.putManifest("example.com/app:1", MediaTypes.OCI_INDEX, other)));
        assertEquals("index " + Digest.of(other) + " does not list " + Digest.of(m) + ", saved as example.com/app:1", e.getMessage());
    }

    /** A copy of the tar {@code archive} whose entry {@code name} holds {@code bytes} instead. */
    private Path replaced(Path archive, String name, byte[] bytes) throws IOException {
        Path copy = dir.resolve("replaced-" + archive.getFileName());
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(archive));
                var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(copy))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = e.getName().equals(name) ? bytes : in.readAllBytes();
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getName());
                entry.setSize(e.isDirectory() ? 0 : content.length);
                out.putArchiveEntry(entry);
                if (!e.isDirectory()) {
                    out.write(content);
                }
                out.closeArchiveEntry();
            }
        }
        return copy;
    }

    /** The test's image saved as {@code example.com/app:1} to the archive {@code name}, with what {@code beside} adds. */
    private Path savedWith(String name, byte[] manifest, java.util.function.Consumer<ImageDestination> beside) {
        Path out = dir.resolve(name);
        try (ImageDestination d = Locations.openDestination(new DockerArchiveTransport(), "docker-archive", out.toString())) {
            d.put(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(layer), layer.length), new ByteArrayInputStream(layer));
            d.put(new Descriptor(MediaTypes.OCI_CONFIG, Digest.of(config), config.length), new ByteArrayInputStream(config));
            d.putManifest("example.com/app:1", MediaTypes.OCI_MANIFEST, manifest);
            beside.accept(d);
            d.commit();
        }
        return out;
    }
}
