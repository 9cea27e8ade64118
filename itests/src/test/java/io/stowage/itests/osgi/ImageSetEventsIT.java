package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.stowage.api.ImageSetEntry;
import io.stowage.api.ImageSetEvents;
import io.stowage.api.ImageSets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * An image set made through Configuration Admin, as an appliance's own configuration code would:
 * each image's states posted to io/stowage/imageset/* and given by the ImageSets service (pulling,
 * present at its digest; failed with the reason and the next try, for a registry that is down),
 * and the set's pins gone with its configuration.
 */
public class ImageSetEventsIT extends RuntimeTest {
    @Test
    public void aSetsStatesArePostedAndListed() throws Exception {
        BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "io/stowage/imageset/*");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, seen::add, props);
        String down = "127.0.0.1:9/nowhere/app:1"; // the discard port: nothing listens
        Configuration set = cm.createFactoryConfiguration("io.stowage.imageset", "?");
        try {
            Hashtable<String, Object> values = new Hashtable<>();
            values.put("name", "osgi");
            values.put("images", app() + "," + down);
            values.put("interval", 300);
            set.update(values);
            List<String> topics = new ArrayList<>();
            Event present = null;
            Event failed = null;
            while (present == null || failed == null) {
                Event e = seen.poll(60, TimeUnit.SECONDS);
                assertNotNull("events so far: " + topics, e);
                assertEquals("osgi", e.getProperty(ImageSetEvents.SET));
                topics.add(e.getTopic().substring(e.getTopic().lastIndexOf('/') + 1) + " " + e.getProperty(ImageSetEvents.REFERENCE));
                if (e.getTopic().equals(ImageSetEvents.PRESENT)) {
                    present = e;
                } else if (e.getTopic().equals(ImageSetEvents.FAILED)) {
                    failed = e;
                }
            }
            assertTrue(topics.toString(), topics.contains("PULLING " + down));
            // pulling, then present; or present at the first look, when a test before this one
            // pulled the image into this framework's store (the order of tests is not fixed)
            assertTrue(topics.toString(), topics.indexOf("PULLING " + app()) < topics.indexOf("PRESENT " + app()));
            assertEquals(app(), present.getProperty(ImageSetEvents.REFERENCE));
            assertTrue(String.valueOf(present.getProperty(ImageSetEvents.DIGEST)).startsWith("sha256:"));
            assertEquals(down, failed.getProperty(ImageSetEvents.REFERENCE));
            assertTrue(String.valueOf(failed.getProperty(ImageSetEvents.MESSAGE)), String.valueOf(failed.getProperty(ImageSetEvents.MESSAGE))
                    .startsWith("registry 127.0.0.1:9 unavailable"));
            assertNotNull(failed.getProperty(ImageSetEvents.NEXT_TRY));

            ImageSets sets = context.getService(context.getServiceReference(ImageSets.class));
            List<ImageSetEntry> entries = eventually(() -> {
                List<ImageSetEntry> now = sets.entries();
                assertEquals(now.toString(), ImageSetEntry.State.FAILED, now.get(1).state());
                return now;
            });
            assertEquals(ImageSetEntry.State.PRESENT, entries.get(0).state());
            assertEquals(present.getProperty(ImageSetEvents.DIGEST), entries.get(0).digest().toString());
            assertTrue(sets.pinned().contains(entries.get(0).digest()));
        } finally {
            set.delete();
            handler.unregister();
        }
        ImageSets sets = context.getService(context.getServiceReference(ImageSets.class));
        eventually(() -> {
            assertEquals(List.of(), sets.entries());
            assertEquals(java.util.Set.of(), sets.pinned());
            return null;
        });
    }
}
