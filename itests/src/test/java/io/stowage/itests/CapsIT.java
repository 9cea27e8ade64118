package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A registry host's caps in {@code etc/io.stowage.registry.host-<name>.cfg}: with {@code rate=8MB}
 * and {@code concurrency=1}, a pull of the 8.4 MB {@code bulk} image (two layers) takes a second
 * or more and fetches one blob at a time (the core's concurrency is 3), and a push to that host
 * is paced too. The cap's accuracy on the benchmark's 805 MB image is measured by the benchmark.
 */
class CapsIT {
    private final Fixture f = Fixture.get();

    @Test
    void aHostsRateAndConcurrencyHoldForPullsAndPushes() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            Stowage s = new Stowage();
            Files.writeString(s.home.resolve("etc/io.stowage.registry.host-capped.cfg"),
                    "host=" + proxy.host() + "\nrate=8MB\nconcurrency=1\n");
            String bulk = proxy.host() + "/bulk:latest";
            try (Running r = new Running(s)) {
                r.type("image:pull " + bulk, "Status: Downloaded newer image for " + bulk);
                Matcher m = Pattern.compile("pull " + Pattern.quote(bulk) + " finished: sha256:[0-9a-f]{64}, (\\d+) bytes downloaded"
                        + " in ([0-9.]+) s").matcher(r.awaitLog("pull " + bulk + " finished"));
                assertTrue(m.find());
                long bytes = Long.parseLong(m.group(1));
                double seconds = Double.parseDouble(m.group(2));
                assertTrue(bytes > 8_000_000, m.group());
                // never faster than the cap (less the 50 ms burst it allows), nor far slower
                assertTrue(seconds >= 0.9 * bytes / 8e6 && seconds < 2.0 * bytes / 8e6, m.group());
                assertEquals(1, proxy.mostBlobsInFlight.get(), "one blob transfer at a time with the host");

                // the push sends its bytes: the registry's offer to mount them from bulk is refused as a registry without access would
                proxy.answer("from=bulk", new FaultProxy.Answer(401, java.util.Map.of(), new byte[0]));
                String copy = proxy.host() + "/capped/bulk:1";
                long start = System.nanoTime();
                r.type("image:tag " + bulk + " " + copy + "\nimage:push " + copy, "digest: sha256:");
                double pushed = (System.nanoTime() - start) / 1e9;
                assertTrue(pushed >= 0.9 * bytes / 8e6, "8.4 MB pushed in " + pushed + " s");
                assertTrue(proxy.requests.stream().filter(q -> q.equals("POST /v2/capped/bulk/blobs/uploads/")).count() == 3,
                        "config and layers uploaded (the registry's Location takes the bytes past the proxy): " + proxy.requests);
            }
        }
    }
}
