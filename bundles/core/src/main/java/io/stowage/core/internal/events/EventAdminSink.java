package io.stowage.core.internal.events;

import io.stowage.api.ImageEvents;
import io.stowage.oci.EventSink;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts Stowage's events (the image service's, the container service's) to Event Admin,
 * asynchronously but for image removals. The component exists only
 * while an Event Admin does (its reference is mandatory), so without one this class is never
 * loaded and the image service, which only knows {@link EventSink}, runs on without events; the
 * bundle imports Event Admin's package dynamically, so an Event Admin installed after Stowage
 * is used from its first event without a refresh of Stowage.
 */
@Component(service = EventSink.class)
public final class EventAdminSink implements EventSink {
    private final EventAdmin admin;

    @Activate
    public EventAdminSink(@Reference EventAdmin admin) {
        this.admin = admin;
    }

    /**
     * Removals are sent, the others posted: a handler of {@code REMOVED} and {@code UNTAGGED} has
     * seen the event when the removal returns (so what it keeps of the image, such as snapshots,
     * can go within a one-shot command), as {@link io.stowage.api.ImageEvents#REMOVED} documents.
     */
    @Override
    public void post(String topic, Map<String, Object> properties) {
        Event event = new Event(topic, properties);
        if (topic.equals(ImageEvents.REMOVED) || topic.equals(ImageEvents.UNTAGGED)) {
            admin.sendEvent(event);
        } else {
            admin.postEvent(event);
        }
    }
}
