package io.stowage.core.internal.events;

import io.stowage.core.internal.EventSink;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the image service's events to Event Admin, asynchronously. The component exists only
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

    @Override
    public void post(String topic, Map<String, Object> properties) {
        admin.postEvent(new Event(topic, properties));
    }
}
