package io.stowage.commands.karaf;

import io.stowage.commands.internal.RegistryCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code registry:referrers} in Karaf. */
@Service
@Command(scope = "registry", name = "referrers", description = "List what refers to an image at its registry (signatures, SBOMs, attestations: OCI 1.1 referrers)")
public final class RegistryReferrers extends StowageAction {
    @Reference
    RegistryCommands commands;

    @Option(name = "--artifact-type", description = "only referrers of this artifact type, e.g. application/spdx+json")
    String artifactType;

    @Option(name = "--format", description = "json: the list as an OCI index")
    String format;

    @Argument(multiValued = true, description = "image reference")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.referrers(or(artifactType), or(format), given(args));
        return null;
    }
}
