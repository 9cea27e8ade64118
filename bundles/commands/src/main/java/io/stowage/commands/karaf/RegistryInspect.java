package io.stowage.commands.karaf;

import io.stowage.commands.internal.RegistryCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code registry:inspect} in Karaf. */
@Service
@Command(scope = "registry", name = "inspect", description = "Show an image as its registry holds it, without pulling it (skopeo inspect's JSON)")
public final class RegistryInspect extends StowageAction {
    @Reference
    RegistryCommands commands;

    @Option(name = "--raw", description = "print the manifest (or index) as the registry serves it")
    boolean raw;

    @Option(name = "--config", description = "print the image configuration as the registry serves it")
    boolean config;

    @Option(name = "--platform", description = "os/arch[/variant] to choose from a multi-platform image")
    String platform;

    @Argument(multiValued = true, description = "image reference")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.inspect(raw, config, or(platform), given(args));
        return null;
    }
}
