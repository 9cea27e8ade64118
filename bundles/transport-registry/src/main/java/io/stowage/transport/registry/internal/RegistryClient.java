package io.stowage.transport.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * HTTP to one registry for one repository, with the distribution spec's authentication: the
 * {@code /v2/} handshake learns the challenge; Basic sends the configured login; Bearer fetches
 * a token for the repository's pull scope (distribution token spec) and retries once on 401.
 *
 * <p>Credentials are scoped to the registry's origin (scheme, host and port): a challenge is
 * answered only when the registry itself sent it, never when a redirect target did; the login
 * goes only to the registry and to the token realm the registry's own challenge names; and an
 * {@code Authorization} header follows a redirect only to the same origin, so never to another
 * host nor over a downgrade from HTTPS to HTTP.
 */
final class RegistryClient {
    private final Endpoint endpoint;
    private final String repository;
    private final Credentials.Login login;
    private final Http http;
    private final Retry retry;
    private final TokenCache tokens;
    /** The token scope's actions: {@code pull}, or {@code pull,push} for a push. */
    private final String actions;
    private volatile String authorization;
    private volatile Challenge challenge;

    RegistryClient(Endpoint endpoint, String repository, Credentials.Login login, int connectTimeout, int readTimeout,
            Retry retry, TokenCache tokens) {
        this(endpoint, repository, login, connectTimeout, readTimeout, retry, tokens, "pull");
    }

    RegistryClient(Endpoint endpoint, String repository, Credentials.Login login, int connectTimeout, int readTimeout,
            Retry retry, TokenCache tokens, String actions) {
        this.actions = actions;
        this.endpoint = endpoint;
        this.retry = retry;
        this.tokens = tokens;
        this.repository = repository;
        this.login = login;
        this.http = new Http(endpoint, connectTimeout, readTimeout, retry);
    }

    /** Reports each request of this client to {@code observers}. */
    RegistryClient observedBy(Observers observers) {
        http.observedBy(observers);
        return this;
    }

    Retry retry() {
        return retry;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    String repository() {
        return repository;
    }

    /** The Authorization header the handshake earned, or null when the registry asks for none. */
    String authorization() {
        return authorization;
    }

    /**
     * The {@code /v2/} handshake: checks the registry answers and prepares authentication; tried
     * at most {@code tries} times (a mirror that does not answer is passed over at once).
     */
    void handshake(int tries) {
        String what = "registry " + endpoint.registry();
        try (Response r = http.send(Request.get(endpoint.base() + "/v2/", null), null, what, tries)) {
            if (r.status() == 401) {
                refuseForeignChallenge(r.url(), what);
                challenge = Challenge.parse(r.header("WWW-Authenticate"));
                authorize(false);
            } else if (r.status() != 200) {
                throw RegistryErrors.of(r, what);
            }
        }
    }

    /**
     * Checks this client's login, as {@code docker login} does: the handshake, then {@code /v2/}
     * again with the login's authorization. A registry that asks for no login accepts any.
     *
     * @throws StowageException UNAUTHORIZED when the registry refuses the login
     */
    void verifyLogin() {
        try {
            checkLogin();
        } finally {
            close();
        }
    }

    private void checkLogin() {
        handshake(retry.tries());
        if (challenge == null) {
            return;
        }
        String what = "login to " + endpoint.registry();
        try (Response r = http.send(Request.get(endpoint.base() + "/v2/", null), authorization, what, retry.tries())) {
            if (r.status() == 401) {
                throw new StowageException(Reason.UNAUTHORIZED, what + ": unauthorized: incorrect username or password");
            }
            if (r.status() != 200) {
                throw RegistryErrors.of(r, what);
            }
        }
    }

    /**
     * Sends a GET for {@code path} under {@code /v2/<repository>/} and returns the answer when it
     * is a 200; any other answer is a StowageException naming {@code what}.
     */
    Response get(String path, String accept, String what) {
        return get(path, accept, null, what);
    }

    /**
     * A GET with a {@code Range} header (kept across redirects) when {@code range} is not null;
     * then a 206 answer is taken too, and the caller reads its status.
     */
    Response get(String path, String accept, String range, String what) {
        return expect(Request.get(url(path), accept).withRange(range), what, Set.of());
    }

    /**
     * A GET for {@code path}, as {@link #get(String, String, String)}, except that an answer with
     * one of the {@code absent} statuses (a registry without the API asked for) gives null.
     */
    Response getIfPresent(String path, String accept, String what, Set<Integer> absent) {
        return expect(Request.get(url(path), accept), what, absent);
    }

    /** A HEAD for {@code path}: the answer when it is a 200; else a StowageException. */
    Response head(String path, String accept, String what) {
        return expect(new Request("HEAD", url(path), accept, null, null, null, null), what, Set.of());
    }

    /** A GET for an absolute path on the registry ({@code /v2/…?…}, as a {@code Link} header gives it), accepting {@code accept}. */
    Response getAbsolute(String pathAndQuery, String accept, String what) {
        return expect(Request.get(endpoint.base() + pathAndQuery, accept), what, Set.of());
    }

    /** {@code /v2/<repository>/} and {@code path}, on the registry. */
    String url(String path) {
        return endpoint.base() + "/v2/" + repository + "/" + path;
    }

    /** {@link #call}, and a StowageException for any answer but a 200 (or a 206 to a range), or null for an {@code absent} one. */
    private Response expect(Request req, String what, Set<Integer> absent) {
        Response r = call(req, what);
        if (r.status() == 200 || (r.status() == 206 && req.range() != null)) {
            return r;
        }
        if (absent.contains(r.status())) {
            r.close();
            return null;
        }
        throw RegistryErrors.of(r, what);
    }

    /**
     * Sends {@code req} with this client's authorization when it goes to the registry's origin (an
     * upload {@code Location} on another host gets none), and returns the answer, whatever its
     * status. A 401 from the registry earns one new authorization (a fresh token: the old one may
     * have been revoked) and one more try, when the request can be sent again; a 401 from another
     * origin is refused, its challenge unanswered.
     */
    Response call(Request req, String what) {
        for (int attempt = 0;; attempt++) {
            Response r = http.send(req, isOwn(req.url()) ? authorization : null, what, retry.tries());
            if (r.status() != 401) {
                return r;
            }
            if (!isOwn(r.url())) {
                r.close();
                refuseForeignChallenge(r.url(), what);
            }
            if (attempt > 0 || !req.repeatable()) {
                return r;
            }
            Challenge fresh = Challenge.parse(r.header("WWW-Authenticate"));
            if (fresh == null) {
                return r;
            }
            r.close();
            challenge = fresh;
            authorize(true);
        }
    }

    private void authorize(boolean fresh) {
        Challenge c = challenge;
        if (c == null) {
            throw new StowageException(Reason.UNAUTHORIZED, "registry " + endpoint.registry()
                    + ": unauthorized: no authentication challenge given");
        }
        if (login != null && !endpoint.mayCarryCredentials()) {
            throw new StowageException(Reason.UNAUTHORIZED, "registry " + endpoint.registry()
                    + ": refusing to send credentials over plain HTTP");
        }
        if (c.isBasic()) {
            if (login == null) {
                throw new StowageException(Reason.UNAUTHORIZED, "registry " + endpoint.registry()
                        + ": unauthorized: authentication required (no credentials for this registry)");
            }
            authorization = login.basicHeader();
        } else if (c.isBearer()) {
            authorization = "Bearer " + token(c, fresh);
        } else {
            throw new StowageException(Reason.UNSUPPORTED, "registry " + endpoint.registry()
                    + ": authentication scheme " + c.scheme() + " is not supported");
        }
    }

    /**
     * A bearer token for the repository's pull scope from the challenge's realm: the cached one
     * unless {@code fresh} (after a 401), else a new one, then cached for its lifetime.
     */
    private String token(Challenge c, boolean fresh) {
        String realm = c.params().get("realm");
        if (realm == null || realm.isEmpty()) {
            throw new StowageException(Reason.UNAUTHORIZED, "registry " + endpoint.registry() + ": bearer challenge without realm");
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (c.params().containsKey("service")) {
            url.append("service=").append(URLEncoder.encode(c.params().get("service"), StandardCharsets.UTF_8)).append('&');
        }
        if (repository != null) {
            url.append("scope=").append(URLEncoder.encode("repository:" + repository + ":" + actions, StandardCharsets.UTF_8));
        }
        String what = "registry " + endpoint.registry() + ": token";
        String key = url + " " + (login == null ? "" : login.username() + ":" + Integer.toHexString(login.password().hashCode()));
        if (fresh) {
            tokens.forget(key);
        } else {
            String cached = tokens.get(key);
            if (cached != null) {
                return cached;
            }
        }
        String auth = null;
        if (login != null) {
            if (!url.toString().startsWith("https:") && !Endpoint.isLoopback(hostOfUrl(url.toString()))) {
                throw new StowageException(Reason.UNAUTHORIZED, what + ": refusing to send credentials over plain HTTP");
            }
            auth = login.basicHeader();
        }
        try (Response r = http.send(Request.get(url.toString(), "application/json"), auth, what, retry.tries())) {
            if (r.status() != 200) {
                throw RegistryErrors.of(r, what);
            }
            JsonNode body = OciJson.tree(r.body().readNBytes(1 << 20), what);
            String token = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText("");
            if (token.isEmpty()) {
                throw new StowageException(Reason.UNAUTHORIZED, what + ": no token in answer");
            }
            long seconds = body.path("expires_in").asLong(0);
            tokens.put(key, token, seconds > 0 ? Duration.ofSeconds(seconds) : TokenCache.DEFAULT_LIFETIME);
            return token;
        } catch (IOException e) {
            throw unavailable(what, e);
        }
    }

    /** The operation is over: its connections are no longer watched for the deadline. */
    void close() {
        retry.release();
    }

    /** A failure to reach the registry, as {@link Http#unavailable} says it. */
    StowageException unavailable(String what, IOException e) {
        return http.unavailable(what, e);
    }

    /** Whether {@code url} is on the registry's origin: its scheme, host and port. */
    boolean isOwn(String url) {
        return http.isOwn(url);
    }

    /**
     * Refuses to answer a challenge from {@code url} when it is not the registry's own (a redirect
     * target's, a storage host's): the registry's login and tokens are for the registry.
     */
    private void refuseForeignChallenge(String url, String what) {
        if (!isOwn(url)) {
            throw new StowageException(Reason.UNAUTHORIZED, what + ": unauthorized: " + Http.origin(url)
                    + " asks for credentials; it is not registry " + endpoint.registry() + ", whose credentials are not sent there");
        }
    }

    private static String hostOfUrl(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? "" : host;
        } catch (java.net.URISyntaxException e) {
            return ""; // not sent: the request names the bad URL
        }
    }
}
