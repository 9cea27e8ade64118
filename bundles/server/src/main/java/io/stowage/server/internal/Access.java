package io.stowage.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.StowageException;
import io.stowage.oci.OciJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the registry: everyone ({@code auth=none}); users of an htpasswd file by HTTP Basic
 * on every request ({@code auth=htpasswd}); or bearer tokens that Stowage issues itself at
 * {@code /token} to those users ({@code auth=token}), the flow Docker's, containerd's and
 * skopeo's clients follow: a 401 with a {@code Bearer} challenge naming the realm, service and
 * scope, a token for that scope fetched with the user's Basic credentials, then the token on
 * each request. A token is {@code <payload>.<HMAC-SHA256>}, base64url, signed with a key made
 * when the server starts and never written anywhere, valid {@value #TOKEN_SECONDS} seconds for
 * the repositories and actions it names (pull; push too when the server takes pushes).
 */
final class Access {
    static final int TOKEN_SECONDS = 300;
    static final String SERVICE = "stowage";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    private static final Pattern SCOPE = Pattern.compile("repository:([a-z0-9._/-]{1,255}):([a-z,*]{1,32})|registry:catalog:\\*");

    enum Mode { NONE, HTPASSWD, TOKEN }

    private final Mode mode;
    private final Htpasswd users;
    private final boolean push;
    private final String fallbackHost;
    private final byte[] key = new byte[32];

    /** {@code users}: null for {@link Mode#NONE}; {@code fallbackHost}: the realm's host when a client's Host header is unusable. */
    Access(Mode mode, Htpasswd users, boolean push, String fallbackHost) {
        this.mode = mode;
        this.users = users;
        this.push = push;
        this.fallbackHost = fallbackHost;
        new SecureRandom().nextBytes(key);
    }

    /**
     * Whether the request may go on for {@code scope} ({@code repository:<name>:pull},
     * {@code repository:<name>:pull,push}, {@code registry:catalog:*}, or null for {@code /v2/}
     * itself); when not, the 401 with its challenge is sent.
     */
    boolean allows(HttpServletRequest req, HttpServletResponse resp, String scope) throws IOException {
        String header = req.getHeader("Authorization");
        switch (mode) {
            case NONE:
                return true;
            case HTPASSWD:
                if (basicUser(header) != null) {
                    return true;
                }
                resp.setHeader("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
                break;
            default:
                if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && grants(header.substring(7).trim(), scope)) {
                    return true;
                }
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"" + (req.isSecure() ? "https" : "http") + "://" + host(req)
                        + "/token\",service=\"" + SERVICE + "\"" + (scope == null ? "" : ",scope=\"" + scope + "\""));
        }
        Errors.send(resp, 401, "UNAUTHORIZED", "authentication required");
        return false;
    }

    /** {@code GET /token?service=…&scope=…}: a token for the scopes asked that the user may have. */
    void token(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (mode != Mode.TOKEN || !req.getMethod().equals("GET")) {
            Errors.send(resp, mode != Mode.TOKEN ? 404 : 405, "UNSUPPORTED", "tokens are fetched with GET when auth=token");
            return;
        }
        String user = basicUser(req.getHeader("Authorization"));
        if (user == null) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
            Errors.send(resp, 401, "UNAUTHORIZED", "credentials required");
            return;
        }
        List<String> scopes = new java.util.ArrayList<>();
        String query = req.getQueryString() == null ? "" : req.getQueryString();
        for (String pair : query.split("&")) {
            if (pair.startsWith("scope=")) {
                try {
                    scopes.addAll(List.of(java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).split(" ")));
                } catch (IllegalArgumentException badEscape) {
                    // a scope not understood is not granted
                }
            }
        }
        long now = System.currentTimeMillis() / 1000;
        String token = issue(user, scopes, now);
        byte[] answer = OciJson.bytes(OciJson.object().put("token", token).put("access_token", token).put("expires_in", TOKEN_SECONDS)
                .put("issued_at", java.time.Instant.ofEpochSecond(now).toString()));
        resp.setContentType("application/json");
        resp.setContentLength(answer.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(answer);
        }
    }

    /** A token for {@code user}, issued at {@code now} (epoch seconds), granting of {@code scopes} what may be granted. */
    String issue(String user, List<String> scopes, long now) {
        ObjectNode payload = OciJson.object().put("sub", user).put("exp", now + TOKEN_SECONDS);
        var access = payload.putArray("access");
        for (String one : scopes) {
            var m = SCOPE.matcher(one);
            if (!m.matches()) {
                continue; // a scope not understood is not granted
            }
            ObjectNode entry = access.addObject();
            if (m.group(1) == null) {
                entry.put("type", "registry").put("name", "catalog").putArray("actions").add("*");
                continue;
            }
            entry.put("type", "repository").put("name", m.group(1));
            var actions = entry.putArray("actions");
            for (String a : m.group(2).split(",")) {
                if (a.equals("pull") || a.equals("push") && push) {
                    actions.add(a);
                }
            }
        }
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(OciJson.bytes(payload));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(body));
    }

    /** Whether {@code token} is one of ours, unexpired, and grants every action {@code scope} asks. */
    boolean grants(String token, String scope) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 16_384) {
            return false;
        }
        String body = token.substring(0, dot);
        JsonNode payload;
        try {
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, hmac(body))) {
                return false;
            }
            payload = OciJson.tree(Base64.getUrlDecoder().decode(body), "token");
        } catch (IllegalArgumentException | StowageException damaged) {
            return false;
        }
        if (payload.path("exp").asLong() < System.currentTimeMillis() / 1000) {
            return false;
        }
        if (scope == null) {
            return true;
        }
        String[] parts = scope.split(":");
        Set<String> wanted = new HashSet<>(List.of(parts[2].split(",")));
        for (JsonNode entry : payload.path("access")) {
            if (entry.path("type").asText().equals(parts[0]) && entry.path("name").asText().equals(parts[1])) {
                entry.path("actions").forEach(a -> wanted.remove(a.asText()));
            }
        }
        return wanted.isEmpty();
    }

    private String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6) || users == null) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return users.check(user, decoded.substring(colon + 1)) ? user : null;
    }

    /** The host a client addressed, for the realm; the configured one when the header is not a plain host. */
    private String host(HttpServletRequest req) {
        String h = req.getHeader("Host");
        return h != null && HOST.matcher(h).matches() ? h : fallbackHost;
    }

    private byte[] hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
