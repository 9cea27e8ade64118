package io.stowage.containers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the container records, PID {@code io.stowage.containers}
 * ({@code etc/io.stowage.containers.cfg}); optional: without it the framework property
 * {@code stowage.data} decides, as before there was one.
 */
@ObjectClassDefinition(name = "Stowage containers", description = "Where the container records (containers.json) are kept.")
public @interface ContainersConfig {
    /** The PID. */
    String PID = "io.stowage.containers";

    @AttributeDefinition(name = "Data directory", required = false, description = "The directory of containers.json; empty:"
            + " the framework property stowage.data, else data (relative to the working directory)")
    String data() default "";
}
