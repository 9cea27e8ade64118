package io.stowage.transport.registry.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Where a registry is reached: Docker Hub's API host for {@code docker.io}; plain HTTP only for
 * loopback hosts and those configured insecure, HTTPS everywhere else, with the host's own TLS
 * settings when it has a {@link RegistryHost} configuration.
 */
record Endpoint(String registry, String scheme, String authority, Tls tls) {
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    static Endpoint of(String registry, Set<String> insecure) {
        return of(registry, insecure, null);
    }

    /**
     * With a host configuration: plain HTTP when it says so, HTTPS when it gives TLS settings
     * (also for a loopback host), else the rules above.
     */
    static Endpoint of(String registry, Set<String> insecure, RegistryHost host) {
        String authority = registry.equals("docker.io") ? DOCKER_HUB_API : registry;
        Tls tls = host == null ? null : host.tls();
        boolean plain = host != null && host.plainHttp()
                || tls == null && (isLoopback(hostOf(authority)) || insecure.contains(registry));
        return new Endpoint(registry, plain ? "http" : "https", authority, plain ? null : tls);
    }

    String base() {
        return scheme + "://" + authority;
    }

    /** Whether credentials may be sent here: over HTTPS, or to this machine. */
    boolean mayCarryCredentials() {
        return scheme.equals("https") || isLoopback(hostOf(authority));
    }

    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return authority.substring(1, end < 0 ? authority.length() : end);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: no lookup, only the literal loopback addresses count
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
