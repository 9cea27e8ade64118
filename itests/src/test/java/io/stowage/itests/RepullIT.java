package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rate-limit friendly re-pulls, counted by a {@link FaultProxy} (with no faults) in front of the
 * real registry: a tag that still names the stored digest costs the {@code /v2/} handshake and
 * one manifest {@code HEAD}, and no manifest or blob is fetched.
 */
class RepullIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    @Test
    void aTagThatHasNotMovedCostsOneHead() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String ref = proxy.host() + "/app:latest";
            stowage.ok("image:pull", ref);
            proxy.requests.clear();

            Processes.Result again = stowage.ok("image:pull", ref);
            assertTrue(again.out().contains("Status: Image is up to date for " + ref), again.toString());
            assertEquals(List.of("GET /v2/", "HEAD /v2/app/manifests/latest"), proxy.requests);
        }
    }

    @Test
    void aTagThatNamesAnotherDigestIsFetched() throws Exception {
        try (FaultProxy proxy = new FaultProxy(f.host())) {
            String ref = proxy.host() + "/app:latest";
            stowage.ok("image:pull", ref);
            stowage.ok("image:tag", ref, proxy.host() + "/other:latest"); // the store's other:latest is app's image
            proxy.requests.clear();

            Processes.Result pull = stowage.ok("image:pull", proxy.host() + "/other:latest");
            assertTrue(pull.out().contains("Downloaded newer image for " + proxy.host() + "/other:latest"), pull.toString());
            assertTrue(proxy.requests.contains("HEAD /v2/other/manifests/latest"), proxy.requests.toString());
            assertTrue(proxy.requests.contains("GET /v2/other/manifests/latest"), proxy.requests.toString());
        }
    }
}
