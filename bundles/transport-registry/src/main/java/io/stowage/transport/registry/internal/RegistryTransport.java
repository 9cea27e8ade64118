package io.stowage.transport.registry.internal;

import io.stowage.api.ImageReference;
import io.stowage.api.transport.ImageSource;
import io.stowage.api.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code docker} transport: images in OCI Distribution registries. Needs its configuration
 * (PID {@code io.stowage.registry}), so it never runs with defaults before the runtime's
 * configuration has been read.
 */
@Component(service = Transport.class, property = Transport.PROPERTY + "=docker",
        configurationPid = "io.stowage.registry", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RegistryConfig.class)
public final class RegistryTransport implements Transport {
    private final String home;
    private volatile Settings settings;

    private record Settings(Set<String> insecure, Credentials credentials, int connectTimeout, int readTimeout,
            RegistryConfig config) {
        /** The retry policy of one operation, its deadline counted from now. */
        Retry retry() {
            return new Retry(config.retries(), Duration.ofMillis(config.retry_wait()), Duration.ofMillis(config.retry_wait_max()),
                    Duration.ofSeconds(Math.max(0, config.deadline())));
        }
    }

    @Activate
    public RegistryTransport(BundleContext context, RegistryConfig config) {
        this.home = Objects.requireNonNullElse(context.getProperty("stowage.home"), ".");
        modified(config);
    }

    @Modified
    void modified(RegistryConfig config) {
        String file = config.credentials_file();
        Path credentials = file == null || file.isBlank() ? Paths.get(home, "etc", "credentials.json") : Paths.get(file);
        Set<String> insecure = Arrays.stream(config.insecure()).flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
        settings = new Settings(insecure, new Credentials(credentials), config.connect_timeout(),
                config.read_timeout(), config);
    }

    @Override
    public ImageSource open(ImageReference reference) {
        Settings s = settings;
        Endpoint endpoint = Endpoint.of(reference.registry(), s.insecure());
        RegistryClient client = new RegistryClient(endpoint, reference.repository(),
                s.credentials().lookup(reference.registry()), s.connectTimeout(), s.readTimeout(), s.retry());
        client.handshake();
        return new RegistrySource(reference, client);
    }
}
