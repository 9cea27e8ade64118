package io.stowage.api;

import java.util.List;
import java.util.Map;

/**
 * The run configuration of an image (the config's {@code config} object): what a container made
 * from it runs. Absent fields are {@code null}, as in the image's JSON.
 */
public record ContainerConfig(String user, List<String> exposedPorts, List<String> env, List<String> entrypoint,
        List<String> cmd, List<String> volumes, String workingDir, Map<String, String> labels, String stopSignal) {

    public static final ContainerConfig EMPTY = new ContainerConfig(null, null, null, null, null, null, null, null, null);
}
