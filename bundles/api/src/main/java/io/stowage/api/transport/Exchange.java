package io.stowage.api.transport;

import java.net.URI;
import java.time.Duration;

/**
 * One registry request and its answer, as a {@link RequestObserver} sees it. Never credentials:
 * the URL has no user information, and no query when it is not the registry's own (a storage
 * redirect's signed URL).
 *
 * @param method the HTTP method
 * @param url the URL asked
 * @param status the answer's status, or {@code 0} when no answer came (a refused or cut connection)
 * @param sent the bytes of the request's body ({@code 0} for none)
 * @param received the length of the answer's body as announced, {@code -1} when not announced
 * @param time from sending the request to the answer's headers
 * @since 1.0
 */
public record Exchange(String method, URI url, int status, long sent, long received, Duration time) {
}
