import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JDK HTTP client streams registry blobs to disk faster: every layer of one image fetched
 * at once, each written to a file through SHA-256 with a 1 MiB buffer, the digest checked.
 *
 *   java bench/HttpClientBench.java http://127.0.0.1:5000 repo:tag [rounds]
 *
 * Prints each round's wall time per client and the medians.
 */
public final class HttpClientBench {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String[] repoTag = args[1].split(":");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> layers = layers(base, repoTag[0], repoTag[1]);
        Path dir = Files.createTempDirectory("http-bench");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        List<Long> urlConnection = new ArrayList<>();
        List<Long> httpClient = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            urlConnection.add(round(layers, d -> {
                HttpURLConnection c = (HttpURLConnection) URI.create(base + "/v2/" + repoTag[0] + "/blobs/" + d).toURL().openConnection();
                return c.getInputStream();
            }, dir));
            httpClient.add(round(layers, d -> client.send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repoTag[0] + "/blobs/" + d)).build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body(), dir));
            System.out.printf("round %d: HttpURLConnection %d ms, HttpClient %d ms%n", r + 1, urlConnection.get(r), httpClient.get(r));
        }
        System.out.printf("median: HttpURLConnection %d ms, HttpClient %d ms (%d layers)%n", median(urlConnection), median(httpClient), layers.size());
    }

    interface Opener {
        InputStream open(String digest) throws Exception;
    }

    private static long round(List<String> digests, Opener opener, Path dir) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(digests.size());
        List<Future<?>> done = new ArrayList<>();
        for (String d : digests) {
            done.add(pool.submit(() -> {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                Path file = dir.resolve(d.substring(7));
                byte[] buf = new byte[1 << 20];
                try (InputStream in = opener.open(d); OutputStream out = Files.newOutputStream(file)) {
                    for (int n; (n = in.read(buf)) > 0;) {
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                if (!("sha256:" + HexFormat.of().formatHex(sha.digest())).equals(d)) {
                    throw new IllegalStateException("digest mismatch " + d);
                }
                Files.delete(file);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static List<String> layers(String base, String repo, String tag) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + "/v2/" + repo + "/manifests/" + tag).toURL().openConnection();
        c.setRequestProperty("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
        String manifest = new String(c.getInputStream().readAllBytes());
        String layersPart = manifest.substring(manifest.indexOf("\"layers\""));
        List<String> digests = new ArrayList<>();
        Matcher m = Pattern.compile("sha256:[a-f0-9]{64}").matcher(layersPart);
        while (m.find()) {
            digests.add(m.group());
        }
        return digests;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
