package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code stowage:health} from the one-shot CLI, as a monitor runs it: OK on a fresh store; WARN
 * naming the registry whose last pull failed, and why (exit 1), whichever process pulled; OK
 * again once a pull from it succeeds. A damaged record of the pulls is started afresh.
 */
class HealthIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void theLastPullFromEachRegistryDecidesItsHealth() throws IOException {
        // the machine's free space is not this test's subject: the store's check warns at no share of it
        Files.writeString(stowage.home.resolve("etc/io.stowage.store.fs.cfg"), "health.free.warn=0\n");
        Processes.Result fresh = stowage.ok("stowage:health");
        assertTrue(fresh.out().contains("Stowage pulls: OK\n  OK        no pull recorded yet\n"), fresh.out());
        assertTrue(fresh.out().matches("(?s).*Stowage store: OK\n  OK +\\S+ is writable\n  OK +\\S+: [0-9.]+ GB free of [0-9.]+ GB \\(\\d+%\\)\n.*"),
                fresh.out());

        String nobody = "127.0.0.1:" + closedPort();
        assertEquals(1, stowage.run("image:pull", nobody + "/app").exit());
        stowage.ok("image:pull", f.ref("app:latest"));
        Processes.Result warn = stowage.run("stowage:health");
        assertEquals(1, warn.exit(), warn.toString());
        assertTrue(warn.out().contains("Stowage pulls: WARN\n"), warn.out());
        assertTrue(warn.out().contains("  OK        " + f.host() + ": last pull succeeded at "), warn.out());
        assertTrue(warn.out().matches("(?s).*  WARN      " + nobody + ": last pull failed at \\S+: pull " + nobody
                + "/app:latest: registry " + nobody + " unavailable: Connection refused \\(tried 5 times\\)\n.*"), warn.out());
        assertEquals("Error: not healthy: Stowage pulls (WARN)\n", warn.err());

        // a damaged record (or a hostile one) is not believed, nor does it break the command
        Files.writeString(stowage.data.resolve("health/pulls.json"), "{\"evil\u001b[2J\": \"x\", broken");
        Processes.Result afresh = stowage.ok("stowage:health");
        assertTrue(afresh.out().contains("no pull recorded yet"), afresh.out());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
