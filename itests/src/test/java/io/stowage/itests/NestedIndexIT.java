package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An index that names an index, as the image spec allows and containerd follows: the real
 * registry holds {@code multi}'s index under {@code nested:inner} and an index naming it under
 * {@code nested:outer}; the platform's image is found two indexes down.
 */
class NestedIndexIT {
    private final Fixture f = Fixture.get();

    private String outer() throws Exception {
        Processes.check(f.work, Map.of(), List.of("skopeo", "copy", "-q", "--all", "--src-tls-verify=false",
                "--dest-tls-verify=false", "docker://" + f.ref("multi:latest"), "docker://" + f.ref("nested:inner")));
        byte[] inner = f.rawManifest("nested:inner");
        byte[] outer = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + Fixture.sha256(inner)
                + "\",\"size\":" + inner.length + "}]}").getBytes(StandardCharsets.UTF_8);
        HttpURLConnection put = (HttpURLConnection) URI.create("http://" + f.host() + "/v2/nested/manifests/outer").toURL()
                .openConnection();
        put.setRequestMethod("PUT");
        put.setDoOutput(true);
        put.setRequestProperty("Content-Type", "application/vnd.oci.image.index.v1+json");
        try (OutputStream out = put.getOutputStream()) {
            out.write(outer);
        }
        assertEquals(201, put.getResponseCode());
        return f.ref("nested:outer");
    }

    @Test
    void thePlatformsImageIsFoundInAnIndexOfAnIndex() throws Exception {
        String ref = outer();
        Stowage amd = new Stowage();
        amd.ok("image:pull", ref);
        assertEquals(Fixture.sha256(f.rawConfig("other:latest")) + "\n", amd.ok("image:inspect", "-f", "{{.Id}}", ref).out());

        Stowage arm = new Stowage();
        arm.ok("image:pull", "--platform", "linux/arm64/v8", ref);
        assertEquals("arm64\n", arm.ok("image:inspect", "-f", "{{.Architecture}}", ref).out());

        Processes.Result none = new Stowage().run("image:pull", "--platform", "linux/s390x", ref);
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().endsWith("no matching manifest for linux/s390x in the manifest list entries "
                + "(available: linux/amd64, linux/arm64/v8)\n"), none.err());
    }
}
