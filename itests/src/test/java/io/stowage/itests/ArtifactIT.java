package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.transport.tests.Distribution;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An OCI 1.1 artifact in the real registry, pushed through the distribution API as ORAS or
 * Helm push one (a chart's config and content): {@code image:pull} of it fails with one line
 * that says what it is, and stores nothing; the same with {@code artifactType} declared.
 */
class ArtifactIT {
    private static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void anArtifactIsNamedForWhatItIsAndNothingIsStored() throws Exception {
        byte[] config = "{\"name\":\"pump\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\"}".getBytes(StandardCharsets.UTF_8);
        byte[] chart = "not really a chart, but bytes of one".getBytes(StandardCharsets.UTF_8);
        push("charts/pump", config);
        push("charts/pump", chart);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"" + HELM_CONFIG + "\",\"digest\":\"" + Fixture.sha256(config) + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\","
                + "\"digest\":\"" + Fixture.sha256(chart) + "\",\"size\":" + chart.length + "}]}";
        String digest = putManifest("charts/pump", "1.0.0", manifest);

        String ref = f.ref("charts/pump:1.0.0");
        Processes.Result pull = stowage.run("image:pull", ref);
        assertEquals(1, pull.exit());
        assertEquals("Error: pull " + ref + ": manifest " + digest + " is an artifact of type " + HELM_CONFIG
                + ", not a container image\n", pull.err());
        assertEquals(List.of(), stowage.files().stream().filter(p -> p.startsWith("blobs/")).toList(), "nothing stored");

        String declared = manifest.replace("\"config\":", "\"artifactType\":\"application/vnd.example.firmware.v1\",\"config\":");
        String declaredDigest = putManifest("charts/pump", "fw", declared);
        Processes.Result fw = stowage.run("image:pull", f.ref("charts/pump:fw"));
        assertEquals("Error: pull " + f.ref("charts/pump:fw") + ": manifest " + declaredDigest
                + " is an artifact of type application/vnd.example.firmware.v1, not a container image\n", fw.err());

        // -a pulls the repository's images and skips, one line each, the tags that hold none
        Processes.check(stowage.home, java.util.Map.of(), List.of("skopeo", "copy", "-q", "--src-tls-verify=false",
                "--dest-tls-verify=false", "docker://" + f.ref("other:latest"), "docker://" + f.ref("charts/pump:image")));
        Processes.Result all = stowage.run("image:pull", "-a", f.ref("charts/pump"));
        assertEquals(0, all.exit(), all.toString());
        assertEquals(List.of("WARNING: skipped 1.0.0: pull " + ref + ": manifest " + digest + " is an artifact of type "
                + HELM_CONFIG + ", not a container image", "WARNING: skipped fw: pull " + f.ref("charts/pump:fw") + ": manifest "
                + declaredDigest + " is an artifact of type application/vnd.example.firmware.v1, not a container image"),
                all.err().lines().sorted().toList());
        assertEquals(Fixture.sha256(f.rawConfig("other:latest")) + "\n",
                stowage.ok("image:inspect", "-f", "{{.Id}}", f.ref("charts/pump:image")).out());
    }

    private void push(String repository, byte[] blob) throws Exception {
        Distribution.blob(f.host(), repository, blob);
    }

    private String putManifest(String repository, String tag, String manifest) throws Exception {
        return Distribution.manifest(f.host(), repository, tag, "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
    }
}
