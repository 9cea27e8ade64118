package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.stowage.api.Descriptor;
import io.stowage.api.ImageReference;
import io.stowage.api.Manifest;
import io.stowage.api.PullResult;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.api.transport.ForwardingImageSource;
import io.stowage.api.transport.ForwardingTransport;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.RawManifest;
import io.stowage.api.transport.Transport;
import io.stowage.oci.OciJson;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * A pull running while its store is swapped away finishes in the store it began in, or fails
 * with a clear error; neither store ever shows a half-written image.
 */
public class InFlightIT extends RuntimeTest {
    /** The registry transport, reading blobs slowly, and saying when the first blob starts. */
    private static final class Slow extends ForwardingTransport {
        final CountDownLatch blobStarted = new CountDownLatch(1);

        Slow(Transport registry) {
            super(registry);
        }

        @Override
        public ImageSource open(Location location) {
            return new ForwardingImageSource(super.open(location)) {
                @Override
                public InputStream blob(Descriptor d, long offset) {
                    blobStarted.countDown();
                    return new FilterInputStream(super.blob(d, offset)) {
                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            try {
                                Thread.sleep(40);
                            } catch (InterruptedException e) {
                                throw new IOException(e);
                            }
                            return super.read(b, off, Math.min(len, 64 * 1024));
                        }
                    };
                }
            };
        }
    }

    @Test
    public void aPullFinishesInTheStoreItBeganInWhenTheStoreIsSwappedAway() throws Exception {
        select("memory");
        Slow slow = new Slow(registryTransport());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Transport.KIND, Transport.REGISTRY_KIND);
        props.put(Transport.SYNTAX, Transport.REFERENCES);
        props.put("slow", "true");
        props.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<Transport> reg = context.registerService(Transport.class, slow, props);
        try {
            CompletableFuture<PullResult> pull = CompletableFuture.supplyAsync(() -> images.pull(app(), null, null));
            assertTrue("the pull never fetched a blob", slow.blobStarted.await(20, TimeUnit.SECONDS));
            assertFalse("the pull must still be running when the store is swapped", pull.isDone());
            select("fs");
            boolean finished;
            try {
                pull.get(120, TimeUnit.SECONDS);
                finished = true;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof StowageException);
                finished = false;
            }
            BlobStore memory = store("memory");
            BlobStore fs = store("fs");
            assertEquals(finished, named(memory, app()));
            assertFalse("the pull must not finish in the store it did not begin in", named(fs, app()));
            assertWhole(memory);
            assertWhole(fs);
        } finally {
            reg.unregister();
        }
    }

    /** Every image a store names has all its blobs: manifest, config and layers. */
    private void assertWhole(BlobStore store) throws IOException {
        for (Descriptor entry : store.refs()) {
            assertTrue("manifest " + entry.digest() + " missing", store.info(entry.digest()).isPresent());
            Manifest m;
            try (InputStream in = store.open(entry.digest())) {
                m = OciJson.manifest(in.readAllBytes(), "manifest " + entry.digest());
            }
            assertTrue("config missing", store.info(m.config().digest()).isPresent());
            for (Descriptor layer : m.layers()) {
                assertTrue("layer " + layer.digest() + " missing", store.info(layer.digest()).isPresent());
            }
        }
    }

}
