package io.stowage.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the image service, PID {@code io.stowage.core} (etc/io.stowage.core.cfg). */
@ObjectClassDefinition(name = "Stowage core", description = "Which store the image service uses, and how it pulls.")
public @interface CoreConfig {

    @AttributeDefinition(name = "Store", description = "LDAP filter selecting the BlobStore service, by its stowage.store property")
    String store_target() default "(stowage.store=fs)";

    @AttributeDefinition(name = "Download concurrency", description = "Layers downloaded at once by one pull", min = "1", max = "32")
    int concurrency() default 3;

    @AttributeDefinition(name = "Transport wait (s)", description = "how long an operation waits for the transport of its kind"
            + " (docker, oci, …) to be bound, as while the framework starts; 0: it fails at once")
    int transport_wait() default 30;

    @AttributeDefinition(name = "Trust policy", required = false, description = "A containers-policy.json saying what may be pulled"
            + " and loaded; empty: <stowage.home>/etc/policy.json (absent: everything may)")
    String policy_file() default "";
}
