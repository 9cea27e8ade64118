package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Docker's image flags, one test each, against images from the real registry. */
class ParityIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private String id(String ref) {
        return Fixture.json(stowage.ok("image:inspect", ref).out()).get(0).get("Id").asText();
    }

    private Set<String> blobs() {
        Set<String> blobs = new TreeSet<>();
        stowage.files().stream().filter(p -> p.startsWith("blobs/sha256/")).forEach(p -> blobs.add("sha256:" + p.substring(13)));
        return blobs;
    }

    @Test
    void pullQuietPrintsOnlyTheReference() {
        assertEquals(f.ref("app:latest") + "\n", stowage.ok("image:pull", "-q", f.ref("app:latest")).out());
    }

    @Test
    void lsFlagsFiltersAndFormats() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        stowage.ok("image:pull", "-q", f.ref("other:latest"));
        stowage.ok("image:tag", f.ref("app:latest"), f.ref("app:v2"));
        String app = id(f.ref("app:latest"));
        String other = id(f.ref("other:latest"));

        assertEquals(stowage.ok("image:ls", "-q").out(), stowage.ok("image:ls", "-a", "-q").out(), "no intermediate images: -a lists the same");
        List<String> quiet = stowage.ok("image:ls", "-q").lines();
        List<java.time.OffsetDateTime> created = quiet.stream().map(q -> java.time.OffsetDateTime.parse(
                Fixture.json(stowage.ok("image:inspect", q).out()).get(0).get("Created").asText())).toList();
        List<java.time.OffsetDateTime> newestFirst = new ArrayList<>(created);
        newestFirst.sort(Collections.reverseOrder());
        assertEquals(newestFirst, created, "newest first");
        assertEquals(Set.of(app.substring(7, 19), other.substring(7, 19)), Set.copyOf(quiet));
        assertEquals(2, quiet.size(), "each ID once");
        assertEquals(Set.of(app, other), Set.copyOf(stowage.ok("image:ls", "-q", "--no-trunc").lines()));

        List<String> digests = stowage.ok("image:ls", "--digests").lines();
        assertTrue(digests.get(0).matches("REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE"), digests.get(0));
        String appDigest = f.inspect("app:latest").get("Digest").asText();
        assertTrue(digests.stream().anyMatch(l -> l.startsWith(f.ref("app") + " ") && l.contains(" latest ") && l.contains(appDigest)),
                digests.toString());

        List<String> reference = stowage.ok("image:ls", "--filter", "reference=*/app:v2").lines();
        assertEquals(2, reference.size(), reference.toString());
        assertTrue(reference.get(1).startsWith(f.ref("app") + " ") && reference.get(1).contains(" v2 "), reference.toString());
        List<String> byRepository = stowage.ok("image:ls", f.ref("app")).lines();
        assertEquals(3, byRepository.size(), "header, latest, v2: " + byRepository);

        List<JsonNode> json = stowage.ok("image:ls", "--format", "json").lines().stream().map(Fixture::json).toList();
        assertEquals(3, json.size());
        for (JsonNode row : json) {
            for (String key : List.of("Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size",
                    "Tag", "UniqueSize", "VirtualSize")) {
                assertTrue(row.has(key), key + " in " + row);
            }
        }

        JsonNode appInspect = Fixture.json(stowage.ok("image:inspect", app).out()).get(0);
        JsonNode otherInspect = Fixture.json(stowage.ok("image:inspect", other).out()).get(0);
        int order = java.time.OffsetDateTime.parse(appInspect.get("Created").asText())
                .compareTo(java.time.OffsetDateTime.parse(otherInspect.get("Created").asText()));
        List<String> since = stowage.ok("image:ls", "-q", "--filter", "since=" + app).lines();
        assertEquals(order < 0 ? List.of(other.substring(7, 19)) : List.of(), since, "app " + order + " other");
        List<String> before = stowage.ok("image:ls", "-q", "--filter", "before=" + app).lines();
        assertEquals(order > 0 ? List.of(other.substring(7, 19)) : List.of(), before, "app " + order + " other");
    }

    @Test
    void aMovedTagLeavesADanglingImageThatPruneDeletesWithItsUnsharedBlobs() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        stowage.ok("image:pull", "-q", f.ref("other:latest"));
        String app = id(f.ref("app:latest"));
        Set<String> withApp = blobs();
        stowage.ok("image:tag", f.ref("other:latest"), f.ref("app:latest")); // app's image loses its only tag

        List<String> dangling = stowage.ok("image:ls", "--filter", "dangling=true").lines();
        assertEquals(2, dangling.size(), dangling.toString());
        assertTrue(dangling.get(1).contains(" <none> ") && dangling.get(1).contains(app.substring(7, 19)), dangling.toString());
        assertFalse(stowage.ok("image:ls", "--filter", "dangling=false").out().contains(app.substring(7, 19)));

        Processes.Result declined = stowage.run("n\n", Map.of(), "image:prune");
        assertEquals(0, declined.exit(), declined.toString());
        assertTrue(declined.out().startsWith("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "));
        assertEquals(withApp, blobs(), "declined: nothing deleted");

        Processes.Result pruned = stowage.run("y\n", Map.of(), "image:prune");
        assertEquals(0, pruned.exit(), pruned.toString());
        assertTrue(pruned.out().contains("Deleted Images:\n") && pruned.out().contains("deleted: " + app + "\n"), pruned.toString());
        Set<String> gone = new TreeSet<>(withApp);
        gone.removeAll(blobs());
        Set<String> unshared = new TreeSet<>();
        f.inspect("app:latest").get("Layers").forEach(l -> unshared.add(l.asText()));
        f.inspect("other:latest").get("Layers").forEach(l -> unshared.remove(l.asText()));
        unshared.add(app);
        unshared.add(f.inspect("app:latest").get("Digest").asText());
        assertEquals(unshared, gone, "exactly the blobs only the dangling image used");
        long reclaimed = gone.stream().mapToLong(this::registrySize).sum();
        assertTrue(pruned.out().endsWith("Total reclaimed space: " + humanSize(reclaimed) + "\n"), pruned.out() + " vs " + reclaimed);

        assertEquals("Total reclaimed space: 0B\n", stowage.ok("image:prune", "-f").out());
        assertEquals("Total reclaimed space: 0B\n", stowage.ok("image:prune", "-a", "-f", "--filter", "until=100000h").out(),
                "images younger than the cutoff stay");
        stowage.ok("image:prune", "-a", "-f");
        assertEquals(Set.of(), blobs(), "-a: every image no container uses");
    }

    /** A blob's size, as the registry stores it. */
    private long registrySize(String digest) {
        try {
            return java.nio.file.Files.size(f.registry.blobData(digest));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Docker's size format (units of 1000, three significant digits). */
    private static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return s + units[u];
    }

    @Test
    void historyAgreesWithTheConfigNewestFirst() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        JsonNode config = Fixture.json(f.rawConfig("app:latest"));
        List<JsonNode> steps = new ArrayList<>();
        config.get("history").forEach(steps::add);
        Collections.reverse(steps);
        List<String> rows = stowage.ok("image:history", "--no-trunc", f.ref("app:latest")).lines();
        assertTrue(rows.get(0).matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT"), rows.get(0));
        assertEquals(steps.size(), rows.size() - 1);
        String app = id(f.ref("app:latest"));
        assertTrue(rows.get(1).startsWith(app + " "), rows.get(1));
        for (int i = 0; i < steps.size(); i++) {
            String row = rows.get(i + 1);
            assertTrue(row.contains(steps.get(i).path("created_by").asText()), row);
            if (steps.get(i).path("empty_layer").asBoolean(false)) {
                assertTrue(row.matches(".* 0B *.*"), "an empty layer is 0B: " + row);
            }
            if (i > 0) {
                assertTrue(row.startsWith("<missing> "), row);
            }
        }
        List<String> quiet = stowage.ok("image:history", "-q", f.ref("app:latest")).lines();
        assertEquals(steps.size(), quiet.size());
        assertEquals(app.substring(7, 19), quiet.get(0));
    }

    @Test
    void inspectFormatPrintsFieldPaths() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        String app = id(f.ref("app:latest"));
        assertEquals(app + "\n", stowage.ok("image:inspect", "--format", "{{.Id}}", f.ref("app:latest")).out());
        JsonNode cmd = Fixture.json(f.rawConfig("app:latest")).get("config").get("Cmd");
        List<String> words = new ArrayList<>();
        cmd.forEach(c -> words.add(c.asText()));
        assertEquals("[" + String.join(" ", words) + "]\n", stowage.ok("image:inspect", "-f", "{{.Config.Cmd}}", f.ref("app:latest")).out());
        JsonNode rootfs = Fixture.json(stowage.ok("image:inspect", "--format", "{{json .RootFS}}", f.ref("app:latest")).out());
        assertEquals(Fixture.json(f.rawConfig("app:latest")).get("rootfs").get("diff_ids"), rootfs.get("Layers"));
        assertEquals(f.ref("app:latest") + ";\n", stowage.ok("image:inspect", "--format", "{{range .RepoTags}}{{.}};{{end}}",
                f.ref("app:latest")).out());
        Processes.Result bad = stowage.run("image:inspect", "--format", "{{exec .Id}}", f.ref("app:latest"));
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("Error: template: function \"exec\" not defined"), bad.err());
    }

    @Test
    void rmNoPruneKeepsTheBlobsForALaterPrune() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        String app = id(f.ref("app:latest"));
        Set<String> before = blobs();
        List<String> rm = stowage.ok("image:rm", "--no-prune", f.ref("app:latest")).lines();
        assertEquals(List.of("Untagged: " + f.ref("app:latest"), "Untagged: " + f.ref("app") + "@" + f.inspect("app:latest").get("Digest")
                .asText(), "Deleted: " + app), rm);
        assertEquals(before, blobs(), "the blobs stay");
        assertEquals(1, stowage.ok("image:ls").lines().size(), "no image is left");
        stowage.ok("image:prune", "-f");
        assertEquals(Set.of(), blobs());
    }

    @Test
    void pullAllTagsPullsEveryTag() {
        for (String tag : List.of("one", "two")) {
            Processes.check(f.work.resolve("images"), Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false",
                    "oci:img:app", "docker://" + f.host() + "/alltags:" + tag));
        }
        String repository = f.host() + "/alltags";
        List<String> lines = stowage.ok("image:pull", "-a", repository).lines();
        assertTrue(lines.contains("one: Pulling from alltags") && lines.contains("two: Pulling from alltags"), lines.toString());
        assertEquals(List.of("Status: Downloaded newer image for " + repository, repository), lines.subList(lines.size() - 2, lines.size()));
        assertEquals(3, stowage.ok("image:ls", repository).lines().size(), "header, one, two");
        Processes.Result tagged = stowage.run("image:pull", "-a", repository + ":one");
        assertEquals("Error: tag can't be used with --all-tags/-a\n", tagged.err());
    }

    @Test
    void dfCountsImagesContainersAndWhatIsReclaimable() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        stowage.ok("image:pull", "-q", f.ref("other:latest"));
        stowage.ok("container:create", "--name", "web", f.ref("app:latest"));
        List<String> summary = stowage.ok("image:df").lines();
        assertTrue(summary.get(0).matches("TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE"), summary.get(0));
        assertTrue(summary.get(1).matches("Images +2 +1 +\\S+ +\\S+ \\(\\d+%\\)"), summary.get(1));
        assertTrue(summary.get(2).matches("Partial downloads +0 +0 +0B +0B \\(0%\\)"), summary.get(2));
        List<String> verbose = stowage.ok("image:df", "-v").lines();
        assertEquals("Images space usage:", verbose.get(0));
        assertTrue(verbose.get(2).matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE +SHARED SIZE +UNIQUE SIZE +CONTAINERS"), verbose.get(2));
        String appId = id(f.ref("app:latest")).substring(7, 19);
        assertTrue(verbose.stream().anyMatch(l -> l.contains(appId) && l.endsWith(" 1")), verbose.toString());
        assertTrue(verbose.stream().anyMatch(l -> l.contains(id(f.ref("other:latest")).substring(7, 19)) && l.endsWith(" 0")),
                verbose.toString());
    }

    @Test
    void aPlatformWithItsVariantIsChosen() {
        stowage.ok("image:pull", "--platform", "linux/arm64/v8", f.ref("multi:latest"));
        JsonNode image = Fixture.json(stowage.ok("image:inspect", f.ref("multi:latest")).out()).get(0);
        assertEquals("arm64", image.get("Architecture").asText());
        JsonNode arm = Fixture.json(f.skopeoBytes("inspect", "--tls-verify=false", "--config", "--raw", "--override-arch", "arm64",
                "--override-variant", "v8", "docker://" + f.ref("multi:latest")));
        assertEquals(arm.get("rootfs").get("diff_ids"), image.get("RootFS").get("Layers")); // PullIT: the error when none matches
    }

    @Test
    void inspectPrintsTheImagesItFindsAndFailsForTheOthers() {
        stowage.ok("image:pull", "-q", f.ref("app:latest"));
        Processes.Result r = stowage.run("image:inspect", f.ref("app:latest"), "ghost:1");
        assertEquals(1, r.exit());
        assertEquals(1, Fixture.json(r.out()).size());
        assertEquals("Error: No such image: ghost:1\n", r.err());
    }
}
