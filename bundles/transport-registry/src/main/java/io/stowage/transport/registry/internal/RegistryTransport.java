package io.stowage.transport.registry.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.RegistryService;
import io.stowage.api.StowageException;
import io.stowage.api.transport.ImageDestination;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Location;
import io.stowage.api.transport.Transport;
import io.stowage.oci.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code docker} transport: images in OCI Distribution registries. Needs its configuration
 * (PID {@code io.stowage.registry}), so it never runs with defaults before the runtime's
 * configuration has been read.
 */
@Component(service = {Transport.class, RegistryService.class},
        property = {Transport.KIND + "=" + Transport.REGISTRY_KIND, Transport.SYNTAX + "=" + Transport.REFERENCES},
        configurationPid = "io.stowage.registry", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RegistryConfig.class)
public final class RegistryTransport implements Transport, RegistryService {
    private final String home;
    private final TokenCache tokens = new TokenCache(java.time.Clock.systemUTC());
    private volatile Settings settings;

    private final Log log = new Log(RegistryTransport.class);

    private record Settings(Set<String> insecure, Credentials credentials, int connectTimeout, int readTimeout,
            RegistryConfig config, Log log) {
        /** The retry policy of one operation, its deadline counted from now. */
        Retry retry() {
            return new Retry(config.retries(), Duration.ofMillis(config.retry_wait()), Duration.ofMillis(config.retry_wait_max()),
                    Duration.ofSeconds(Math.max(0, config.deadline())), log);
        }
    }


    @Activate
    public RegistryTransport(BundleContext context, RegistryConfig config) {
        this.home = Objects.requireNonNullElse(context.getProperty("stowage.home"), ".");
        apply(config);
    }

    @Modified
    void modified(RegistryConfig config) {
        apply(config);
        log.info("registry configuration changed: {} tries, deadline {} s, insecure {}", config.retries(),
                config.deadline(), settings.insecure().isEmpty() ? "none" : settings.insecure());
    }

    private void apply(RegistryConfig config) {
        String file = config.credentials_file();
        Path credentials = file == null || file.isBlank() ? Paths.get(home, "etc", "credentials.json") : Paths.get(file);
        Set<String> insecure = Arrays.stream(config.insecure()).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
        String docker = config.docker_config();
        settings = new Settings(insecure, new Credentials(credentials, docker == null || docker.isBlank() ? null : Paths.get(docker)),
                config.connect_timeout(),
                config.read_timeout(), config, log);
    }

    /** Whoever wants to see each request ({@link io.stowage.api.transport.RequestObserver}). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<io.stowage.api.transport.RequestObserver> observed = List.of();
    private final Observers observers = new Observers(() -> observed);

    /** Hosts configured under factory PID {@code io.stowage.registry.host}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<RegistryHost> hosts = List.of();

    /**
     * The reference's repository at its registry, or, when the registry's configuration names
     * mirrors, at the first mirror that answers and has it (see {@link MirroredSource}).
     */
    @Override
    public ImageSource open(Location location) {
        ImageReference reference = location.reference();
        Settings s = settings;
        Retry retry = s.retry();
        RegistryHost config = host(reference.registry());
        if (config == null || config.mirrors().isEmpty()) {
            return source(reference, reference.registry(), s, retry, retry.tries());
        }
        List<Supplier<RegistrySource>> candidates = new ArrayList<>();
        for (String mirror : config.mirrors()) {
            candidates.add(memo(() -> source(reference, mirror, s, retry, 1)));
        }
        candidates.add(memo(() -> source(reference, reference.registry(), s, retry, retry.tries())));
        return new MirroredSource(candidates);
    }

    /** The repository at {@code registry} (the reference's own, or a mirror), after the handshake. */
    private RegistrySource source(ImageReference reference, String registry, Settings s, Retry retry, int tries) {
        Endpoint endpoint = Endpoint.of(registry, s.insecure(), host(registry));
        RegistryClient client = new RegistryClient(endpoint, reference.repository(), s.credentials().lookup(registry),
                s.connectTimeout(), s.readTimeout(), retry, tokens).observedBy(observers);
        client.handshake(tries);
        return new RegistrySource(reference, client, Math.max(1, s.config().tags_page()), Math.max(1, s.config().tags_max()))
                .limitedBy(limits(registry));
    }

    /** The reference's repository for a push: the handshake earns a token with push in its scope. */
    @Override
    public ImageDestination openDestination(Location location) {
        ImageReference reference = location.reference();
        Settings s = settings;
        Retry retry = s.retry();
        Endpoint endpoint = Endpoint.of(reference.registry(), s.insecure(), host(reference.registry()));
        RegistryClient client = new RegistryClient(endpoint, reference.repository(), s.credentials().lookup(reference.registry()),
                s.connectTimeout(), s.readTimeout(), retry, tokens, "pull,push").observedBy(observers);
        client.handshake(retry.tries());
        return new RegistryDestination(client, Math.max(1, s.config().push_chunk())).limitedBy(limits(reference.registry()));
    }

    @Override
    public void login(String host, String username, String password) {
        if (!ImageReference.parse(host + "/x").registry().equals(host.equals("index.docker.io") ? "docker.io" : host)) {
            throw new StowageException(StowageException.Reason.INVALID, "invalid registry host: " + host
                    + " (a host name with a dot or a port, localhost, or docker.io)");
        }
        Settings s = settings;
        Credentials.Login login = new Credentials.Login(username, password);
        new RegistryClient(Endpoint.of(host, s.insecure(), host(host)), null, login, s.connectTimeout(), s.readTimeout(),
                s.retry(), new TokenCache(java.time.Clock.systemUTC())).observedBy(observers).verifyLogin(); // a login is checked with a new token
        s.credentials().store(host, login);
        log.info("logged in to {} as {}", host, username);
    }

    @Override
    public boolean logout(String host) {
        boolean removed = settings.credentials().remove(host);
        if (removed) {
            log.info("logged out of {}", host);
        }
        return removed;
    }

    /** A source opened once, when first asked for; a failure to open is remembered too. */
    private static Supplier<RegistrySource> memo(Supplier<RegistrySource> open) {
        return new Supplier<>() {
            private RegistrySource source;
            private StowageException failure;

            @Override
            public synchronized RegistrySource get() {
                if (source == null && failure == null) {
                    try {
                        source = open.get();
                    } catch (StowageException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return source;
            }
        };
    }

    /** The caps of {@code registry}'s configuration, none without one. */
    private HostLimits limits(String registry) {
        RegistryHost h = host(registry);
        return h == null ? HostLimits.NONE : h.limits();
    }

    private RegistryHost host(String registry) {
        for (RegistryHost h : hosts) {
            if (h.host().equals(registry)) {
                return h;
            }
        }
        return null;
    }
}
