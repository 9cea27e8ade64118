package io.stowage.core.internal.events;

import io.stowage.core.internal.EventSink;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts the image service's events to Event Admin, asynchronously. Exists only while Event Admin does. */
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
