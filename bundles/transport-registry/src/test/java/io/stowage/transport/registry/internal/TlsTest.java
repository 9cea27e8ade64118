package io.stowage.transport.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry's own TLS settings, against an in-process HTTPS registry whose certificates openssl
 * makes here: a CA bundle trusts it, and the host name is checked for pulls and pushes alike (a
 * certificate for another name is refused, at once and without a retry); skip.verify accepts
 * anything; files that are not what they should be are errors naming the file.
 */
class TlsTest {
    @TempDir
    static Path certs;

    private HttpsServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void makeCertificates() throws Exception {
        String script = """
                set -e
                cd "$1"
                openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=tls-test-ca 2>/dev/null
                for name in right wrong; do
                  openssl req -newkey rsa:2048 -nodes -keyout $name.key -out $name.csr -subj /CN=$name 2>/dev/null
                  if [ $name = right ]; then echo 'subjectAltName=IP:127.0.0.1' > $name.ext; else echo 'subjectAltName=DNS:elsewhere.example' > $name.ext; fi
                  openssl x509 -req -in $name.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $name.crt -days 2 -extfile $name.ext 2>/dev/null
                  openssl pkcs12 -export -in $name.crt -inkey $name.key -out $name.p12 -passout pass:test
                done
                """;
        Process p = new ProcessBuilder("sh", "-c", script, "sh", certs.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** An HTTPS registry presenting {@code name}'s certificate: /v2/ answers, uploads are taken, the rest is 404. */
    private String serve(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.resolve(name + ".p12"))) {
            ks.load(in, "test".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            int status = path.equals("/v2/") ? 200 : path.equals("/v2/app/blobs/uploads/") ? 202
                    : ex.getRequestMethod().equals("PATCH") ? 202 : ex.getRequestMethod().equals("PUT") ? 201 : 404;
            if (status == 202) {
                ex.getResponseHeaders().set("Location", "/v2/app/blobs/uploads/u1");
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static RegistryClient client(String host, Tls tls) {
        Endpoint endpoint = new Endpoint(host, "https", host, tls);
        RegistryClient c = new RegistryClient(endpoint, "app", null, 2000, 2000,
                new Retry(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30)), new TokenCache(Clock.systemUTC()), "pull,push");
        c.handshake(3);
        return c;
    }

    private static Tls trusting(String host) {
        return Tls.of(host, false, certs.resolve("ca.crt").toString(), "", "");
    }

    @Test
    void aCaBundleTrustsTheRegistryForPullsAndChunkedPushes() throws Exception {
        String host = serve("right");
        byte[] blob = "0123456789".getBytes(StandardCharsets.US_ASCII);
        try (RegistryDestination d = new RegistryDestination(client(host, trusting(host)), 4)) {
            d.put(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.of(blob), blob.length), new ByteArrayInputStream(blob));
        }
        assertEquals(List.of("GET /v2/", "POST /v2/app/blobs/uploads/", "PATCH /v2/app/blobs/uploads/u1",
                "PATCH /v2/app/blobs/uploads/u1", "PATCH /v2/app/blobs/uploads/u1"), requests.subList(0, 5));
    }

    @Test
    void aCertificateForAnotherNameIsRefusedOnceWithoutAnyRequest() throws Exception {
        String host = serve("wrong");
        StowageException e = assertThrows(StowageException.class, () -> client(host, trusting(host)));
        assertEquals(Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().startsWith("registry " + host + " unavailable: ") && e.getMessage().contains("127.0.0.1"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("tried"), "not tried again: " + e.getMessage());
        assertEquals(List.of(), requests);
    }

    @Test
    void withoutTheCaTheRegistryIsNotTrusted() throws Exception {
        String host = serve("right");
        StowageException e = assertThrows(StowageException.class, () -> client(host, null));
        assertTrue(e.getMessage().contains("PKIX"), e.getMessage());
        assertEquals(List.of(), requests);
    }

    @Test
    void skipVerifyAcceptsAnyCertificate() throws Exception {
        String host = serve("wrong");
        assertNotNull(client(host, Tls.of(host, true, "", "", "")));
        assertEquals(List.of("GET /v2/"), requests);
    }

    @Test
    void filesThatAreNotCertificatesOrKeysAreErrorsNamingThem() throws Exception {
        Path notACert = Files.writeString(certs.resolve("not-a-cert.pem"), "hello\n");
        StowageException e = assertThrows(StowageException.class, () -> Tls.of("r.example", false, notACert.toString(), "", ""));
        assertTrue(e.getMessage().startsWith("registry host r.example: ") && e.getMessage().contains(notACert.toString()), e.getMessage());
        e = assertThrows(StowageException.class, () -> Tls.of("r.example", false, "", certs.resolve("right.crt").toString(), ""));
        assertEquals("registry host r.example: client.cert needs client.key", e.getMessage());
        Path rsaKey = Files.writeString(certs.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        e = assertThrows(StowageException.class, () -> Tls.of("r.example", false, "", certs.resolve("right.crt").toString(), rsaKey.toString()));
        assertEquals("registry host r.example: " + rsaKey + ": not a PKCS#8 private key (BEGIN PRIVATE KEY); convert it with openssl pkcs8 -topk8 -nocrypt",
                e.getMessage());
        assertNotNull(Tls.of("r.example", false, "", certs.resolve("right.crt").toString(), certs.resolve("right.key").toString()),
                "openssl's key (PKCS#8) is read");
    }
}
