package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime contract: etc/ is read, never written; deploy/ takes bundles while running. */
class RuntimeIT {
    private final Stowage stowage = new Stowage();

    @Test
    void runsNeverRewriteTheConfigurationInEtc() throws IOException {
        Map<String, String> before = etc();
        stowage.ok("image:ls");
        stowage.ok("container:ls");
        stowage.run("image:inspect", "nothing");
        assertEquals(before, etc());
        assertTrue(before.get("io.stowage.core.cfg").contains("store.target=(stowage.store=fs)"), before.toString());
    }

    @Test
    void aBundleDroppedIntoDeployIsInstalledAndStarted() throws IOException {
        Path jar = stowage.home.resolve("deploy/hello.jar");
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "io.stowage.itests.hello");
        a.putValue("Bundle-Version", "1.2.3");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        Path input = Files.writeString(stowage.data.resolveSibling("deploy-input.txt"), "sleep 3\nlb\n");
        Processes.Result r = Processes.run(stowage.home, Map.of("STOWAGE_DATA", stowage.data.toString()),
                List.of("sh", "-c", stowage.home.resolve("bin/stowage") + " < " + input));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches(".*\\|Active +\\|.*io.stowage.itests.hello.*|1.2.3")), r.toString());
        assertEquals("", r.err(), r.toString());
    }

    /**
     * A one-shot command runs only once every bundle has started and its configuration is
     * applied: it never meets a missing transport. (A launcher that let the command start early
     * failed here about one run in ten.)
     */
    @Test
    void oneShotCommandsAlwaysFindTheTransport() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        for (int i = 0; i < 15; i++) {
            Processes.Result r = stowage.run("image:pull", "127.0.0.1:" + port + "/app");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("registry 127.0.0.1:" + port + " unavailable"), "run " + i + ": " + r);
        }
    }

    @Test
    void theStoreIsChosenByConfiguration() throws IOException {
        Fixture f = Fixture.get();
        Files.writeString(stowage.home.resolve("etc/io.stowage.core.cfg"), "store.target=(stowage.store=memory)\nconcurrency=1\n");
        Path input = Files.writeString(stowage.data.resolveSibling("memory-input.txt"),
                "image:pull " + f.ref("app:latest") + "\nimage:ls\n");
        Processes.Result r = Processes.run(stowage.home, Map.of("STOWAGE_DATA", stowage.data.toString()),
                List.of("sh", "-c", stowage.home.resolve("bin/stowage") + " < " + input));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Status: Downloaded newer image for " + f.ref("app:latest")), r.toString());
        assertTrue(r.out().contains(f.ref("app") + "   latest"), r.toString());
        assertEquals(List.of(), stowage.files());
        assertEquals(1, stowage.ok("image:ls").lines().size());
    }

    private Map<String, String> etc() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(stowage.home.resolve("etc"))) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return files;
    }
}
