package io.stowage.oci;

import java.util.Map;

/**
 * Where Stowage's services post their events (the image service's, the container service's).
 * One component registers it, only while Event Admin is there (the core's
 * {@code events.EventAdminSink}), so no service that posts touches Event Admin's classes, and
 * each binds it optionally.
 */
public interface EventSink {
    void post(String topic, Map<String, Object> properties);
}
