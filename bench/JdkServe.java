import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alternative the serving benchmark measures Felix HTTP Jetty 12 against: the JDK's own HTTP
 * server (no bundle to install), serving what skopeo needs to copy an image out of a Stowage
 * store: {@code /v2/}, a manifest by digest or by tag (the tag given on the command line), and
 * blobs, whole, each streamed from the store's files through a 64 KiB buffer as the registry
 * server does. Not part of Stowage; a benchmark's stand-in.
 *
 *   java bench/JdkServe.java <port> <store directory> <tag> <manifest digest>
 */
public class JdkServe {
    private static final Pattern PATH = Pattern.compile("/v2/(.+)/(manifests|blobs)/([^/]+)");

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Path store = Path.of(args[1]);
        String tag = args[2];
        String tagged = args[3];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/v2/", ex -> {
            try (ex) {
                String p = ex.getRequestURI().getPath();
                if (p.equals("/v2/")) {
                    send(ex, 200, "application/json", null, "{}".getBytes());
                    return;
                }
                Matcher m = PATH.matcher(p);
                if (!m.matches()) {
                    send(ex, 404, "application/json", null, "{}".getBytes());
                    return;
                }
                String ref = m.group(3).equals(tag) ? tagged : m.group(3);
                Path blob = store.resolve("blobs/sha256").resolve(ref.substring(ref.indexOf(':') + 1));
                if (!ref.startsWith("sha256:") || !Files.isRegularFile(blob)) {
                    send(ex, 404, "application/json", null, "{}".getBytes());
                    return;
                }
                String type = m.group(2).equals("manifests") ? "application/vnd.oci.image.manifest.v1+json" : "application/octet-stream";
                ex.getResponseHeaders().set("Docker-Content-Digest", ref);
                if (ex.getRequestMethod().equals("HEAD")) {
                    ex.getResponseHeaders().set("Content-Type", type);
                    ex.getResponseHeaders().set("Content-Length", Long.toString(Files.size(blob)));
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                send(ex, 200, type, blob, null);
            }
        });
        server.start();
    }

    private static void send(HttpExchange ex, int status, String type, Path file, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        long length = file != null ? Files.size(file) : bytes.length;
        ex.sendResponseHeaders(status, length);
        try (OutputStream out = ex.getResponseBody(); InputStream in = file != null ? Files.newInputStream(file)
                : new java.io.ByteArrayInputStream(bytes)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0;) {
                out.write(buf, 0, n);
            }
        }
    }
}
