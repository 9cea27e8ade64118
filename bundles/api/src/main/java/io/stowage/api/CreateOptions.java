package io.stowage.api;

import java.util.List;

/**
 * What {@code docker create} takes besides the image, each overriding the image's configuration.
 *
 * @param env {@code NAME=value} (or {@code NAME}, which the image's value or nothing keeps) added
 *        to the image's environment, replacing a variable of the same name
 * @param entrypoint the entrypoint instead of the image's (null: the image's; an empty list: none),
 *        which also drops the image's cmd, as Docker does
 * @param command the arguments instead of the image's cmd (empty: the image's)
 * @param mounts {@code --mount} values: {@code type=bind,source=<host path>,target=<path>[,readonly]}
 *        or {@code type=tmpfs,target=<path>}
 * @since 0.5
 */
public record CreateOptions(List<String> env, List<String> entrypoint, List<String> command, List<String> mounts) {
    public static final CreateOptions NONE = new CreateOptions(List.of(), null, List.of(), List.of());

    public CreateOptions {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = command == null ? List.of() : List.copyOf(command);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }

    /**
     * The process's arguments by Docker's rules: the given entrypoint, else the image's; then the
     * given arguments, else the image's cmd unless an entrypoint was given.
     */
    public List<String> args(ContainerConfig image) {
        ContainerConfig c = image == null ? ContainerConfig.EMPTY : image;
        List<String> args = new java.util.ArrayList<>();
        List<String> e = entrypoint != null ? entrypoint : c.entrypoint();
        if (e != null) {
            args.addAll(e);
        }
        if (!command.isEmpty()) {
            args.addAll(command);
        } else if (entrypoint == null && c.cmd() != null) {
            args.addAll(c.cmd());
        }
        return args;
    }
}
