package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** image:rm, image:tag and created containers, with Docker's semantics, on a real store. */
class RemoveIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private List<String> layers(String image) {
        return PullIT.strings(f.inspect(image).get("Layers"));
    }

    private String configDigest(String image) {
        return Fixture.sha256(f.rawConfig(image));
    }

    private String manifestDigest(String image) {
        return f.inspect(image).get("Digest").asText();
    }

    private Set<String> blobs() {
        Set<String> blobs = new HashSet<>();
        for (String file : stowage.files()) {
            if (file.startsWith("blobs/sha256/")) {
                blobs.add("sha256:" + file.substring("blobs/sha256/".length()));
            }
        }
        return blobs;
    }

    private Set<String> blobsOf(String... images) {
        Set<String> all = new HashSet<>();
        for (String image : images) {
            all.add(manifestDigest(image));
            all.add(configDigest(image));
            all.addAll(layers(image));
        }
        return all;
    }

    @Test
    void sharedLayersAreStoredOnceAndRemovingOneImageKeepsTheOtherWhole() {
        stowage.ok("image:pull", f.ref("app:latest"));
        stowage.ok("image:pull", f.ref("other:latest"));
        String shared = layers("other:latest").get(0);
        assertEquals(shared, layers("app:latest").get(0));
        assertEquals(blobsOf("app:latest", "other:latest"), blobs());
        assertEquals(8, blobs().size());

        Processes.Result rm = stowage.ok("image:rm", f.ref("other:latest"));
        assertEquals(List.of("Untagged: " + f.ref("other:latest"),
                "Untagged: " + f.ref("other") + "@" + manifestDigest("other:latest"),
                "Deleted: " + configDigest("other:latest"),
                "Deleted: " + layers("other:latest").get(1)), rm.lines());
        assertEquals(blobsOf("app:latest"), blobs());
        f.skopeoBytes("copy", "-q", "oci:" + stowage.data + ":" + f.ref("app:latest"), "dir:" + stowage.data.resolveSibling("check"));
        assertFalse(stowage.ok("image:ls").out().contains("other"));
    }

    @Test
    void removingATagWhileAnotherRemainsOnlyUntags() {
        stowage.ok("image:pull", f.ref("app:latest"));
        assertEquals("", stowage.ok("image:tag", f.ref("app:latest"), "myapp:v1").out());
        List<String> ls = stowage.ok("image:ls").lines();
        assertEquals(3, ls.size(), ls.toString());
        String id = configDigest("app:latest").substring(7, 19);
        assertTrue(ls.stream().skip(1).allMatch(l -> l.contains(id)), ls.toString());
        assertTrue(ls.stream().anyMatch(l -> l.startsWith("myapp ") && l.contains(" v1 ")), ls.toString());

        Set<String> before = blobs();
        assertEquals(List.of("Untagged: myapp:v1"), stowage.ok("image:rm", "myapp:v1").lines());
        assertEquals(before, blobs());
        assertEquals(2, stowage.ok("image:ls").lines().size());
    }

    @Test
    void removingByIdRefusesSeveralRepositoriesUnlessForced() {
        stowage.ok("image:pull", f.ref("app:latest"));
        stowage.ok("image:tag", f.ref("app:latest"), "myapp:v1");
        String id = configDigest("app:latest");
        Processes.Result refused = stowage.run("image:rm", id.substring(7, 19));
        assertEquals(1, refused.exit(), refused.toString());
        assertEquals("Error: conflict: unable to delete " + id.substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories\n", refused.err());
        assertEquals(blobsOf("app:latest"), blobs());

        Processes.Result forced = stowage.ok("image:rm", "-f", id.substring(7, 15));
        List<String> lines = forced.lines();
        assertTrue(lines.contains("Untagged: myapp:v1"), forced.toString());
        assertTrue(lines.contains("Untagged: " + f.ref("app:latest")), forced.toString());
        assertTrue(lines.contains("Deleted: " + id), forced.toString());
        for (String layer : layers("app:latest")) {
            assertTrue(lines.contains("Deleted: " + layer), forced.toString());
        }
        assertEquals(Set.of(), blobs());
        assertEquals(1, stowage.ok("image:ls").lines().size());
    }

    @Test
    void aContainerHoldsItsImageAgainstRemoval() {
        String ref = f.ref("app:latest");
        stowage.ok("image:pull", ref);
        String containerId = stowage.ok("container:create", "--name", "web", ref).out().trim();
        assertTrue(containerId.matches("[a-f0-9]{64}"), containerId);
        assertEquals(1, stowage.ok("container:ls").lines().size(), "container:ls, as docker ps, lists running containers only");
        List<String> ps = stowage.ok("container:ls", "-a").lines();
        assertTrue(ps.get(1).matches(containerId.substring(0, 12) + " +" + java.util.regex.Pattern.quote(ref)
                + " +\"sh -c echo hi\" +.* ago +Created +web"), ps.toString());

        String id = configDigest("app:latest").substring(7, 19);
        Processes.Result refused = stowage.run("image:rm", ref);
        assertEquals(1, refused.exit());
        assertEquals("Error: conflict: unable to remove repository reference \"" + ref
                + "\" (must force) - stopped container " + containerId.substring(0, 12)
                + " is using its referenced image " + id + "\n", refused.err());
        Processes.Result byId = stowage.run("image:rm", id);
        assertEquals("Error: conflict: unable to delete " + id + " (must be forced) - image is being used by stopped container "
                + containerId.substring(0, 12) + "\n", byId.err());
        assertEquals(blobsOf("app:latest"), blobs());

        Processes.Result forced = stowage.ok("image:rm", "-f", ref);
        assertTrue(forced.lines().stream().noneMatch(l -> l.startsWith("Deleted:")), forced.toString());
        assertEquals(blobsOf("app:latest"), blobs());
        List<String> ls = stowage.ok("image:ls").lines();
        assertTrue(ls.get(1).matches("<none> +<none> +" + id + " .*"), ls.toString());

        assertEquals("web\n", stowage.ok("container:rm", "web").out());
        Processes.Result rm = stowage.ok("image:rm", id);
        assertTrue(rm.lines().contains("Deleted: sha256:" + configDigest("app:latest").substring(7)), rm.toString());
        assertEquals(Set.of(), blobs());
    }

    @Test
    void severalArgumentsAreAllTriedAndAnyFailureFailsTheCommand() {
        stowage.ok("image:pull", f.ref("app:latest"));
        stowage.ok("image:pull", f.ref("other:latest"));
        Processes.Result r = stowage.run("image:rm", "nosuch:image", f.ref("app:latest"), f.ref("other:latest"));
        assertEquals(1, r.exit(), r.toString());
        assertEquals("Error: No such image: nosuch:image\n", r.err());
        assertTrue(r.lines().contains("Untagged: " + f.ref("app:latest")), r.toString());
        assertTrue(r.lines().contains("Untagged: " + f.ref("other:latest")), r.toString());
        assertEquals(Set.of(), blobs());
    }

    @Test
    void unknownIdsAreRefusedAndUniquePrefixesWork() {
        stowage.ok("image:pull", f.ref("app:latest"));
        String id = configDigest("app:latest").substring(7);
        Set<String> before = blobs();
        Processes.Result unknown = stowage.run("image:rm", id.charAt(0) == '0' ? "f00f" : "0ff0");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().startsWith("Error: No such image: "), unknown.toString());
        assertEquals(before, blobs());
        JsonNode inspect = Fixture.json(stowage.ok("image:inspect", id.substring(0, 12)).out());
        assertEquals("sha256:" + id, inspect.get(0).get("Id").asText());
        assertEquals("sha256:" + id, Fixture.json(stowage.ok("image:inspect", "sha256:" + id).out()).get(0).get("Id").asText());
    }

    @Test
    void containerOfAnUnknownImageIsRefused() {
        Processes.Result r = stowage.run("container:create", "nosuch:image");
        assertEquals("Error: No such image: nosuch:image\n", r.err());
        assertEquals(1, r.exit());
        assertEquals(new ArrayList<>(List.of("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES")),
                stowage.ok("container:ls").lines());
    }
}
