package io.stowage.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.stowage.api.ContainerEvents;
import io.stowage.api.ImageEvents;
import io.stowage.api.PullResult;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** The image service's Event Admin events, as an appliance subscribing to io/stowage/image/* sees them. */
public class EventsIT extends RuntimeTest {
    @Test
    public void pullTagAndRemovePostTheirEvents() throws Exception {
        BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "io/stowage/image/*");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, seen::add, props);
        try {
            String app = app();
            PullResult pulled = images.pull(app, null, null);
            String id = pulled.image().id().toString();
            Event pull = next(seen);
            assertEquals(ImageEvents.PULLED, pull.getTopic());
            assertEquals(app, pull.getProperty(ImageEvents.REFERENCE));
            assertEquals(pulled.digest().toString(), pull.getProperty(ImageEvents.DIGEST));
            assertEquals(id, pull.getProperty(ImageEvents.IMAGE_ID));

            images.tag(app, "myapp:v1");
            Event tag = next(seen);
            assertEquals(ImageEvents.TAGGED, tag.getTopic());
            assertEquals("docker.io/library/myapp:v1", tag.getProperty(ImageEvents.REFERENCE));
            assertEquals(id, tag.getProperty(ImageEvents.IMAGE_ID));

            images.remove(id, true);
            List<String> topics = new ArrayList<>();
            List<Object> references = new ArrayList<>();
            Event e;
            do {
                e = next(seen);
                topics.add(e.getTopic());
                references.add(e.getProperty(ImageEvents.REFERENCE));
            } while (!e.getTopic().equals(ImageEvents.REMOVED));
            assertTrue(topics.toString(), topics.subList(0, topics.size() - 1).stream().allMatch(ImageEvents.UNTAGGED::equals));
            // every reference in its whole form, as TAGGED gave it
            assertTrue(references.toString(), references.contains("docker.io/library/myapp:v1") && references.contains(app));
            assertEquals(id, e.getProperty(ImageEvents.DIGEST));

            String missing = app.replace(":latest", ":no-such-tag");
            try {
                images.pull(missing, null, null);
                throw new AssertionError("pulled " + missing);
            } catch (io.stowage.api.StowageException expected) {
                Event failed = next(seen);
                assertEquals(ImageEvents.PULL_FAILED, failed.getTopic());
                assertEquals(missing, failed.getProperty(ImageEvents.REFERENCE));
                assertEquals("NOT_FOUND", failed.getProperty(ImageEvents.REASON));
                assertEquals(expected.getMessage(), failed.getProperty(ImageEvents.MESSAGE));
            }
        } finally {
            handler.unregister();
        }
    }

    @javax.inject.Inject
    io.stowage.api.ContainerService containers;

    /** The container service's events, as an appliance subscribing to io/stowage/container/* sees them. */
    @Test
    public void containerCreateAndRemovePostTheirEvents() throws Exception {
        BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "io/stowage/container/*");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, seen::add, props);
        try {
            String id = images.pull(app(), null, null).image().id().toString();
            io.stowage.api.Container c = containers.create("watched", app());
            Event created = next(seen);
            assertEquals(ContainerEvents.CREATED, created.getTopic());
            assertEquals(c.id(), created.getProperty(ContainerEvents.ID));
            assertEquals("watched", created.getProperty(ContainerEvents.NAME));
            assertEquals(id, created.getProperty(ContainerEvents.IMAGE_ID));
            containers.remove("watched", false);
            Event removed = next(seen);
            assertEquals(ContainerEvents.REMOVED, removed.getTopic());
            assertEquals(c.id(), removed.getProperty(ContainerEvents.ID));
        } finally {
            handler.unregister();
        }
    }

    private static Event next(BlockingQueue<Event> seen) throws InterruptedException {
        Event e = seen.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 10 s");
        }
        return e;
    }
}
