package io.stowage.itests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A certificate authority made for one test with openssl: a server certificate for 127.0.0.1 and
 * a client certificate, both signed by it, keys in PKCS#8 PEM.
 */
final class TestCa {
    private static final String SCRIPT = """
            set -e
            cd "$1"
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=stowage-test-ca 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=stowage-client 2>/dev/null
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext 2>/dev/null
            """;

    final Path dir;

    TestCa(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        Path script = Files.writeString(dir.resolve("make-ca.sh"), SCRIPT);
        Processes.check(dir, Map.of(), List.of("sh", script.toString(), dir.toString()));
    }

    Path file(String name) {
        return dir.resolve(name);
    }
}
