package io.stowage.transport.registry.internal;

import java.io.IOException;
import java.net.URI;

/**
 * How {@link Http} sends one request and receives its answer's headers. The JDK's
 * {@code HttpURLConnection} sends every request but {@code PATCH}, which it cannot; those go
 * through {@code java.net.http}. Measured in a whole pull, {@code HttpURLConnection} took 0.68
 * of the wall time and 0.73 of the CPU time {@code java.net.http} did (README, "Benchmark").
 */
interface Engine {
    /** Sends {@code req} to {@code uri} with {@code auth} (may be null); the answer's body stays open for the caller. */
    Response exchange(Request req, String auth, URI uri) throws IOException;
}
