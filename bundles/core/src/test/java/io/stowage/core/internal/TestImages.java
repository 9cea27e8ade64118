package io.stowage.core.internal;

import io.stowage.api.Descriptor;
import io.stowage.api.Digest;
import io.stowage.api.ImageReference;
import io.stowage.api.MediaTypes;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Images made in memory, served by a transport that can be told to misbehave in the ways no real
 * registry does on request: extra bytes, wrong bytes, a manifest other than the one asked for.
 */
final class TestImages implements Transport {
    final Map<String, byte[]> manifests = new HashMap<>();
    final Map<Digest, byte[]> blobs = new HashMap<>();
    final Map<Digest, byte[]> served = new HashMap<>();
    /** Blobs whose next fetch breaks off, like a cut connection, after so many bytes. */
    final Map<Digest, Long> cutAfter = new java.util.concurrent.ConcurrentHashMap<>();
    /** Blobs whose fetches wait for a latch before a byte is served. */
    final Map<Digest, java.util.concurrent.CountDownLatch> holdUntil = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every blob fetch, as {@code digest@offset}. */
    final List<String> fetches = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    int opened;
    /** Whether sources answer a HEAD ({@link ImageSource#rootDigest}), as registries do. */
    boolean answersHead;

    /** An image of {@code layers} gzip layers of random bytes; returns its manifest digest. */
    Digest image(String tag, int layers, long seed) {
        return image(tag, layers, seed, "amd64");
    }

    /** An image of random layers whose config names {@code architecture} (linux). */
    Digest image(String tag, int layers, long seed, String architecture) {
        Random random = new Random(seed);
        List<byte[]> plains = new java.util.ArrayList<>();
        for (int i = 0; i < layers; i++) {
            byte[] plain = new byte[1000 + random.nextInt(5000)];
            random.nextBytes(plain);
            plains.add(plain);
        }
        return image(tag, plains, architecture);
    }

    /** An image of these uncompressed layers (equal contents make shared layers). */
    Digest image(String tag, List<byte[]> plains) {
        return image(tag, plains, "amd64");
    }

    private Digest image(String tag, List<byte[]> plains, String architecture) {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder layerJson = new StringBuilder();
        for (int i = 0; i < plains.size(); i++) {
            byte[] plain = plains.get(i);
            byte[] gz = gzip(plain);
            blobs.put(Digest.of(gz), gz);
            diffIds.append(i == 0 ? "" : ",").append('"').append(Digest.of(plain)).append('"');
            layerJson.append(i == 0 ? "" : ",").append(descriptor(MediaTypes.OCI_LAYER_GZIP, gz));
        }
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"created\":\"2024-01-02T03:04:05Z\","
                + "\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        blobs.put(Digest.of(config), config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptor(MediaTypes.OCI_CONFIG, config) + ",\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
        manifests.put(tag, manifest);
        manifests.put(Digest.of(manifest).toString(), manifest);
        return Digest.of(manifest);
    }

    List<Descriptor> layers(String tag) {
        return io.stowage.oci.OciJson.manifest(manifests.get(tag), tag).layers();
    }

    static String descriptor(String type, byte[] bytes) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + Digest.of(bytes) + "\",\"size\":" + bytes.length + "}";
    }

    static byte[] gzip(byte[] plain) {
        return io.stowage.transport.tests.TestImage.gzip(plain);
    }

    @Override
    public ImageSource open(io.stowage.api.transport.Location location) {
        return open(location.reference());
    }

    ImageSource open(ImageReference reference) {
        opened++;
        return new ImageSource() {
            @Override
            public java.util.Optional<Digest> rootDigest() {
                byte[] m = reference.digest() != null || !answersHead ? null : manifests.get(reference.tag());
                return m == null ? java.util.Optional.empty() : java.util.Optional.of(Digest.of(m));
            }

            @Override
            public RawManifest resolve() {
                return manifest(reference.digest() != null ? reference.digest().toString() : reference.tag());
            }

            @Override
            public RawManifest manifest(Digest digest) {
                return manifest(digest.toString());
            }

            private RawManifest manifest(String key) {
                byte[] m = manifests.get(key);
                if (m == null) {
                    throw new StowageException(StowageException.Reason.NOT_FOUND, "manifest unknown: " + key);
                }
                return new RawManifest(null, m);
            }

            @Override
            public InputStream blob(Descriptor d, long offset) {
                fetches.add(d.digest() + "@" + offset);
                byte[] b = served.getOrDefault(d.digest(), blobs.get(d.digest()));
                if (b == null) {
                    throw new StowageException(StowageException.Reason.NOT_FOUND, "blob unknown: " + d.digest());
                }
                java.util.concurrent.CountDownLatch hold = holdUntil.get(d.digest());
                try {
                    if (hold != null && !hold.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new StowageException(StowageException.Reason.UNAVAILABLE, "held too long: " + d.digest());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StowageException(StowageException.Reason.UNAVAILABLE, "interrupted");
                }
                Long cut = cutAfter.remove(d.digest());
                InputStream in = new ByteArrayInputStream(b, (int) offset, b.length - (int) offset);
                return cut == null ? in : new java.io.FilterInputStream(in) {
                    private long left = cut - offset;

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        if (left <= 0) {
                            throw new IOException("connection reset");
                        }
                        int n = super.read(buf, off, (int) Math.min(len, left));
                        left -= Math.max(n, 0);
                        return n;
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    static CoreConfig config(int concurrency) {
        return config(concurrency, java.util.Map.of());
    }

    /** With {@code settings} (budget.max.size, budget.min.free, evict, prune.until, prune.interval) as the file would give them. */
    static CoreConfig config(int concurrency, java.util.Map<String, String> settings) {
        return new CoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CoreConfig.class;
            }

            @Override
            public String store_target() {
                return "(stowage.store=memory)";
            }

            @Override
            public int concurrency() {
                return concurrency;
            }

            @Override
            public int transport_wait() {
                return 0;
            }

            @Override
            public String policy_file() {
                return "";
            }

            @Override
            public String budget_max_size() {
                return settings.getOrDefault("budget.max.size", "");
            }

            @Override
            public String budget_min_free() {
                return settings.getOrDefault("budget.min.free", "");
            }

            @Override
            public String evict() {
                return settings.getOrDefault("evict", "none");
            }

            @Override
            public String prune_until() {
                return settings.getOrDefault("prune.until", "");
            }

            @Override
            public String prune_interval() {
                return settings.getOrDefault("prune.interval", "1h");
            }
        };
    }
}
