package io.stowage.core.internal.events;

import io.stowage.core.internal.EventSink;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the image service's events to Event Admin, asynchronously, when there is one. The
 * reference is optional, so nothing requires Event Admin; without its package this class does
 * not load, and the image service, which only knows {@link EventSink}, runs on without events.
 */
@Component(service = EventSink.class)
public final class EventAdminSink implements EventSink {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin admin;

    @Override
    public void post(String topic, Map<String, Object> properties) {
        EventAdmin a = admin;
        if (a != null) {
            a.postEvent(new Event(topic, properties));
        }
    }
}
