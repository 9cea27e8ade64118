package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pull progress: on a terminal (a pseudo-terminal from util-linux's {@code script}) the layer lines
 * are redrawn in place with Docker's states and bars; into a pipe the output is plain lines.
 */
class ProgressIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void aTerminalSeesLiveLayerLines() {
        String ref = f.ref("big:latest");
        Processes.Result r = Processes.run(stowage.home, Map.of("STOWAGE_DATA", stowage.data.toString()),
                List.of("script", "-qec", stowage.home.resolve("bin/stowage") + " image:pull " + ref, "/dev/null"));
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        assertTrue(out.contains("\u001b[2K"), "redrawn in place: " + out);
        assertTrue(out.contains(": Downloading [") && out.contains(": Verifying Checksum") && out.contains(": Download complete"), out);
        for (var layer : f.inspect("big:latest").get("Layers")) {
            assertTrue(out.contains(layer.asText().substring(7, 19) + ": Pull complete"), out);
        }
        assertTrue(out.contains("Status: Downloaded newer image for " + ref), out);
    }

    /**
     * Inside the shell on a terminal, a pull whose output goes to a file (or a pipe) writes plain
     * lines there, while the same pull on the terminal is redrawn: the command's own output decides.
     */
    @Test
    void inTheShellAPullRedirectedToAFileWritesPlainLines() throws Exception {
        String ref = f.ref("big:latest");
        java.nio.file.Path file = stowage.data.resolveSibling("pull.out");
        String typed = "image:pull " + ref + " > " + file + "\nimage:rm " + ref + "\nimage:pull " + ref + "\nstop 0\n";
        Processes.Result r = stowage.shell(typed);
        assertEquals(0, r.exit(), r.toString());
        String redirected = java.nio.file.Files.readString(file);
        assertTrue(redirected.contains("Status: Downloaded newer image for " + ref), redirected);
        assertFalse(redirected.chars().anyMatch(c -> c < 0x20 && c != '\n'), "plain lines: " + redirected);
        assertTrue(r.out().contains("\u001b[2K") && r.out().contains(": Downloading ["), "redrawn on the terminal: " + r.out());
    }

    /**
     * Ctrl-C in the shell stops a pull that is blocked reading a registry that trickles, and
     * leaves nothing held: the next pull of the same layers, in the same shell, goes through, the
     * store verifies, and the cancelled pull's lease is gone (a lease file left behind is one its
     * pull never closed).
     */
    @Test
    void ctrlCCancelsAPullAndReleasesWhatItHeld() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String layer = f.inspect("big:latest").get("Layers").get(0).asText();
            proxy.fail(layer, FaultProxy.Fault.trickle(20));
            String slow = proxy.host() + "/big:latest";
            String direct = f.ref("big:latest");
            // Ctrl-C is typed once the trickled layer has been asked for (plus a second), not after a
            // fixed time: a slow start must not let it reach the shell before the pull has begun.
            java.nio.file.Path begun = stowage.data.resolveSibling("pull-begun");
            Thread watcher = new Thread(() -> {
                try {
                    while (proxy.requests.stream().noneMatch(q -> q.contains(layer))) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(1000);
                    java.nio.file.Files.writeString(begun, "");
                } catch (InterruptedException | java.io.IOException e) {
                    // the test ends
                }
            });
            watcher.setDaemon(true);
            watcher.start();
            java.nio.file.Path script = java.nio.file.Files.writeString(stowage.data.resolveSibling("typing.sh"),
                    "sleep 6; printf 'image:pull " + slow + "\\n'; i=0; while [ ! -e " + begun + " ] && [ $i -lt 600 ]; do sleep 0.1;"
                            + " i=$((i+1)); done; printf '\\003'; sleep 2; printf 'image:pull " + direct
                            + "\\nstore:verify\\nstop 0\\n'; sleep 15\n");
            Processes.Result r = Processes.run(stowage.home, Map.of("STOWAGE_DATA", stowage.data.toString()), List.of("sh", "-c",
                    "sh " + script + " | script -qfec " + stowage.home.resolve("bin/stowage") + " /dev/null"));
            watcher.interrupt();
            String out = r.out().replace("\r", "");
            assertTrue(out.contains("java.lang.InterruptedException"), "the shell saw the pull end: " + out);
            assertTrue(out.contains("Error: pull " + slow + ": cancelled (what was received is kept for the next pull)"),
                    "the pull said it was cancelled: " + out);
            assertTrue(out.contains("Status: Downloaded newer image for " + direct), out);
            assertTrue(out.contains("Checked 5 blobs: 0 corrupt, 0 orphaned, 0 incomplete images"), out);
            assertEquals(List.of(), stowage.files().stream().filter(p -> p.startsWith("leases/") || p.startsWith("ingest/")).toList());
        }
    }

    @Test
    void aPipeSeesPlainLines() {
        String out = stowage.ok("image:pull", f.ref("big:latest")).out();
        assertFalse(out.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control characters: " + out);
        assertFalse(out.contains("Downloading"), out);
    }
}
