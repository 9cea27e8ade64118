package io.stowage.transport.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.OciJson;
import java.util.Locale;

/**
 * Turns a registry's error answer into one StowageException, keeping the distribution spec's
 * error code and message as Docker prints them ({@code manifest unknown: manifest unknown}).
 */
final class RegistryErrors {
    private RegistryErrors() {
    }

    /** The error an answer says; reads (at most {@link Response#MAX_ERROR_BODY} bytes of) and closes its body. */
    static StowageException of(Response r, String what) {
        return of(r.status(), r.errorBody(), what);
    }

    /** The same from a status and the answer's body (may be null). */
    static StowageException of(int status, byte[] body, String what) {
        return of(status, body == null ? null : detail(body), what);
    }

    private static StowageException of(int status, String detail, String what) {
        Reason reason = switch (status) {
            case 401, 403 -> Reason.UNAUTHORIZED;
            case 404 -> Reason.NOT_FOUND;
            case 429 -> Reason.UNAVAILABLE;
            default -> status >= 500 ? Reason.UNAVAILABLE : Reason.INVALID;
        };
        if (detail == null) {
            detail = switch (status) {
                case 401 -> "unauthorized: authentication required";
                case 403 -> "denied: requested access to the resource is denied";
                case 404 -> "not found";
                case 429 -> "toomanyrequests: too many requests";
                default -> "HTTP " + status;
            };
        }
        return new StowageException(reason, what + ": " + detail);
    }

    /**
     * Docker Hub's rate-limit headers ({@code ratelimit-limit}, {@code ratelimit-remaining}), as
     * {@code "; ratelimit-remaining: 0;w=21600"}, or empty.
     */
    static String rateLimit(Response r) {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"RateLimit-Limit", "RateLimit-Remaining"}) {
            String value = r.header(name);
            if (value != null) {
                b.append("; ").append(name.toLowerCase(Locale.ROOT)).append(": ").append(value);
            }
        }
        return b.toString();
    }

    private static String detail(byte[] bytes) {
        try {
            JsonNode first = OciJson.tree(bytes, "error").path("errors").path(0);
            if (first.isMissingNode()) {
                return null;
            }
            String code = first.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
            String message = first.path("message").asText("");
            if (code.isEmpty()) {
                return message.isEmpty() ? null : message;
            }
            return message.isEmpty() ? code : code + ": " + message;
        } catch (StowageException e) {
            return null;
        }
    }
}
