package io.stowage.commands.internal;

import io.stowage.api.Container;
import io.stowage.api.ContainerService;
import io.stowage.api.CreateOptions;
import io.stowage.api.RuntimeState;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code container:create|start|stop|kill|logs|ls|rm}: containers that hold their images and run through the container runtime, as Docker's. */
@Component(service = ContainerCommands.class, property = {
    "stowage.command.scope=container",
    "stowage.command.function=create",
    "stowage.command.function=start",
    "stowage.command.function=stop",
    "stowage.command.function=kill",
    "stowage.command.function=logs",
    "stowage.command.function=ls",
    "stowage.command.function=rm"})
public final class ContainerCommands {
    private static final int COMMAND_WIDTH = 20;
    private final ContainerService containers;

    @Activate
    public ContainerCommands(@Reference ContainerService containers) {
        this.containers = containers;
    }

    @Descriptor("Create a new container from an image (IMAGE [COMMAND] [ARG...]); prints its ID")
    public void create(
            @Descriptor("name for the container") @Parameter(names = "--name", absentValue = "") String name,
            @Descriptor("set an environment variable (NAME=value, or NAME to pass this one's); may be repeated")
            @Parameter(names = {"-e", "--env"}, absentValue = "") String env,
            @Descriptor("overwrite the image's entrypoint") @Parameter(names = "--entrypoint", absentValue = "") String entrypoint,
            @Descriptor("attach a file system mount: type=bind,source=/path,target=/path[,readonly] or type=tmpfs,target=/path;"
                    + " may be repeated") @Parameter(names = "--mount", absentValue = "") String mount,
            @Descriptor("image reference or ID, then the command and its arguments") String... args) {
        if (Help.shown(ContainerCommands.class, "container:create", args)) {
            return;
        }
        try {
            List<String> envs = new ArrayList<>(env.isEmpty() ? List.of() : List.of(env));
            List<String> mounts = new ArrayList<>(mount.isEmpty() ? List.of() : List.of(mount));
            String[] rest = Arguments.repeated(Arguments.repeated(args, envs, "-e", "--env"), mounts, "--mount");
            if (rest.length == 0 || rest[0].startsWith("-")) {
                Arguments.atLeastOne("container:create", rest.length == 0 ? rest : new String[] {rest[0]});
            }
            CreateOptions options = new CreateOptions(envs, entrypoint.isEmpty() ? null : List.of(entrypoint),
                    Arrays.asList(rest).subList(1, rest.length), mounts);
            System.out.println(containers.create(name.isEmpty() ? null : name, rest[0], options).id());
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Start one or more created or stopped containers")
    public void start(@Descriptor("container names or IDs") String... args) {
        if (Help.shown(ContainerCommands.class, "container:start", args)) {
            return;
        }
        each("container:start", args, containers::start);
    }

    @Descriptor("Stop one or more running containers: their stop signal, then KILL after the timeout")
    public void stop(
            @Descriptor("seconds to wait before killing the container (default 10)") @Parameter(names = {"-t", "--time"}, absentValue = "10")
            String time,
            @Descriptor("container names or IDs") String... args) {
        if (Help.shown(ContainerCommands.class, "container:stop", args)) {
            return;
        }
        Duration timeout = Duration.ofSeconds(seconds(time));
        each("container:stop", args, c -> containers.stop(c, timeout));
    }

    @Descriptor("Kill one or more running containers")
    public void kill(
            @Descriptor("signal to send to the container (default KILL)") @Parameter(names = {"-s", "--signal"}, absentValue = "KILL")
            String signal,
            @Descriptor("container names or IDs") String... args) {
        if (Help.shown(ContainerCommands.class, "container:kill", args)) {
            return;
        }
        each("container:kill", args, c -> containers.kill(c, signal));
    }

    @Descriptor("Print a container's output (standard output and error)")
    public void logs(
            @Descriptor("follow the output until the container exits") @Parameter(names = {"-f", "--follow"}, presentValue = "true",
                    absentValue = "false") boolean follow,
            @Descriptor("container name or ID") String... args) {
        if (Help.shown(ContainerCommands.class, "container:logs", args)) {
            return;
        }
        try {
            String container = Arguments.exactly("container:logs", 1, args)[0];
            containers.logs(container, follow, new EscapedLines(System.out));
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("List containers (running ones; all with -a)")
    public void ls(
            @Descriptor("show all containers, not only running ones") @Parameter(names = {"-a", "--all"}, presentValue = "true",
                    absentValue = "false") boolean all,
            @Descriptor("only display container IDs") @Parameter(names = {"-q", "--quiet"}, presentValue = "true",
                    absentValue = "false") boolean quiet,
            String... args) {
        if (Help.shown(ContainerCommands.class, "container:ls", args)) {
            return;
        }
        try {
            Arguments.exactly("container:ls", 0, args);
            Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            Instant now = Instant.now();
            for (Container c : containers.list()) {
                RuntimeState state = containers.state(c.id());
                if (!all && state.status() != RuntimeState.Status.RUNNING) {
                    continue;
                }
                if (quiet) {
                    System.out.println(c.id().substring(0, 12));
                    continue;
                }
                table.row(c.id().substring(0, 12), TerminalText.escape(c.image()), command(c),
                        Human.duration(Duration.between(c.created(), now)) + " ago", status(state, now), "", c.name());
            }
            if (!quiet) {
                System.out.print(table);
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    @Descriptor("Remove one or more containers")
    public void rm(
            @Descriptor("force the removal of a running container (kills it)") @Parameter(names = {"-f", "--force"}, presentValue = "true",
                    absentValue = "false") boolean force,
            @Descriptor("container names or IDs") String... args) {
        if (Help.shown(ContainerCommands.class, "container:rm", args)) {
            return;
        }
        each("container:rm", args, c -> containers.remove(c, force));
    }

    /** Docker's STATUS: {@code Created}, {@code Up 5 seconds}, {@code Exited (0) 3 minutes ago}. */
    static String status(RuntimeState state, Instant now) {
        return switch (state.status()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + Human.duration(Duration.between(state.startedAt(), now));
            case EXITED -> "Exited (" + state.exitCode() + ") " + Human.duration(Duration.between(state.finishedAt(), now)) + " ago";
        };
    }

    private static void each(String command, String[] args, java.util.function.Consumer<String> action) {
        try {
            Outcomes.each(Arguments.atLeastOne(command, args), name -> {
                action.accept(name);
                System.out.println(TerminalText.escape(name));
            }, System.err);
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    private static long seconds(String time) {
        try {
            long s = Long.parseLong(time.trim());
            if (s >= 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new CommandException(new StowageException(Reason.INVALID, "invalid argument \"" + TerminalText.escape(time)
                + "\" for \"-t, --time\" flag: a number of seconds"));
    }

    /** The command quoted and cut to Docker's width: {@code "sh -c 'echo hi'"}. */
    static String command(Container c) {
        String text = TerminalText.escape(String.join(" ", c.command()));
        if (text.length() > COMMAND_WIDTH - 1) {
            text = text.substring(0, COMMAND_WIDTH - 1) + "…";
        }
        return "\"" + text + "\"";
    }
}
