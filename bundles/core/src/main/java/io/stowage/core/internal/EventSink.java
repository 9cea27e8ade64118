package io.stowage.core.internal;

import java.util.Map;

/**
 * Where the image service posts its events. Registered only when Event Admin is there
 * ({@code events.EventAdminSink}), so the core itself never touches Event Admin's classes.
 */
public interface EventSink {
    void post(String topic, Map<String, Object> properties);
}
