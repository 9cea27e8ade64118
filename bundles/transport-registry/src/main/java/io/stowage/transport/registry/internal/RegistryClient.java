package io.stowage.transport.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;

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
    private static final int MAX_REDIRECTS = 5;

    private final Endpoint endpoint;
    private final String repository;
    private final Credentials.Login login;
    private final int connectTimeout;
    private final int readTimeout;
    private final Retry retry;
    private final TokenCache tokens;
    /** The token scope's actions: {@code pull}, or {@code pull,push} for a push. */
    private final String actions;
    private volatile String authorization;
    private volatile Challenge challenge;
    private volatile Observers observers = Observers.NONE;

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
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Reports each request of this client to {@code observers}. */
    RegistryClient observedBy(Observers observers) {
        this.observers = observers;
        return this;
    }

    Observers observers() {
        return observers;
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
     * After a 401 from {@code url}: a new authorization (a fresh token, or the login again); false
     * when there is no challenge to answer.
     *
     * @throws StowageException UNAUTHORIZED when {@code url} is not the registry's: its challenge is not answered
     */
    boolean reauthorize(String url, String challengeHeader, String what) {
        refuseForeignChallenge(url, what);
        Challenge fresh = Challenge.parse(challengeHeader);
        if (fresh == null) {
            return false;
        }
        challenge = fresh;
        authorize(true);
        return true;
    }

    /**
     * The {@code /v2/} handshake: checks the registry answers and prepares authentication; tried
     * at most {@code tries} times (a mirror that does not answer is passed over at once).
     */
    void handshake(int tries) {
        String what = "registry " + endpoint.registry();
        HttpURLConnection conn = send("GET", endpoint.base() + "/v2/", null, null, null, what, tries);
        try {
            int status = status(conn);
            if (status == 401) {
                refuseForeignChallenge(conn.getURL().toString(), what);
                challenge = Challenge.parse(conn.getHeaderField("WWW-Authenticate"));
                authorize(false);
            } else if (status != 200) {
                throw RegistryErrors.of(conn, status, what);
            }
        } finally {
            conn.disconnect();
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
        HttpURLConnection conn = send("GET", endpoint.base() + "/v2/", null, authorization, null, what, retry.tries());
        try {
            int status = status(conn);
            if (status == 401) {
                throw new StowageException(Reason.UNAUTHORIZED, what + ": unauthorized: incorrect username or password");
            }
            if (status != 200) {
                throw RegistryErrors.of(conn, status, what);
            }
        } finally {
            conn.disconnect();
        }
    }

    /**
     * Sends a GET for {@code path} under {@code /v2/<repository>/} and returns the connection with a
     * 200 answer; any other answer is a StowageException naming {@code what}.
     */
    HttpURLConnection get(String path, String accept, String what) {
        return get(path, accept, null, what);
    }

    /**
     * A GET with a {@code Range} header (kept across redirects) when {@code range} is not null;
     * then a 206 answer is taken too, and the caller reads its status.
     */
    HttpURLConnection get(String path, String accept, String range, String what) {
        return request("GET", url(path), accept, range, what);
    }

    /**
     * A GET for {@code path}, as {@link #get(String, String, String)}, except that an answer with
     * one of the {@code absent} statuses (a registry without the API asked for) gives null.
     */
    HttpURLConnection getIfPresent(String path, String accept, String what, java.util.Set<Integer> absent) {
        return request("GET", url(path), accept, null, what, absent);
    }

    /** A HEAD for {@code path}: the connection with a 200 answer, its headers read; else a StowageException. */
    HttpURLConnection head(String path, String accept, String what) {
        return request("HEAD", url(path), accept, null, what);
    }

    /** A GET for an absolute path on the registry ({@code /v2/…?…}, as a {@code Link} header gives it), accepting {@code accept}. */
    HttpURLConnection getAbsolute(String pathAndQuery, String accept, String what) {
        return request("GET", endpoint.base() + pathAndQuery, accept, null, what);
    }

    private String url(String path) {
        return endpoint.base() + "/v2/" + repository + "/" + path;
    }

    private HttpURLConnection request(String method, String url, String accept, String range, String what) {
        return request(method, url, accept, range, what, java.util.Set.of());
    }

    private HttpURLConnection request(String method, String url, String accept, String range, String what,
            java.util.Set<Integer> absent) {
        for (int attempt = 0;; attempt++) {
            HttpURLConnection conn = send(method, url, accept, authorization, range, what, retry.tries());
            int status = status(conn);
            if (status == 200 || (status == 206 && range != null)) {
                return conn;
            }
            if (absent.contains(status)) {
                conn.disconnect();
                return null;
            }
            if (status == 401 && !isOwn(conn.getURL().toString())) {
                conn.disconnect();
                refuseForeignChallenge(conn.getURL().toString(), what);
            }
            if (status == 401 && attempt == 0) {
                Challenge fresh = Challenge.parse(conn.getHeaderField("WWW-Authenticate"));
                conn.disconnect();
                if (fresh != null) {
                    challenge = fresh;
                    authorize(true); // the token may have been revoked: a new one
                    continue;
                }
            }
            StowageException e = RegistryErrors.of(conn, status, what);
            conn.disconnect();
            throw e;
        }
    }

    /**
     * Sends a request to {@code url}, following redirects by hand (an {@code Authorization} header
     * only to the same host), and tries again after connection errors, timeouts, 5xx and 429
     * answers as {@link Retry} allows. Returns the connection with the last answer; after the last
     * try a failure says how often it was tried, and the registry's rate-limit headers.
     */
    private HttpURLConnection send(String method, String url, String accept, String auth, String range, String what,
            int tries) {
        for (int tried = 1;; tried++) {
            HttpURLConnection conn = null;
            try {
                conn = exchange(method, url, accept, auth, range);
                int status = conn.getResponseCode();
                int redirects = 0;
                while (isRedirect(status) && redirects++ < MAX_REDIRECTS) {
                    String location = conn.getHeaderField("Location");
                    conn.disconnect();
                    if (location == null) {
                        throw new StowageException(Reason.INVALID, what + ": redirect without Location");
                    }
                    String next = resolve(conn.getURL(), location, what);
                    conn = exchange(method, next, accept, sameOrigin(url, next) ? auth : null, range);
                    status = conn.getResponseCode();
                }
                if (status != 429 && status < 500) {
                    return conn;
                }
                Duration after = Retry.retryAfter(conn.getHeaderField("Retry-After"));
                if (tried < tries && retry.pause(tried, after, what + ": HTTP " + status)) {
                    conn.disconnect();
                    continue;
                }
                StowageException e = RegistryErrors.of(conn, status, what);
                String limits = RegistryErrors.rateLimit(conn);
                conn.disconnect();
                throw new StowageException(e.reason(), e.getMessage() + retry.exhausted(tried, limits));
            } catch (IOException e) {
                if (conn != null) {
                    conn.disconnect();
                }
                if (e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
                    throw unavailable(what, e);
                }
                boolean again;
                try {
                    again = tried < tries && isTransient(e) && retry.pause(tried, null, what + ": " + e);
                } catch (java.io.InterruptedIOException cancelled) {
                    throw unavailable(what, cancelled);
                }
                if (!again) {
                    StowageException u = unavailable(what, e);
                    String why = retry.expired() ? " (tried " + tried + (tried == 1 ? " time)" : " times)") : retry.exhausted(tried, "");
                    throw new StowageException(u.reason(), u.getMessage() + why, e);
                }
            }
        }
    }

    /**
     * Whether a failure to reach the registry may pass if tried again: a refused or cut
     * connection or a timeout may; a host name that does not resolve, or a certificate that is
     * not trusted, stays so.
     */
    static boolean isTransient(IOException e) {
        return !(e instanceof java.net.UnknownHostException || e instanceof javax.net.ssl.SSLHandshakeException
                || e instanceof javax.net.ssl.SSLPeerUnverifiedException);
    }

    /** The answer's status; the connection has it already. */
    private static int status(HttpURLConnection conn) {
        try {
            return conn.getResponseCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not reached: send read it
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
        HttpURLConnection conn = send("GET", url.toString(), "application/json", auth, null, what, retry.tries());
        try {
            int status = status(conn);
            if (status != 200) {
                throw RegistryErrors.of(conn, status, what);
            }
            try (InputStream in = conn.getInputStream()) {
                JsonNode body = OciJson.tree(in.readNBytes(1 << 20), what);
                String token = body.hasNonNull("token") ? body.get("token").asText() : body.path("access_token").asText("");
                if (token.isEmpty()) {
                    throw new StowageException(Reason.UNAUTHORIZED, what + ": no token in answer");
                }
                long seconds = body.path("expires_in").asLong(0);
                tokens.put(key, token, seconds > 0 ? Duration.ofSeconds(seconds) : TokenCache.DEFAULT_LIFETIME);
                return token;
            }
        } catch (IOException e) {
            throw unavailable(what, e);
        } finally {
            conn.disconnect();
        }
    }

    /** One request, answered: {@link #open}, then its status, reported to the observers. */
    private HttpURLConnection exchange(String method, String url, String accept, String auth, String range) throws IOException {
        long start = System.nanoTime();
        HttpURLConnection conn = open(method, url, accept, auth, range);
        try {
            int status = conn.getResponseCode();
            observers.report(method, url, isOwn(url), status, 0, conn.getContentLengthLong(), start);
            return conn;
        } catch (IOException e) {
            observers.report(method, url, isOwn(url), 0, 0, -1, start);
            throw e;
        }
    }

    private HttpURLConnection open(String method, String url, String accept, String auth, String range) {
        try {
            HttpURLConnection conn = (HttpURLConnection) new URI(url).toURL().openConnection();
            retry.watch(conn);
            conn.setRequestMethod(method);
            conn.setInstanceFollowRedirects(false);
            conn.setConnectTimeout(connectTimeout);
            conn.setReadTimeout(readTimeout);
            conn.setRequestProperty("User-Agent", "stowage/0.1");
            if (accept != null) {
                conn.setRequestProperty("Accept", accept);
            }
            if (auth != null) {
                conn.setRequestProperty("Authorization", auth);
            }
            if (range != null) {
                conn.setRequestProperty("Range", range);
            }
            if (endpoint.tls() != null && conn instanceof javax.net.ssl.HttpsURLConnection https
                    && https.getURL().getAuthority().equalsIgnoreCase(endpoint.authority())) {
                https.setSSLSocketFactory(endpoint.tls().factory());
                if (endpoint.tls().verifier() != null) {
                    https.setHostnameVerifier(endpoint.tls().verifier());
                }
            }
            return conn;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new StowageException(Reason.INVALID, "registry " + endpoint.registry() + ": bad URL " + url);
        }
    }

    /** The operation is over: its connections are no longer watched for the deadline. */
    void close() {
        retry.release();
    }

    /** A failure to reach the registry; after the deadline cut the connection, the deadline is the cause. */
    StowageException unavailable(String what, IOException e) {
        if (retry.cancelled()) { // an interrupt cut the connection: a cancellation, as core tells them by their cause
            return new StowageException(Reason.IO, (what == null ? "" : what + ": ") + "cancelled",
                    e instanceof java.io.InterruptedIOException ? e : new java.io.InterruptedIOException("cancelled"));
        }
        String cause = retry.expired() ? retry.deadlineText()
                : e instanceof java.net.UnknownHostException ? "no such host " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String subject = "registry " + endpoint.registry();
        return new StowageException(Reason.UNAVAILABLE, (what == null || what.equals(subject) ? "" : what + ": ")
                + subject + " unavailable: " + cause, e);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String resolve(URL base, String location, String what) {
        try {
            return base.toURI().resolve(location).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new StowageException(Reason.INVALID, what + ": bad redirect " + location);
        }
    }

    /** Whether {@code url} is on the registry's origin: its scheme, host and port. */
    boolean isOwn(String url) {
        return sameOrigin(endpoint.base() + "/", url);
    }

    /**
     * Refuses to answer a challenge from {@code url} when it is not the registry's own (a redirect
     * target's, a storage host's): the registry's login and tokens are for the registry.
     */
    private void refuseForeignChallenge(String url, String what) {
        if (!isOwn(url)) {
            throw new StowageException(Reason.UNAUTHORIZED, what + ": unauthorized: " + origin(url)
                    + " asks for credentials; it is not registry " + endpoint.registry() + ", whose credentials are not sent there");
        }
    }

    /** Same scheme, host and port (default ports made explicit). */
    static boolean sameOrigin(String a, String b) {
        return origin(a).equals(origin(b));
    }

    private static String origin(String url) {
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT);
            return scheme + "://" + host + ":" + port;
        } catch (URISyntaxException e) {
            return "invalid:" + url;
        }
    }

    private static String hostOfUrl(String url) {
        String host = URI.create(url).getHost();
        return host == null ? "" : host;
    }
}
