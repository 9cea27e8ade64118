package io.stowage.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees each request a registry transport sends and the answer it got: register one as a service
 * and every registry request, token requests, redirects and retries included, is reported to it
 * once answered (or failed). Called on the transferring thread: return quickly, and do not
 * throw; what an observer throws is logged and dropped.
 *
 * @since 1.0
 */
@ConsumerType
public interface RequestObserver {
    void exchanged(Exchange exchange);
}
