package io.stowage.transport.registry.internal;

import java.net.URI;

/** What an {@link Engine} needs of one operation's registry: where it is, its timeouts, its {@link Retry}. */
record Link(Endpoint endpoint, int connectTimeout, int readTimeout, Retry retry) {
    /** The host's own TLS settings for {@code uri} on the registry's authority; null elsewhere (a storage host gets the JDK's trust). */
    Tls tlsFor(URI uri) {
        return endpoint.tls() != null && endpoint.authority().equalsIgnoreCase(uri.getRawAuthority()) ? endpoint.tls() : null;
    }
}
