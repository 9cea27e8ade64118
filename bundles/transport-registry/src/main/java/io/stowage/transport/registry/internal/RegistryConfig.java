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

    @AttributeDefinition(name = "Connect timeout (ms)")
    int connect_timeout() default 30_000;

    @AttributeDefinition(name = "Read timeout (ms)", description = "longest wait for bytes on an open connection")
    int read_timeout() default 60_000;
}
