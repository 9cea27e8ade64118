package io.stowage.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A token issuer after the distribution token spec, for a real docker-registry run with
 * {@code auth: token}: it signs RS256 JWTs with a self-signed certificate the registry trusts
 * (its {@code rootcertbundle}), naming the certificate in the {@code x5c} header. Repositories
 * under {@code private/} need the login; others get anonymous tokens. No Debian package provides
 * a token server, so the test brings this one; the registry checking its tokens is the real one.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "stowage-tests";
    static final String ISSUER = "stowage-tests-issuer";

    final Path certificate;
    final List<String> requests = new ArrayList<>();
    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final String login;

    TokenServer(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("token.p12");
        Processes.check(dir, Map.of(), List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-dname", "CN=stowage-tests-token", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-ext", "BasicConstraints=ca:true"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        cert = (X509Certificate) ks.getCertificate("token");
        certificate = dir.resolve("token.pem");
        Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        login = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/token", this::token);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String scope = query.getOrDefault("scope", "");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        synchronized (requests) {
            requests.add(scope + (auth == null ? " anonymous" : " with login"));
        }
        String[] parts = scope.split(":");
        boolean allowed = parts.length == 3 && (!parts[1].startsWith("private/") || login.equals(auth));
        if (auth != null && !login.equals(auth)) {
            reply(exchange, 401, "{\"details\":\"invalid login\"}");
            return;
        }
        String access = allowed ? "[{\"type\":\"repository\",\"name\":\"" + parts[1] + "\",\"actions\":[\"pull\",\"push\"]}]" : "[]";
        reply(exchange, 200, "{\"token\":\"" + jwt(access) + "\",\"expires_in\":300}");
    }

    private String jwt(String access) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + Base64.getEncoder().encodeToString(encoded()) + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 300)
                + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":" + access + "}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] encoded() {
        try {
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
