package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registries with TLS from a CA made in the test: reached with the host's CA bundle, refused
 * without it, reached without verification only when configured so, and with mutual TLS only
 * when given the client certificate.
 */
class TlsIT {
    private final Fixture f = Fixture.get();
    private final Stowage stowage = new Stowage();

    private Registry tlsRegistry(TestCa ca, boolean clientCertificates) throws Exception {
        Registry r = new Registry(f.work.resolve("tls-" + System.nanoTime()), null, null, null,
                new Registry.Tls(ca.file("server.crt"), ca.file("server.key"), clientCertificates ? ca.file("ca.crt") : null));
        Path certs = Files.createDirectories(r.root.resolve("certs.d"));
        Files.copy(ca.file("ca.crt"), certs.resolve("ca.crt"));
        Files.copy(ca.file("client.crt"), certs.resolve("client.cert"));
        Files.copy(ca.file("client.key"), certs.resolve("client.key"));
        Processes.check(f.work.resolve("images"), Map.of(), List.of("skopeo", "copy", "-q", "--dest-cert-dir", certs.toString(),
                "oci:img:app", "docker://" + r.host() + "/app:latest"));
        return r;
    }

    private void hostConfig(Registry r, String settings) throws Exception {
        Files.writeString(stowage.home.resolve("etc/io.stowage.registry.host-tls.cfg"), "host=" + r.host() + "\n" + settings);
    }

    private void pulls(String ref) {
        Processes.Result r = stowage.ok("image:pull", ref);
        assertTrue(r.out().contains("Downloaded newer image for " + ref), r.toString());
    }

    /** A pull of app:latest from {@code registry} that fails at the handshake, in one line; returns it. */
    private String fails(Registry registry) {
        String ref = registry.host() + "/app:latest";
        Processes.Result r = stowage.run("image:pull", ref);
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().startsWith("Error: pull " + ref + ": registry " + registry.host() + " unavailable: "), r.err());
        return r.err();
    }

    @Test
    void aRegistryWithItsOwnCaIsReachedWithItsBundleOnly() throws Exception {
        TestCa ca = new TestCa(f.work.resolve("ca-" + System.nanoTime()));
        TestCa other = new TestCa(f.work.resolve("other-ca-" + System.nanoTime()));
        try (Registry r = tlsRegistry(ca, false)) {
            String ref = r.host() + "/app:latest";
            hostConfig(r, "ca.file=" + other.file("ca.crt") + "\n");
            String refused = fails(r);
            assertTrue(refused.contains("PKIX path") || refused.contains("certificate"), refused);

            hostConfig(r, "ca.file=" + ca.file("ca.crt") + "\n");
            pulls(ref);
        }
    }

    @Test
    void skipVerifyReachesItWithoutTheCa() throws Exception {
        try (Registry r = tlsRegistry(new TestCa(f.work.resolve("ca-" + System.nanoTime())), false)) {
            hostConfig(r, "skip.verify=true\n");
            pulls(r.host() + "/app:latest");
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        TestCa ca = new TestCa(f.work.resolve("ca-" + System.nanoTime()));
        try (Registry r = tlsRegistry(ca, true)) {
            String ref = r.host() + "/app:latest";
            hostConfig(r, "ca.file=" + ca.file("ca.crt") + "\n");
            fails(r);

            hostConfig(r, "ca.file=" + ca.file("ca.crt") + "\nclient.cert=" + ca.file("client.crt") + "\nclient.key="
                    + ca.file("client.key") + "\n");
            pulls(ref);
        }
    }
}
