package io.stowage.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the registry server, PID {@code io.stowage.server} (etc/io.stowage.server.cfg). */
@ObjectClassDefinition(name = "Stowage registry server",
        description = "Serves the image store over the OCI Distribution API, read only, to container runtimes and peers")
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
}
