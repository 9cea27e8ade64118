package io.stowage.snapshots.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.ContainerConfig;
import io.stowage.api.CreateOptions;
import io.stowage.api.StowageException;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime configuration made from an image config: Docker's rules for the process, runc's defaults for the rest. */
class RuntimeSpecTest {
    @TempDir
    Path rootfs;

    private static ContainerConfig config(String user, List<String> env, List<String> entrypoint, List<String> cmd, String dir) {
        return new ContainerConfig(user, null, env, entrypoint, cmd, null, dir, Map.of(), null);
    }

    private JsonNode spec(ContainerConfig c) {
        return OciJson.tree(RuntimeSpec.of(c, rootfs), "config.json");
    }

    @Test
    void entrypointThenCmdEnvWithAPathAndTheWorkingDirectory() {
        JsonNode s = spec(config(null, List.of("A=1"), List.of("/bin/app", "--serve"), List.of("--port", "80"), "/srv"));
        assertEquals("[\"/bin/app\",\"--serve\",\"--port\",\"80\"]", s.at("/process/args").toString());
        assertEquals("[\"" + RuntimeSpec.DEFAULT_PATH + "\",\"A=1\"]", s.at("/process/env").toString());
        assertEquals("/srv", s.at("/process/cwd").asText());
        assertEquals("rootfs", s.at("/root/path").asText());
        assertEquals(0, s.at("/process/user/uid").asInt());
        assertTrue(s.at("/process/noNewPrivileges").asBoolean());
        assertEquals("[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]", s.at("/process/capabilities/bounding").toString());
        assertEquals(6, s.at("/linux/namespaces").size());
        JsonNode own = spec(config(null, List.of("PATH=/opt/bin"), null, List.of("x"), null));
        assertEquals("[\"PATH=/opt/bin\"]", own.at("/process/env").toString(), "the image's own PATH, no default");
        assertEquals("/", own.at("/process/cwd").asText());
    }

    @Test
    void usersByNumberOrByNameFromTheImagesFiles() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
        assertArrayEquals(new int[] {1000, 1001}, RuntimeSpec.user("app", rootfs));
        assertArrayEquals(new int[] {1000, 50}, RuntimeSpec.user("app:staff", rootfs));
        assertArrayEquals(new int[] {1000, 1001}, RuntimeSpec.user("1000", rootfs), "a number's group from passwd");
        assertArrayEquals(new int[] {7, 8}, RuntimeSpec.user("7:8", rootfs));
        assertArrayEquals(new int[] {0, 0}, RuntimeSpec.user("", rootfs));
        assertEquals("user \"nobody\" is not in the image's /etc/passwd",
                assertThrows(StowageException.class, () -> RuntimeSpec.user("nobody", rootfs)).getMessage());
        assertEquals("group \"wheel\" is not in the image's /etc/group",
                assertThrows(StowageException.class, () -> RuntimeSpec.user("app:wheel", rootfs)).getMessage());
    }

    @Test
    void aPasswdLinkedOutOfTheRootIsNotRead() throws IOException {
        Path outside = Files.createTempFile("passwd", "");
        Files.writeString(outside, "evil:x:4242:4242::/:/bin/sh\n");
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../../../../.." + outside));
        assertThrows(StowageException.class, () -> RuntimeSpec.user("evil", rootfs), "the host's file is not the image's");
        Files.delete(outside);
    }

    @Test
    void dockerCreatesOverridesEntrypointCommandEnvAndMounts() {
        ContainerConfig image = config(null, List.of("A=1", "B=2"), List.of("/bin/app"), List.of("--serve"), null);
        JsonNode args = OciJson.tree(RuntimeSpec.of(image, rootfs, new CreateOptions(List.of(), null, List.of("--check"), List.of())), "c");
        assertEquals("[\"/bin/app\",\"--check\"]", args.at("/process/args").toString(), "arguments replace the cmd");
        JsonNode entry = OciJson.tree(RuntimeSpec.of(image, rootfs, new CreateOptions(List.of(), List.of("/bin/sh"), List.of(), List.of())), "c");
        assertEquals("[\"/bin/sh\"]", entry.at("/process/args").toString(), "an entrypoint given drops the image's cmd");
        JsonNode env = OciJson.tree(RuntimeSpec.of(image, rootfs, new CreateOptions(List.of("B=3", "C=4", "NO_SUCH_VARIABLE_HERE"), null,
                List.of(), List.of())), "c");
        assertEquals("[\"" + RuntimeSpec.DEFAULT_PATH + "\",\"A=1\",\"B=3\",\"C=4\"]", env.at("/process/env").toString(),
                "B replaced in place, C added, an unset bare name left out");
        JsonNode mounts = OciJson.tree(RuntimeSpec.of(image, rootfs, new CreateOptions(List.of(), null, List.of(),
                List.of("type=tmpfs,target=/scratch"))), "c");
        JsonNode last = mounts.at("/mounts").get(mounts.at("/mounts").size() - 1);
        assertEquals("/scratch", last.path("destination").asText(), "the given mount after runc's defaults");
        assertThrows(StowageException.class, () -> RuntimeSpec.of(image, rootfs, new CreateOptions(List.of("=x"), null, List.of(), List.of())));
    }
}
