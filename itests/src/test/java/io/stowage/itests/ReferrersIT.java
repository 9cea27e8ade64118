package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.transport.tests.Distribution;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code registry:referrers}: an SBOM that refers to an image (an OCI 1.1 artifact with a
 * {@code subject}), uploaded by the distribution API. Debian's registry 2.8 has no Referrers API,
 * so its list is the tag schema's {@code sha256-<hex>} index, as ORAS and cosign keep it there;
 * the API is a proxy in front of the same registry that answers it, with pages, and lies.
 */
class ReferrersIT {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String SPDX = "application/spdx+json";
    private static final Fixture F = Fixture.get();
    private static String subject;
    private static String sbom;
    private static byte[] tagIndex;
    private final Stowage stowage = new Stowage();

    @BeforeAll
    static void pushAnImageAndItsSbom() throws Exception {
        Processes.check(F.work, Map.of(), List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + F.ref("app:latest"), "docker://" + F.ref("signed/app:latest")));
        byte[] subjectManifest = F.rawManifest("signed/app:latest");
        subject = Fixture.sha256(subjectManifest);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] spdx = "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"app\"}".getBytes(StandardCharsets.UTF_8);
        Distribution.blob(F.host(), "signed/app", empty);
        Distribution.blob(F.host(), "signed/app", spdx);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + SPDX + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + Fixture.sha256(empty) + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + SPDX + "\",\"digest\":\"" + Fixture.sha256(spdx) + "\",\"size\":" + spdx.length + "}],"
                + "\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectManifest.length + "},"
                + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-12-01T00:00:00Z\"}}").getBytes(StandardCharsets.UTF_8);
        sbom = Distribution.manifest(F.host(), "signed/app", Fixture.sha256(manifest), OCI_MANIFEST, manifest);
        tagIndex = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + sbom + "\",\"size\":" + manifest.length + ",\"artifactType\":\"" + SPDX + "\","
                + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-12-01T00:00:00Z\"}}]}").getBytes(StandardCharsets.UTF_8);
        Distribution.manifest(F.host(), "signed/app", "sha256-" + subject.substring(7), OCI_INDEX, tagIndex);
        assertArrayEquals(tagIndex, F.rawManifest("signed/app:sha256-" + subject.substring(7)), "skopeo reads the tag as written");
    }

    @Test
    void withoutTheApiTheTagSchemaListsThem() {
        String ref = F.ref("signed/app:latest");
        List<String> table = stowage.ok("registry:referrers", ref).lines();
        assertEquals(2, table.size(), table.toString());
        assertTrue(table.get(0).matches("DIGEST +ARTIFACT TYPE +SIZE +ANNOTATIONS"), table.get(0));
        assertTrue(table.get(1).matches(sbom + " +" + SPDX.replace("+", "\\+") + " +\\d+ +org.opencontainers.image.created=2026-12-01T00:00:00Z"),
                table.get(1));
        assertEquals(table, stowage.ok("registry:referrers", F.ref("signed/app@" + subject)).lines(), "by digest too");

        JsonNode json = Fixture.json(stowage.ok("registry:referrers", "--format", "json", ref).out());
        assertEquals(Fixture.json(tagIndex), json, "the list as an OCI index: the tag's own");
        assertEquals(1, stowage.ok("registry:referrers", "--artifact-type", "application/vnd.dev.cosign.artifact.sig.v1+json", ref)
                .lines().size(), "none of that type: the header alone");
        assertEquals(1, stowage.ok("registry:referrers", F.ref("other:latest")).lines().size(), "an image nothing refers to");

        Processes.Result all = stowage.run("image:pull", "-a", F.ref("signed/app"));
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.err().startsWith("WARNING: skipped sha256-" + subject.substring(7) + ": "), "the referrers tag is no image: " + all);
        assertEquals(1, stowage.ok("image:ls", "-q").lines().size());
    }

    @Test
    void theApiIsReadPageByPageAndALyingOneIsRefused() throws Exception {
        try (FaultProxy proxy = new FaultProxy(F.host())) {
            String path = "/v2/signed/app/referrers/" + subject;
            String entry = "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + sbom + "\",\"size\":10,\"artifactType\":\"%s\"}";
            proxy.answer(path, new FaultProxy.Answer(200, Map.of("Content-Type", OCI_INDEX, "Link", "<" + path + "?last=1>; rel=\"next\""),
                    ("{\"schemaVersion\":2,\"manifests\":[" + String.format(entry, SPDX) + "]}").getBytes(StandardCharsets.UTF_8)));
            proxy.answer(path + "?last=1", new FaultProxy.Answer(200, Map.of("Content-Type", OCI_INDEX),
                    ("{\"schemaVersion\":2,\"manifests\":[" + String.format(entry, "application/x-\\u001b]0;owned\\u0007") + "]}")
                            .getBytes(StandardCharsets.UTF_8)));
            String ref = proxy.host() + "/signed/app:latest";
            Processes.Result r = stowage.ok("registry:referrers", ref);
            assertEquals(3, r.lines().size(), r.toString());
            assertTrue(r.lines().get(1).contains(SPDX) && r.lines().get(2).contains("application/x-\\x1b]0;owned\\x07"), r.out());
            assertFalse(r.out().contains("\u001b") || r.out().contains("\u0007"), "nothing acts on the terminal: " + r.out());
            String json = stowage.ok("registry:referrers", "--format", "json", ref).out();
            assertTrue(json.contains("application/x-\\u001B]0;owned\\u0007") && !json.contains("\u001b"), json);
            assertTrue(proxy.requests.stream().anyMatch(q -> q.equals("GET " + path + "?last=1 answered")), proxy.requests.toString());

            proxy.answer(path + "?last=1", new FaultProxy.Answer(200, Map.of("Content-Type", OCI_INDEX, "Link",
                    "<" + path + "?last=1>; rel=\"next\""), ("{\"schemaVersion\":2,\"manifests\":[" + String.format(entry, SPDX) + "]}")
                    .getBytes(StandardCharsets.UTF_8)));
            Processes.Result loop = stowage.run("registry:referrers", ref);
            assertEquals(1, loop.exit(), loop.toString());
            assertEquals("Error: referrers of " + ref + ": Referrers API answer for " + subject
                    + ": the registry's next page " + path + "?last=1 was read before\n", loop.err());
        }
    }
}
