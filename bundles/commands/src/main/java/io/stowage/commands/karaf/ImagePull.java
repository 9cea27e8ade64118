package io.stowage.commands.karaf;

import io.stowage.commands.internal.ImageCommands;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:pull} in Karaf. */
@Service
@Command(scope = "image", name = "pull", description = "Download an image from a registry, or read one from oci:, oci-archive: or docker-archive:")
public final class ImagePull extends StowageAction {
    @Reference
    ImageCommands commands;

    @Option(name = "--platform", description = "os/arch[/variant] to choose from a multi-platform image")
    String platform;

    @Option(name = "-q", aliases = "--quiet", description = "print only the image's reference")
    boolean quiet;

    @Option(name = "-a", aliases = "--all-tags", description = "download every tag of the repository")
    boolean allTags;

    @Argument(multiValued = true, description = "image reference, e.g. alpine:latest or host:5000/repo@sha256:…, or a location, "
            + "e.g. oci:/srv/layout:1.0, docker-archive:/media/usb/app.tar")
    List<String> args;

    @Override
    public Object execute() throws Exception {
        commands.pull(gogo(), or(platform), quiet, allTags, given(args));
        return null;
    }
}
