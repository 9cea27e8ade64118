package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code registry:inspect} and {@code registry:tags} read images and repositories without
 * pulling them, and agree with {@code skopeo inspect} and {@code skopeo list-tags}.
 */
class RemoteInspectIT {
    private static final List<String> FIELDS = List.of("Name", "Digest", "RepoTags", "Created", "Labels", "Architecture",
            "Os", "Layers", "LayersData", "Env");
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void inspectAgreesWithSkopeoAndStoresNothing() {
        JsonNode skopeo = f.inspect("app:latest");
        JsonNode mine = Fixture.json(stowage.ok("registry:inspect", f.ref("app:latest")).out());
        for (String field : FIELDS) {
            if (skopeo.hasNonNull(field)) { // skopeo 1.9 prints no LayersData
                assertEquals(skopeo.get(field), mine.get(field), field);
            }
        }
        for (int i = 0; i < skopeo.get("Layers").size(); i++) {
            assertEquals(skopeo.get("Layers").get(i), mine.get("LayersData").get(i).get("Digest"));
        }
        assertEquals(List.of("index.json", "index.last-good.json", "index.lock", "ingest.lock", "leases.lock", "oci-layout"), stowage.files());
    }

    @Test
    void rawManifestAndConfigAreAsServed() {
        assertEquals(new String(f.rawManifest("app:latest"), StandardCharsets.UTF_8).strip(),
                stowage.ok("registry:inspect", "--raw", f.ref("app:latest")).out().strip());
        assertEquals(new String(f.rawConfig("app:latest"), StandardCharsets.UTF_8).strip(),
                stowage.ok("registry:inspect", "--config", f.ref("app:latest")).out().strip());
        assertEquals(new String(f.rawManifest("multi:latest"), StandardCharsets.UTF_8).strip(),
                stowage.ok("registry:inspect", "--raw", f.ref("multi:latest")).out().strip(), "an index, as served");
    }

    @Test
    void aPlatformIsChosenFromAnIndex() {
        JsonNode skopeo = f.skopeo("inspect", "--tls-verify=false", "--override-arch", "arm64", "--override-variant", "v8",
                "docker://" + f.ref("multi:latest"));
        JsonNode mine = Fixture.json(stowage.ok("registry:inspect", "--platform", "linux/arm64/v8", f.ref("multi:latest")).out());
        for (String field : List.of("Digest", "Architecture", "Variant", "Os", "Layers")) {
            assertEquals(skopeo.get(field), mine.get(field), field);
        }
    }

    /**
     * Pages are followed through the Link header. Debian's docker-registry answers every tag at
     * once, so a proxy in front of it pages the list as the distribution spec says.
     */
    @Test
    void tagsAreListedAcrossPages() throws Exception {
        for (String tag : List.of("t1", "t2", "t3", "t4", "t5")) {
            Processes.check(f.work.resolve("images"), Map.of(), List.of("skopeo", "copy", "-q", "--dest-tls-verify=false",
                    "oci:img:app", "docker://" + f.host() + "/paged:" + tag));
        }
        JsonNode skopeo = f.skopeo("list-tags", "--tls-verify=false", "docker://" + f.host() + "/paged");
        List<String> all = new java.util.ArrayList<>();
        skopeo.get("Tags").forEach(t -> all.add(t.asText()));
        java.util.Collections.sort(all);
        assertEquals(List.of("t1", "t2", "t3", "t4", "t5"), all);
        java.nio.file.Path cfg = stowage.home.resolve("etc/io.stowage.registry.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("\ntags.page=1000\n", "\ntags.page=2\n"));
        assertTrue(Files.readString(cfg).contains("\ntags.page=2\n"));
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            proxy.paginateTags = true;
            assertEquals(all, stowage.ok("registry:tags", proxy.host() + "/paged").lines());
            assertEquals(List.of("GET /v2/paged/tags/list?n=2", "GET /v2/paged/tags/list?last=t2&n=2",
                    "GET /v2/paged/tags/list?last=t4&n=2"), proxy.requests.stream().filter(r -> r.contains("tags/list")).toList());
        }
    }

    @Test
    void aMissingImageIsAnErrorNamingIt() {
        Processes.Result r = stowage.run("registry:inspect", f.ref("nothing:here"));
        assertEquals(1, r.exit());
        assertEquals("Error: inspect " + f.ref("nothing:here") + ": manifest for " + f.ref("nothing:here")
                + ": manifest unknown: manifest unknown\n", r.err());
        assertTrue(stowage.run("registry:tags", f.ref("app:v1")).err().startsWith("Error: a repository has no tag or digest"));
    }
}
