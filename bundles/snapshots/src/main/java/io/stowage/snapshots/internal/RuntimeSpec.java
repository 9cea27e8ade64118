package io.stowage.snapshots.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stowage.api.ContainerConfig;
import io.stowage.api.CreateOptions;
import io.stowage.api.StowageException;
import io.stowage.api.StowageException.Reason;
import io.stowage.api.TerminalText;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI runtime configuration ({@code config.json}) for an image's root filesystem: the process
 * from the image config by Docker's rules (entrypoint then cmd, env with a default {@code PATH},
 * working directory, user by number or by name from the root filesystem's {@code /etc/passwd}
 * and {@code /etc/group}), and runc's own defaults from {@code runc spec} for the rest:
 * namespaces, mounts, capabilities, masked and read-only paths, no new privileges.
 */
final class RuntimeSpec {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
    private static final int ID_MAX = 0x7fffffff;

    private RuntimeSpec() {
    }

    /** The configuration for {@code config}'s process in the root filesystem {@code rootfs} (named {@code rootfs} beside it). */
    static byte[] of(ContainerConfig config, Path rootfs) {
        return of(config, rootfs, CreateOptions.NONE);
    }

    /**
     * As {@link #of(ContainerConfig, Path)}, with {@code docker create}'s overrides: an entrypoint
     * (which drops the image's cmd), arguments instead of the cmd, variables added to or replacing
     * the image's, and mounts.
     */
    static byte[] of(ContainerConfig config, Path rootfs, CreateOptions options) {
        ContainerConfig c = config == null ? ContainerConfig.EMPTY : config;
        List<String> args = options.args(c);
        ObjectNode spec = OciJson.object().put("ociVersion", "1.0.2");
        ObjectNode process = spec.putObject("process").put("terminal", false);
        int[] user = user(c.user(), rootfs);
        process.putObject("user").put("uid", user[0]).put("gid", user[1]);
        ArrayNode a = process.putArray("args");
        (args.isEmpty() ? List.of("sh") : args).forEach(a::add);
        ArrayNode env = process.putArray("env");
        env(c.env(), options.env()).forEach(env::add);
        process.put("cwd", c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir());
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode s = caps.putArray(set);
            CAPABILITIES.forEach(s::add);
        }
        process.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        process.put("noNewPrivileges", true);
        spec.putObject("root").put("path", "rootfs").put("readonly", false);
        spec.put("hostname", "stowage");
        ArrayNode mounts = spec.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro");
        for (String m : options.mounts()) {
            MountOption.parse(m).addTo(mounts);
        }
        ObjectNode linux = spec.putObject("linux");
        linux.putObject("resources").putArray("devices").addObject().put("allow", false).put("access", "rwm");
        ArrayNode ns = linux.putArray("namespaces");
        for (String n : List.of("pid", "network", "ipc", "uts", "mount", "cgroup")) {
            ns.addObject().put("type", n);
        }
        ArrayNode masked = linux.putArray("maskedPaths");
        List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi").forEach(masked::add);
        ArrayNode readonly = linux.putArray("readonlyPaths");
        List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger").forEach(readonly::add);
        return OciJson.prettyBytes(spec);
    }

    /**
     * The image's variables, then the given ones: {@code NAME=value} replaces the image's
     * {@code NAME}; a bare {@code NAME} takes this process's value, as Docker's client does, and
     * is left out when unset. A default {@code PATH} when none is set.
     */
    static List<String> env(List<String> image, List<String> given) {
        java.util.LinkedHashMap<String, String> vars = new java.util.LinkedHashMap<>();
        for (String e : image == null ? List.<String>of() : image) {
            vars.put(e.contains("=") ? e.substring(0, e.indexOf('=')) : e, e);
        }
        for (String e : given) {
            String name = e.contains("=") ? e.substring(0, e.indexOf('=')) : e;
            if (name.isEmpty()) {
                throw new StowageException(Reason.INVALID, "invalid environment variable: " + TerminalText.escape(e));
            }
            if (e.contains("=")) {
                vars.put(name, e);
            } else if (System.getenv(name) != null) {
                vars.put(name, name + "=" + System.getenv(name));
            }
        }
        List<String> env = new ArrayList<>();
        if (!vars.containsKey("PATH")) {
            env.add(DEFAULT_PATH);
        }
        env.addAll(vars.values());
        return env;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        if (options.length > 0) {
            ArrayNode o = m.putArray("options");
            List.of(options).forEach(o::add);
        }
    }

    /**
     * The uid and gid of the image's {@code User} ({@code uid}, {@code uid:gid}, {@code name},
     * {@code name:group}; empty: root), names looked up in the root filesystem's files, read
     * without following a link out of it.
     */
    static int[] user(String user, Path rootfs) {
        if (user == null || user.isEmpty()) {
            return new int[] {0, 0};
        }
        int colon = user.indexOf(':');
        String u = colon < 0 ? user : user.substring(0, colon);
        String g = colon < 0 ? null : user.substring(colon + 1);
        Integer uid = number(u);
        Integer gid = null;
        if (uid == null) {
            String[] entry = find(rootfs, "etc/passwd", u);
            if (entry == null || entry.length < 4 || number(entry[2]) == null) {
                throw new StowageException(Reason.INVALID, "user \"" + TerminalText.escape(u) + "\" is not in the image's /etc/passwd");
            }
            uid = number(entry[2]);
            gid = number(entry[3]);
        } else if (g == null) {
            String[] entry = byUid(rootfs, uid);
            gid = entry == null ? null : number(entry[3]);
        }
        if (g != null) {
            gid = number(g);
            if (gid == null) {
                String[] entry = find(rootfs, "etc/group", g);
                if (entry == null || entry.length < 3 || number(entry[2]) == null) {
                    throw new StowageException(Reason.INVALID, "group \"" + TerminalText.escape(g) + "\" is not in the image's /etc/group");
                }
                gid = number(entry[2]);
            }
        }
        return new int[] {uid, gid == null ? 0 : gid};
    }

    private static Integer number(String s) {
        try {
            long n = Long.parseLong(s);
            return n >= 0 && n <= ID_MAX ? (int) n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String[] find(Path rootfs, String file, String name) {
        for (String line : lines(rootfs, file)) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(name)) {
                return fields;
            }
        }
        return null;
    }

    private static String[] byUid(Path rootfs, int uid) {
        for (String line : lines(rootfs, "etc/passwd")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && Integer.valueOf(uid).equals(number(fields[2]))) {
                return fields;
            }
        }
        return null;
    }

    /** The lines of a file of the root filesystem (at most 1 MiB), its links followed inside it only; none when absent. */
    private static List<String> lines(Path rootfs, String file) {
        try {
            Path p = new RootPath(rootfs).resolve(RootPath.clean(file), true);
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            try (var in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).lines().toList();
            }
        } catch (RootPath.Escape | IOException e) {
            return List.of();
        }
    }
}
