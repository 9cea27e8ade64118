package io.stowage.transport.registry.internal;

import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One configured registry host (factory PID {@code io.stowage.registry.host}): its mirrors, how
 * it is reached (plain HTTP, or TLS with its own CA, client certificate, or no verification).
 * Registered for the registry transport only; a configuration whose TLS files do not parse stays
 * registered and makes every pull from the host fail with that error.
 */
@Component(service = RegistryHost.class, configurationPid = "io.stowage.registry.host",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HostConfig.class, factory = true)
public final class RegistryHost {
    private final String host;
    private final List<String> mirrors;
    private final boolean plainHttp;
    private final Tls tls;
    private final RuntimeException broken;
    private final HostLimits limits;

    @Activate
    public RegistryHost(HostConfig config) {
        this.host = config.host().trim();
        this.mirrors = Arrays.stream(config.mirrors()).flatMap(m -> Arrays.stream(m.split(","))).map(String::trim)
                .filter(m -> !m.isEmpty()).toList();
        this.plainHttp = config.plain_http();
        Tls t = null;
        RuntimeException error = null;
        try {
            t = Tls.of(host, config.skip_verify(), config.ca_file(), config.client_cert(), config.client_key());
        } catch (RuntimeException e) {
            error = e;
        }
        HostLimits l = HostLimits.NONE;
        try {
            long rate = config.rate() == null || config.rate().isBlank() ? 0
                    : io.stowage.oci.Sizes.parse(config.rate(), "rate of registry host " + host);
            l = new HostLimits(rate, Math.max(0, config.concurrency()));
        } catch (RuntimeException e) {
            error = error != null ? error : e;
        }
        this.tls = t;
        this.broken = error;
        this.limits = l;
    }

    /** The host's caps, shared by every transfer with it while this configuration stands; throws what its settings got wrong. */
    HostLimits limits() {
        if (broken != null) {
            throw broken;
        }
        return limits;
    }

    String host() {
        return host;
    }

    List<String> mirrors() {
        return mirrors;
    }

    boolean plainHttp() {
        return plainHttp;
    }

    /** The host's TLS settings, null for the JDK's defaults; throws what its files got wrong. */
    Tls tls() {
        if (broken != null) {
            throw broken;
        }
        return tls;
    }
}
