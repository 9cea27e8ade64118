package io.stowage.commands.karaf;

import io.stowage.commands.internal.DiskUsageCommands;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code image:df} in Karaf. */
@Service
@Command(scope = "image", name = "df", description = "Show disk usage of images")
public final class ImageDf extends StowageAction {
    @Reference
    DiskUsageCommands commands;

    @Option(name = "-v", aliases = "--verbose", description = "each image: size, shared size, unique size, containers")
    boolean verbose;

    @Override
    public Object execute() throws Exception {
        commands.df(verbose);
        return null;
    }
}
