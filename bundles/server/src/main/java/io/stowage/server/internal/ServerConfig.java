package io.stowage.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the registry server, PID {@code io.stowage.server} (etc/io.stowage.server.cfg). */
@ObjectClassDefinition(name = "Stowage registry server",
        description = "Serves the image store over the OCI Distribution API to container runtimes and peers")
public @interface ServerConfig {

    @AttributeDefinition(name = "Enabled", description = "serve the store; off: nothing listens")
    boolean enabled() default false;

    @AttributeDefinition(name = "Address", description = "the address listened on; loopback by default")
    String address() default "127.0.0.1";

    @AttributeDefinition(name = "Port")
    int port() default 5050;

    @AttributeDefinition(name = "Store", description = "filter selecting the image store served, as the core's store.target")
    String store_target() default "(stowage.store=fs)";

    @AttributeDefinition(name = "Page size", description = "the most tags or repositories one listing page holds, whatever n asks")
    int page_max() default 1000;

    @AttributeDefinition(name = "Push", description = "take pushes into the store (blob uploads, manifests); off: read only")
    boolean push() default false;

    @AttributeDefinition(name = "Registry name", description = "the registry part of a pushed image's name when its path has none;"
            + " empty: the host the client addressed (Host header), as 127.0.0.1:5050")
    String registry_name() default "";

    @AttributeDefinition(name = "Largest upload", description = "the most bytes one pushed blob may have (500MB, 8GB, 1GiB)")
    String upload_max_size() default "8GB";

    @AttributeDefinition(name = "Authentication", description = "none; htpasswd (HTTP Basic against auth.htpasswd);"
            + " token (bearer tokens Stowage issues at /token to the users of auth.htpasswd)")
    String auth() default "none";

    @AttributeDefinition(name = "htpasswd file", description = "users and bcrypt hashes (htpasswd -B); relative to the Stowage home")
    String auth_htpasswd() default "";

    @AttributeDefinition(name = "TLS certificate", description = "PEM certificate chain, the server's first; with tls.key: HTTPS only")
    String tls_certificate() default "";

    @AttributeDefinition(name = "TLS key", description = "PEM PKCS#8 private key of tls.certificate")
    String tls_key() default "";

    @AttributeDefinition(name = "Pull-through upstreams", description = "registries (docker.io, ghcr.io, host:5000), comma-separated,"
            + " whose images the server pulls when asked for one the store lacks; empty: none")
    String upstreams() default "";
}
