import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Which zstd decoder a pull should use: a layer decompressed and hashed (the diff_id check) by
 * zstd-jni (native libzstd) and by aircompressor (pure Java), with gzip of the same tar beside
 * them. {@code java -cp zstd-jni.jar:aircompressor.jar bench/ZstdBench.java layer.tar.zst [layer.tar.gz] [runs]}
 * prints MB/s of the uncompressed tar for each; the first run of each warms the JIT and is not counted.
 */
public class ZstdBench {
    interface Opener {
        InputStream open(InputStream in) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String zst = args[0];
        String gz = args.length > 1 && args[1].endsWith(".gz") ? args[1] : null;
        int runs = Integer.parseInt(args[args.length - 1].matches("\\d+") ? args[args.length - 1] : "5");
        Map<String, Opener> decoders = new java.util.LinkedHashMap<>();
        decoders.put("zstd-jni", in -> new com.github.luben.zstd.ZstdInputStreamNoFinalizer(in));
        decoders.put("aircompressor", in -> new io.airlift.compress.zstd.ZstdInputStream(in));
        for (Map.Entry<String, Opener> d : decoders.entrySet()) {
            report(d.getKey(), zst, d.getValue(), runs);
        }
        if (gz != null) {
            report("gzip (JDK)", gz, in -> new GZIPInputStream(in, 1 << 16), runs);
        }
    }

    private static void report(String name, String file, Opener opener, int runs) throws Exception {
        System.out.printf("%-14s decompress %4.0f MB/s, decompress + SHA-256 %4.0f MB/s (MB of tar per second, best of %d runs)%n",
                name, best(file, opener, runs, false), best(file, opener, runs, true), runs);
    }

    private static double best(String file, Opener opener, int runs, boolean hash) throws Exception {
        byte[] buf = new byte[1 << 16];
        double best = 0;
        for (int r = 0; r <= runs; r++) {
            long t0 = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = opener.open(new BufferedInputStream(new FileInputStream(file), 1 << 16))) {
                for (int n; (n = in.read(buf)) > 0;) {
                    if (hash) {
                        sha.update(buf, 0, n);
                    }
                    size += n;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r > 0) {
                best = Math.max(best, size / 1e6 / seconds);
            }
        }
        return best;
    }
}
