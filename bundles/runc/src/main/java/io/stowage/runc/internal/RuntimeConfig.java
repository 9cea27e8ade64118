package io.stowage.runc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the container runtime, PID {@code io.stowage.runtime}
 * ({@code etc/io.stowage.runtime.cfg}); optional.
 */
@ObjectClassDefinition(name = "Stowage container runtime", description = "The OCI runtime that runs containers, and where it keeps their state.")
public @interface RuntimeConfig {
    /** The PID. */
    String PID = "io.stowage.runtime";

    @AttributeDefinition(name = "Runtime", required = false, description = "The OCI runtime's program: a name looked up on the PATH"
            + " (runc, crun) or an absolute path")
    String binary() default "runc";

    @AttributeDefinition(name = "State directory", required = false, description = "Where the runtime's state and each container's"
            + " exit status are kept; empty: runtime/ in the framework property stowage.data, else in data")
    String state() default "";
}
