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

    @AttributeDefinition(name = "Store size budget", required = false, description = "the most the store may hold (blobs, partial"
            + " downloads and snapshots), as 500MB, 2GB or bytes; a pull or load that would pass it is refused before it fetches"
            + " anything, or makes room by eviction; empty: no limit")
    String budget_max_size() default "";

    @AttributeDefinition(name = "Minimum free space", required = false, description = "the space that must stay free on the store's"
            + " file system after a pull or load, as 500MB, 2GB or bytes; empty: none")
    String budget_min_free() default "";

    @AttributeDefinition(name = "Eviction", description = "lru: a pull or load beyond the budget first removes the least recently"
            + " used images that no container holds and no image set pins; none: it is refused")
    String evict() default "none";

    @AttributeDefinition(name = "Prune images unused for", required = false, description = "the running instance removes images"
            + " unused for longer (a Go duration: 720h), held and pinned ones never; empty: never")
    String prune_until() default "";

    @AttributeDefinition(name = "Prune interval", description = "how often that prune runs (a Go duration: 1h)")
    String prune_interval() default "1h";
}
