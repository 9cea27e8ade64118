package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Offline images: layouts and archives skopeo writes (oci:, oci-archive:, docker-archive:) pull
 * and load as the registry pull of the same image; what image:save writes, skopeo reads as
 * docker-archive: and as oci-archive:, and image:load reads back.
 */
class ArchiveIT {
    private final Fixture f = Fixture.get();
    private final Path work;

    ArchiveIT() throws IOException {
        work = Files.createTempDirectory(f.work, "archive-");
    }

    private void skopeoCopy(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "copy", "-q", "--src-tls-verify=false"));
        command.addAll(List.of(args));
        Processes.check(work, Map.of(), command);
    }

    /** What image:inspect says that does not depend on where the image came from. */
    private static Map<String, JsonNode> essence(Stowage s, String image) {
        JsonNode i = Fixture.json(s.ok("image:inspect", image).out()).get(0);
        Map<String, JsonNode> e = new HashMap<>();
        for (String field : List.of("Id", "RootFS", "Config", "Size", "Architecture", "Os", "Created", "Author")) {
            e.put(field, i.get(field));
        }
        return e;
    }

    @Test
    void layoutsAndArchivesSkopeoWritesLoadAsTheRegistryPullOfTheImage() {
        String ref = f.ref("app:latest");
        Stowage fromRegistry = new Stowage();
        fromRegistry.ok("image:pull", ref);
        Map<String, JsonNode> expected = essence(fromRegistry, ref);
        assertEquals(Fixture.sha256(f.rawConfig("app:latest")), expected.get("Id").asText());

        skopeoCopy("docker://" + ref, "oci:" + work.resolve("layout") + ":app");
        skopeoCopy("docker://" + ref, "oci-archive:" + work.resolve("app-oci.tar") + ":app:1.0");
        skopeoCopy("docker://" + ref, "docker-archive:" + work.resolve("app-docker.tar") + ":example.com/app:1.0");

        Stowage offline = new Stowage();
        // a bare ref name is no image name: the image is stored unnamed, as docker load leaves it
        List<String> layout = offline.ok("image:pull", "oci:" + work.resolve("layout") + ":app").lines();
        String id = expected.get("Id").asText();
        assertEquals(List.of("Loaded image ID: " + id, id), layout.subList(layout.size() - 2, layout.size()));
        assertEquals(expected, essence(offline, id));

        List<String> oci = offline.ok("image:pull", "oci-archive:" + work.resolve("app-oci.tar")).lines();
        assertEquals("docker.io/library/app:1.0", oci.get(oci.size() - 1), oci.toString());
        assertTrue(oci.contains("Digest: " + f.inspect("app:latest").get("Digest").asText()), oci.toString());
        assertEquals(expected, essence(offline, "app:1.0"));

        Processes.Result load = offline.ok("image:load", "-i", work.resolve("app-docker.tar").toString());
        assertEquals(List.of("Loaded image: example.com/app:1.0"), load.lines());
        assertEquals("", load.err());
        assertEquals(expected, essence(offline, "example.com/app:1.0"));
        // one image under two names; the unnamed entry went when the image got a name
        List<String> ls = offline.ok("image:ls").lines();
        assertEquals(3, ls.size(), ls.toString());
        assertTrue(ls.get(1).startsWith("app ") && ls.get(2).startsWith("example.com/app ")
                || ls.get(2).startsWith("app ") && ls.get(1).startsWith("example.com/app "), ls.toString());
    }

    @Test
    void aPlatformIsChosenFromAnArchivedIndex() {
        skopeoCopy("--all", "docker://" + f.ref("multi:latest"), "oci-archive:" + work.resolve("multi.tar") + ":multi:1");
        Stowage s = new Stowage();
        s.ok("image:pull", "--platform", "linux/arm64/v8", "oci-archive:" + work.resolve("multi.tar") + ":multi:1");
        byte[] arm = f.skopeoBytes("inspect", "--tls-verify=false", "--config", "--raw", "--override-arch", "arm64",
                "--override-variant", "v8", "docker://" + f.ref("multi:latest"));
        assertEquals(Fixture.sha256(arm), essence(s, "multi:1").get("Id").asText());
    }

    @Test
    void whatSaveWritesSkopeoReadsAsBothFormsAndLoadReadsBack() throws IOException {
        String app = f.ref("app:latest");
        String other = f.ref("other:latest");
        Stowage s = new Stowage();
        s.ok("image:pull", app);
        s.ok("image:pull", other);
        Path saved = work.resolve("both.tar");
        Processes.Result save = s.ok("image:save", "-o", saved.toString(), app, other);
        assertEquals("", save.out() + save.err());

        // the layer the two images share is stored once
        Map<String, Integer> names = entries(saved);
        assertTrue(names.values().stream().allMatch(n -> n == 1), names.toString());
        String shared = f.inspect("app:latest").get("Layers").get(0).asText();
        assertEquals(shared, f.inspect("other:latest").get("Layers").get(0).asText());
        assertTrue(names.containsKey("blobs/sha256/" + shared.substring(7)), names.toString());
        for (String file : List.of("manifest.json", "repositories", "index.json", "oci-layout")) {
            assertTrue(names.containsKey(file), names.toString());
        }

        for (String image : List.of("app:latest", "other:latest")) {
            String name = f.ref(image);
            String config = Fixture.sha256(f.rawConfig(image));
            byte[] docker = f.skopeoBytes("inspect", "--config", "--raw", "docker-archive:" + saved + ":" + name);
            assertEquals(config, Fixture.sha256(docker));
            JsonNode oci = f.skopeo("inspect", "oci-archive:" + saved + ":" + name);
            assertEquals(f.inspect(image).get("Digest"), oci.get("Digest"));
            assertEquals(f.inspect(image).get("Layers"), oci.get("Layers"));
            // skopeo reads every layer, not only the documents
            skopeoCopy("docker-archive:" + saved + ":" + name, "oci:" + work.resolve("copied") + ":" + image.replace(':', '-'));
        }

        Stowage elsewhere = new Stowage();
        Processes.Result load = elsewhere.ok("image:load", "-i", saved.toString());
        assertEquals(List.of("Loaded image: " + app, "Loaded image: " + other), load.lines());
        assertEquals(essence(s, app), essence(elsewhere, app));
        assertEquals(essence(s, other), essence(elsewhere, other));
        // the same manifests, byte for byte: the digests a registry names them by
        assertEquals(digests(s), digests(elsewhere));
    }

    /** As with docker: {@code image:save app | gzip > app.tar.gz} and {@code image:load < app.tar.gz}. */
    @Test
    void saveWritesToAPipeAndLoadReadsFromOne() {
        String app = f.ref("app:latest");
        Stowage s = holdingApp();
        Path gz = work.resolve("piped.tar.gz");
        shell(s, "bin/stowage image:save " + app + " | gzip > " + gz);
        Path plain = work.resolve("piped.tar");
        shell(s, "gzip -dc " + gz + " > " + plain);
        assertEquals(Fixture.sha256(f.rawConfig("app:latest")),
                Fixture.sha256(f.skopeoBytes("inspect", "--config", "--raw", "docker-archive:" + plain)));

        Stowage elsewhere = new Stowage();
        Processes.Result load = shell(elsewhere, "bin/stowage image:load < " + gz);
        assertEquals("Loaded image: " + app + "\n", load.out());
        assertEquals(essence(s, app), essence(elsewhere, app));

        // on a terminal, Docker's refusals
        refusedOnATerminal(s, "image:save " + app, "Error: cowardly refusing to save to a terminal. Use the -o flag or redirect");
        refusedOnATerminal(s, "image:load", "Error: requested load from stdin, but stdin is empty");
    }

    /** Runs {@code bin/stowage <command>} on a pseudo-terminal (util-linux script's): exit 1 with {@code error}. */
    private static void refusedOnATerminal(Stowage s, String command, String error) {
        Processes.Result r = Processes.run(s.home, Map.of("STOWAGE_DATA", s.data.toString()),
                List.of("script", "-qec", s.home.resolve("bin/stowage") + " " + command, "/dev/null"));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains(error), r.toString());
    }

    /** A runtime whose store holds the registry's app:latest. */
    private Stowage holdingApp() {
        Stowage s = new Stowage();
        s.ok("image:pull", f.ref("app:latest"));
        return s;
    }

    private static Processes.Result shell(Stowage s, String command) {
        Processes.Result r = Processes.run(s.home, Map.of("STOWAGE_DATA", s.data.toString()), List.of("sh", "-c", command));
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    void pushWritesALayoutSkopeoReads() {
        String app = f.ref("app:latest");
        Stowage s = holdingApp();
        Path layout = work.resolve("pushed");
        s.ok("image:push", app, "oci:" + layout + ":mine");
        JsonNode read = f.skopeo("inspect", "oci:" + layout + ":mine");
        assertEquals(f.inspect("app:latest").get("Digest"), read.get("Digest"));
        assertEquals(f.inspect("app:latest").get("Layers"), read.get("Layers"));
    }

    /**
     * A docker save archive with one 256 MiB layer loads in a 64 MiB heap: the layer streams from
     * its place in the tar to the store, never whole in memory.
     */
    @Test
    void aLargeArchiveLoadsInASmallHeap() throws Exception {
        Path file = work.resolve("large.tar");
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        long fileSize = 256L << 20;
        Path layer = work.resolve("layer.tar");
        try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(layer), sha);
                TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry("random");
            e.setSize(fileSize);
            t.putArchiveEntry(e);
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            byte[] chunk = new byte[1 << 20];
            for (long done = 0; done < fileSize; done += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                t.write(chunk);
            }
            t.closeArchiveEntry();
        }
        String diffId = "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId + "\"]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            put(t, "config.json", config);
            TarArchiveEntry e = new TarArchiveEntry("l1/layer.tar");
            e.setSize(Files.size(layer));
            t.putArchiveEntry(e);
            Files.copy(layer, t);
            t.closeArchiveEntry();
            put(t, "manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"large:1\"],\"Layers\":[\"l1/layer.tar\"]}]"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.delete(layer);
        Stowage s = new Stowage();
        Processes.Result load = s.run("", Map.of("JAVA_OPTS", "-Xmx64m"), "image:load", "-i", file.toString());
        assertEquals(0, load.exit(), load.toString());
        assertEquals(List.of("Loaded image: large:1"), load.lines());
        assertEquals(List.of(diffId), List.of(essence(s, "large:1").get("RootFS").get("Layers").get(0).asText()));
    }

    private static void put(TarArchiveOutputStream t, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        t.putArchiveEntry(e);
        t.write(bytes);
        t.closeArchiveEntry();
    }

    /** Each stored manifest's digest, by image name: what index.json's entries name. */
    private static List<String> digests(Stowage s) {
        JsonNode index = Fixture.json(s.read("index.json"));
        List<String> out = new ArrayList<>();
        index.get("manifests").forEach(m -> out.add(m.get("annotations").get("org.opencontainers.image.ref.name").asText()
                + " " + m.get("digest").asText()));
        out.sort(null);
        return out;
    }

    private static Map<String, Integer> entries(Path tar) throws IOException {
        Map<String, Integer> names = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = t.getNextEntry()) != null;) {
                if (!e.isDirectory()) {
                    names.merge(e.getName(), 1, Integer::sum);
                }
            }
        }
        assertFalse(names.isEmpty());
        return names;
    }
}
