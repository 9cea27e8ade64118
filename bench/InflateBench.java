import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * What a pull's diff_id check costs: inflating a gzip layer and hashing the result, against only
 * hashing the compressed bytes (all skopeo does). {@code java bench/InflateBench.java layer.tar.gz [runs]}
 */
public class InflateBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] buf = new byte[1 << 20];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            MessageDigest plain = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(new FileInputStream(args[0]), 1 << 20), 1 << 20)) {
                for (int n; (n = in.read(buf)) > 0;) {
                    plain.update(buf, 0, n);
                    size += n;
                }
            }
            long t1 = System.nanoTime();
            MessageDigest compressed = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new FileInputStream(args[0])) {
                for (int n; (n = in.read(buf)) > 0;) {
                    compressed.update(buf, 0, n);
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("inflate + SHA-256 of %d MiB: %d ms; SHA-256 of the compressed bytes: %d ms%n", size >> 20,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        }
    }
}
