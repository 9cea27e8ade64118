package io.stowage.imagesets.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One image set: a factory configuration of PID {@code io.stowage.imageset}, so that
 * {@code etc/io.stowage.imageset-<name>.cfg} is the set {@code <name>}.
 */
@ObjectClassDefinition(name = "Stowage image set", description = "Images the running instance keeps present:"
        + " pulled when missing, their tags followed, failures tried again")
public @interface ImageSetConfig {
    @AttributeDefinition(name = "Images", description = "Comma-separated references; each follows its tag (host/app:1),"
            + " or is pinned to a digest (host/app@sha256:…)")
    String images();

    @AttributeDefinition(name = "Platform", required = false, description = "os/arch[/variant] to pull; empty: the host's")
    String platform() default "";

    @AttributeDefinition(name = "Interval", required = false, description = "Seconds between looks at each image's tag"
            + " (a tenth of it as jitter, so gateways do not ask at once)")
    long interval() default 300;

    @AttributeDefinition(name = "Name", required = false, description = "The set's name; empty: the <name> of"
            + " io.stowage.imageset-<name>.cfg")
    String name() default "";
}
