package io.stowage.transport.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How one registry host is reached: factory PID {@code io.stowage.registry.host}, one
 * configuration per host ({@code etc/io.stowage.registry.host-<name>.cfg}).
 */
@ObjectClassDefinition(name = "Stowage registry host")
public @interface HostConfig {

    @AttributeDefinition(name = "Host", description = "the registry as references name it: docker.io, registry.lan:5000")
    String host();

    @AttributeDefinition(name = "Mirrors",
            description = "host[:port] tried in order before the host itself; each is reached as its own configuration says")
    String[] mirrors() default {};

    @AttributeDefinition(name = "Plain HTTP", description = "reach the host over HTTP, without TLS")
    boolean plain_http() default false;

    @AttributeDefinition(name = "Skip TLS verification", description = "HTTPS without checking the certificate or the host name")
    boolean skip_verify() default false;

    @AttributeDefinition(name = "CA bundle", description = "PEM file of the certificates that sign the host's certificate")
    String ca_file() default "";

    @AttributeDefinition(name = "Client certificate", description = "PEM file, for mutual TLS")
    String client_cert() default "";

    @AttributeDefinition(name = "Client key", description = "PEM file of the client certificate's PKCS#8 private key")
    String client_key() default "";

    @AttributeDefinition(name = "Rate", required = false, description = "the most this host's blob transfers, pulls and pushes"
            + " together, may move a second: 20MB, 1.5MiB or bytes; empty: no cap")
    String rate() default "";

    @AttributeDefinition(name = "Concurrency", description = "blob transfers with this host at once, across every pull and push"
            + " (each pull also keeps to the core's concurrency); 0: no cap", min = "0")
    int concurrency() default 0;
}
