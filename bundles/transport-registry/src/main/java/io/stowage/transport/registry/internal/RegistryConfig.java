package io.stowage.transport.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the registry transport, PID {@code io.stowage.registry} (etc/io.stowage.registry.cfg). */
@ObjectClassDefinition(name = "Stowage registry transport")
public @interface RegistryConfig {

    @AttributeDefinition(name = "Insecure registries",
            description = "host[:port] reached over plain HTTP; loopback hosts always are")
    String[] insecure() default {};

    @AttributeDefinition(name = "Credentials file",
            description = "Docker config.json-style file with an auths map; empty: <stowage.home>/etc/credentials.json")
    String credentials_file() default "";

    @AttributeDefinition(name = "Docker config.json",
            description = "a Docker client configuration whose auths, credsStore and credHelpers are used after the credentials file; empty: none")
    String docker_config() default "";

    @AttributeDefinition(name = "Connect timeout (ms)")
    int connect_timeout() default 30_000;

    @AttributeDefinition(name = "Read timeout (ms)",
            description = "no-progress timeout: the longest wait for bytes on an open connection before it counts as cut")
    int read_timeout() default 60_000;

    @AttributeDefinition(name = "Tries",
            description = "how often a request, or a blob transfer that breaks off, is tried in all (1: never again)")
    int retries() default 5;

    @AttributeDefinition(name = "First retry wait (ms)",
            description = "backoff base: a random wait up to base × 2^(try-1), or the registry's Retry-After")
    int retry_wait() default 500;

    @AttributeDefinition(name = "Longest retry wait (ms)")
    int retry_wait_max() default 10_000;

    @AttributeDefinition(name = "Deadline (s)", description = "longest a pull may take over the network; 0: none")
    int deadline() default 3600;

    @AttributeDefinition(name = "Push chunk (bytes)",
            description = "blobs up to this size are uploaded in one PUT, larger ones in PATCH chunks of this size")
    int push_chunk() default 16 << 20;

    @AttributeDefinition(name = "Tags per page", description = "page size asked for when listing a repository's tags")
    int tags_page() default 1000;

    @AttributeDefinition(name = "Most tags", description = "a tag listing longer than this, over all its pages, is refused")
    int tags_max() default 100_000;
}
