package io.stowage.store.fs.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the filesystem store, PID {@code io.stowage.store.fs}
 * ({@code etc/io.stowage.store.fs.cfg}); optional: without it, or where it leaves a value unset,
 * the framework properties {@code stowage.data} and {@code stowage.ingest.maxAge} decide, as
 * before there was one.
 */
@ObjectClassDefinition(name = "Stowage store: filesystem", description = "Where the filesystem store keeps its blobs and "
        + "index, and when a leftover download counts as abandoned.")
public @interface FsStoreConfig {
    /** The PID. */
    String PID = "io.stowage.store.fs";

    @AttributeDefinition(name = "Data directory", required = false, description = "The store's directory; empty: the framework"
            + " property stowage.data, else data (relative to the working directory)")
    String data() default "";

    @AttributeDefinition(name = "Ingest max age (s)", required = false, description = "Seconds after which a leftover partial"
            + " download counts as abandoned and is deleted at start; 0: the framework property stowage.ingest.maxAge, else a day")
    long ingest_maxAge() default 0;

    @AttributeDefinition(name = "Health: warn below (% free)", required = false, description = "The health check \"Stowage store\""
            + " warns when less than this share of the data directory's file system is free; 0: never")
    int health_free_warn() default FsStoreHealth.WARN_PERCENT;

    @AttributeDefinition(name = "Health: critical below (% free)", required = false, description = "The health check is"
            + " critical when less than this share is free; 0: never")
    int health_free_critical() default FsStoreHealth.CRITICAL_PERCENT;
}
