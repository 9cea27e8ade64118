package io.stowage.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running Stowage (its shell in the background, as an appliance runs it) whose registry server
 * listens on a free loopback port, configured by {@code etc/io.stowage.server.cfg} with the lines
 * given; stopped with {@code stop 0} on close.
 */
final class Served implements AutoCloseable {

    final Stowage stowage;
    /** {@code 127.0.0.1:<port>} */
    final String host;
    final String scheme;
    private final Process running;
    private final HttpClient http;

    private Served(Stowage stowage, String host, TestCa ca, Process running) throws Exception {
        this.stowage = stowage;
        this.host = host;
        this.scheme = ca == null ? "http" : "https";
        this.running = running;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(ca.file("ca.crt"))) {
                trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            javax.net.ssl.TrustManagerFactory tm = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tm.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, tm.getTrustManagers(), null);
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    /** Serves {@code stowage}'s store; {@code config}: further lines of the server's configuration. */
    static Served start(Stowage stowage, String config) throws Exception {
        return start(stowage, config, null);
    }

    /** As {@link #start(Stowage, String)}; over HTTPS with {@code ca}'s server certificate when {@code ca} is not null. */
    static Served start(Stowage stowage, String config, TestCa ca) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        Files.writeString(stowage.home.resolve("etc/io.stowage.server.cfg"),
                "enabled=true\naddress=127.0.0.1\nport=" + port + "\nstore.target=(stowage.store=fs)\npage.max=1000\n" + config
                        + (ca == null ? "" : "tls.certificate=" + ca.file("server.crt") + "\ntls.key=" + ca.file("server.key") + "\n"));
        ProcessBuilder pb = new ProcessBuilder(stowage.home.resolve("bin/stowage").toString())
                .redirectOutput(stowage.home.resolve("shell.out").toFile()).redirectErrorStream(true);
        pb.environment().put("STOWAGE_DATA", stowage.data.toString());
        Served served = new Served(stowage, host, ca, pb.start());
        served.awaitListening();
        return served;
    }

    /**
     * Runs {@code stowage} with the server configured by {@code config} (whole) until its log
     * holds {@code expected} (60 s at most); returns the log.
     */
    static String logOf(Stowage stowage, String config, String expected) throws Exception {
        Files.writeString(stowage.home.resolve("etc/io.stowage.server.cfg"), config);
        Path log = stowage.home.resolve("log/stowage.log");
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder(stowage.home.resolve("bin/stowage").toString())
                .redirectOutput(stowage.home.resolve("shell.out").toFile()).redirectErrorStream(true);
        pb.environment().put("STOWAGE_DATA", stowage.data.toString());
        Served running = new Served(stowage, "", null, pb.start());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && running.running.isAlive()
                    && !(Files.exists(log) && Files.readString(log).contains(expected))) {
                Thread.sleep(200);
            }
            return Files.exists(log) ? Files.readString(log) : "";
        } finally {
            running.close();
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                int status = send("GET", "/v2/", Map.of()).statusCode();
                if (status == 200 || status == 401) { // the registry answers (401: it wants credentials)
                    return;
                }
            } catch (IOException notYet) {
                // the server starts
            }
            assertTrue(System.nanoTime() < deadline && running.isAlive(), "the registry answers /v2/: " + output());
            Thread.sleep(200);
        }
    }

    /** What the running shell printed so far. */
    String output() throws IOException {
        return Files.readString(stowage.home.resolve("shell.out"));
    }

    HttpResponse<byte[]> send(String method, String path, Map<String, String> headers) throws IOException, InterruptedException {
        return send(method, path, headers, new byte[0]);
    }

    HttpResponse<byte[]> send(String method, String path, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://" + host + path)).timeout(Duration.ofSeconds(10))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The spec's error code in an answer's body. */
    static String errorCode(HttpResponse<byte[]> r) {
        return Fixture.json(r.body()).path("errors").path(0).path("code").asText();
    }

    @Override
    public void close() throws Exception {
        if (running.isAlive()) {
            try (OutputStream in = running.getOutputStream()) {
                in.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException gone) {
                // it ended
            }
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        }
    }
}
