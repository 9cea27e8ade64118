package io.stowage.server.internal;

import io.stowage.api.ImageService;
import io.stowage.api.StowageException;
import io.stowage.api.store.BlobStore;
import io.stowage.oci.Log;
import io.stowage.oci.Sizes;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The registry server: when enabled, an HTTP server of its own (a Felix HTTP Jetty instance made
 * through Configuration Admin, named {@value #SERVER_NAME}, on the configured address and port,
 * so an appliance's own web server is left alone) and on it, through the Servlet Whiteboard, the
 * {@link RegistryServlet} over the configured store. A one-shot {@code bin/stowage} command never
 * serves: the running instance does.
 */
@Component(configurationPid = "io.stowage.server", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfig.class)
public final class RegistryServer {
    static final String SERVER_NAME = "stowage";
    /** Felix HTTP Jetty's factory PID for servers of their own. */
    static final String JETTY_FACTORY = "org.apache.felix.http";

    private final Log log = new Log(RegistryServer.class);
    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private Configuration jetty;
    private ServiceRegistration<Servlet> servlet;
    /**
     * The store served, which {@code store.target} selects; tracked only while serving, not a DS
     * reference: a disabled server must not activate a store (the fs store would make its layout
     * in the data directory of a runtime configured for the memory store).
     */
    private volatile ServiceTracker<BlobStore, BlobStore> store;
    /** The image service that names what is pushed, tracked only while taking pushes. */
    private volatile ServiceTracker<ImageService, ImageService> images;
    private Uploads uploads;

    @Activate
    public RegistryServer(BundleContext context, @Reference ConfigurationAdmin configurations, ServerConfig config) {
        this.context = context;
        this.configurations = configurations;
        start(config);
    }

    @Modified
    void modified(ServerConfig config) {
        stop();
        start(config);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private synchronized void start(ServerConfig config) {
        if (!config.enabled()) {
            log.info("registry server disabled (enabled=false in io.stowage.server)");
            return;
        }
        if ("command".equals(context.getProperty("stowage.mode"))) {
            return; // the running instance serves, not a one-shot command
        }
        try {
            serve(config);
        } catch (StowageException e) {
            stop();
            log.error("registry server not started: {}", e.getMessage());
        }
    }

    /** Checks the whole configuration (filter, sizes, files) before anything listens; then serves. */
    private void serve(ServerConfig config) {
        String where = " in io.stowage.server";
        org.osgi.framework.Filter storeFilter;
        try {
            storeFilter = FrameworkUtil.createFilter("(&(" + Constants.OBJECTCLASS + "=" + BlobStore.class.getName() + ")"
                    + config.store_target() + ")");
        } catch (InvalidSyntaxException e) {
            throw new StowageException(StowageException.Reason.INVALID, "store.target " + config.store_target() + where
                    + " is not a filter: " + e.getMessage());
        }
        long maxUpload = Sizes.parse(config.upload_max_size(), "upload.max.size" + where);
        Access.Mode mode;
        try {
            mode = Access.Mode.valueOf(config.auth().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StowageException(StowageException.Reason.INVALID, "auth" + where + ": \"" + config.auth()
                    + "\" is none of none, htpasswd, token");
        }
        Htpasswd users = null;
        if (mode != Access.Mode.NONE) {
            if (config.auth_htpasswd().isBlank()) {
                throw new StowageException(StowageException.Reason.INVALID, "auth=" + config.auth() + where + " needs auth.htpasswd");
            }
            users = new Htpasswd(file(config.auth_htpasswd()));
        }
        boolean tls = !config.tls_certificate().isBlank() || !config.tls_key().isBlank();
        String keystorePassword = null;
        if (tls) {
            if (config.tls_certificate().isBlank() || config.tls_key().isBlank()) {
                throw new StowageException(StowageException.Reason.INVALID, "tls.certificate and tls.key" + where + " go together");
            }
            keystorePassword = TlsKeystore.write(file(config.tls_certificate()), file(config.tls_key()), keystore());
        }
        if (mode == Access.Mode.HTPASSWD && !tls && !isLoopback(config.address())) {
            log.warn("registry server: auth=htpasswd without TLS sends passwords in the clear to {}", config.address());
        }
        try {
            jetty = configurations.getFactoryConfiguration(JETTY_FACTORY, SERVER_NAME, "?");
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("org.apache.felix.http.name", SERVER_NAME);
            p.put("org.apache.felix.http.enable", !tls);
            p.put("org.apache.felix.https.enable", tls);
            p.put("org.apache.felix.http.host", config.address());
            p.put(tls ? "org.osgi.service.http.port.secure" : "org.osgi.service.http.port", config.port());
            if (tls) {
                p.put("org.apache.felix.https.keystore", keystore().toString());
                p.put("org.apache.felix.https.keystore.type", "PKCS12");
                p.put("org.apache.felix.https.keystore.password", keystorePassword);
                p.put("org.apache.felix.https.keystore.key.password", keystorePassword);
            }
            p.put("org.apache.felix.jetty.gziphandler.enable", false); // blobs go out as stored
            p.put("org.apache.felix.http.jetty.sendServerHeader", false);
            jetty.update(p);
        } catch (IOException e) {
            throw new StowageException(StowageException.Reason.IO, "configuration admin: " + e.getMessage(), e);
        }
        store = new ServiceTracker<>(context, storeFilter, null);
        store.open();
        List<String> upstreams = PullThrough.parse(config.upstreams());
        if (config.push() || !upstreams.isEmpty()) {
            images = new ServiceTracker<>(context, ImageService.class, null);
            images.open();
        }
        PullThrough pullThrough = upstreams.isEmpty() ? null : new PullThrough(this::images, upstreams);
        Push push = null;
        if (config.push()) {
            uploads = new Uploads(this::store, () -> images().lease(), maxUpload);
            push = new Push(this::images, uploads, config.registry_name().trim());
        }
        Access access = new Access(mode, users, config.push(), config.address() + ":" + config.port());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, new String[] {"/v2/*", "/token"});
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, "(org.apache.felix.http.name=" + SERVER_NAME + ")");
        servlet = context.registerService(Servlet.class, new RegistryServlet(this::store, Math.max(1, config.page_max()), push, access, pullThrough),
                props);
        log.info("registry server on {}://{}:{}/v2/ serving store {}{}, auth={}", tls ? "https" : "http", config.address(), config.port(),
                config.store_target(), config.push() ? ", taking pushes" : ", read only", mode.name().toLowerCase(java.util.Locale.ROOT));
        if (pullThrough != null) {
            log.info("registry server pulls through from {}", String.join(", ", upstreams));
        }
    }

    /** A configured file: as it is when absolute, else under the Stowage home (where etc/ is). */
    private java.nio.file.Path file(String configured) {
        java.nio.file.Path p = java.nio.file.Paths.get(configured.trim());
        String home = context.getProperty("stowage.home");
        return p.isAbsolute() || home == null ? p : java.nio.file.Paths.get(home).resolve(p);
    }

    /** The keystore made from the PEM files, in this bundle's own storage, readable by its owner alone. */
    private java.nio.file.Path keystore() {
        return context.getDataFile("tls.p12").toPath();
    }

    private static boolean isLoopback(String address) {
        return address.equals("127.0.0.1") || address.equals("::1") || address.equals("localhost");
    }

    private ImageService images() {
        ServiceTracker<ImageService, ImageService> t = images;
        ImageService i = t == null ? null : t.getService();
        if (i == null) {
            throw new StowageException(StowageException.Reason.UNAVAILABLE, "no image service available");
        }
        return i;
    }

    private BlobStore store() {
        ServiceTracker<BlobStore, BlobStore> t = store;
        BlobStore s = t == null ? null : t.getService();
        if (s == null) {
            throw new StowageException(StowageException.Reason.UNAVAILABLE, "no image store available");
        }
        return s;
    }

    private synchronized void stop() {
        if (servlet != null) {
            servlet.unregister();
            servlet = null;
        }
        if (uploads != null) {
            uploads.close();
            uploads = null;
        }
        if (images != null) {
            images.close();
            images = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        try {
            java.nio.file.Files.deleteIfExists(keystore());
        } catch (IOException | RuntimeException e) {
            log.warn("registry server: could not delete its TLS keystore: {}", e.toString());
        }
        if (jetty != null) {
            try {
                jetty.delete();
            } catch (IOException | IllegalStateException e) {
                log.warn("registry server: could not remove its HTTP server configuration: {}", e.toString());
            }
            jetty = null;
        }
    }
}
