package io.stowage.core.internal;

import io.stowage.api.TerminalText;
import io.stowage.oci.AtomicFiles;
import io.stowage.oci.FileLocks;
import io.stowage.oci.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Health check "Stowage pulls": the last pull from each registry (or location kind), told by the
 * image service. WARN while a registry's last pull failed, with when and why; OK once a pull
 * from it succeeds again. Kept in {@code <data>/health/pulls.json} when the framework names a
 * data directory, so every process on it (the shell, an appliance, {@code bin/stowage
 * stowage:health} from cron) sees the same; at most {@value #MAX_REGISTRIES} registries, the
 * oldest forgotten first; a damaged file is started afresh.
 */
@Component(service = {HealthCheck.class, PullHealth.class}, property = {HealthCheck.NAME + "=Stowage pulls",
    HealthCheck.TAGS + "=stowage"})
public final class PullHealth implements HealthCheck {
    static final int MAX_REGISTRIES = 100;
    static final int MAX_MESSAGE = 1000;

    private final Path file;
    private final Map<String, String> memory = new TreeMap<>(); // when there is no data directory

    @Activate
    public PullHealth(BundleContext context) {
        this(context.getProperty("stowage.data") == null ? null
                : Paths.get(context.getProperty("stowage.data")).resolve("health").resolve("pulls.json"));
    }

    /** Outcomes kept in {@code file}, or in memory when it is null. */
    PullHealth(Path file) {
        this.file = file;
    }

    /** A pull from {@code registry} succeeded. */
    public void succeeded(String registry) {
        record(registry, Instant.now() + " ok");
    }

    /** A pull from {@code registry} failed with {@code message}. */
    public void failed(String registry, String message) {
        String m = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
        record(registry, Instant.now() + " failed " + m);
    }

    private synchronized void record(String registry, String outcome) {
        if (file == null) {
            memory.put(registry, outcome);
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            FileLocks.withLock(file.resolveSibling("pulls.lock"), () -> {
                Map<String, String> all = read();
                all.remove(registry);
                all.put(registry, outcome);
                while (all.size() > MAX_REGISTRIES) {
                    all.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(e -> all.remove(e.getKey()));
                }
                AtomicFiles.write(file, OciJson.bytes(all));
                return null;
            });
        } catch (IOException | RuntimeException e) {
            // health is a report, not the pull: a store that cannot take it leaves the pull as it was
        }
    }

    /** The outcomes on file: registry → "{instant} ok" or "{instant} failed {message}". */
    private Map<String, String> read() {
        Map<String, String> all = new TreeMap<>();
        if (file == null) {
            all.putAll(memory);
            return all;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 1 << 20) {
                return all;
            }
            OciJson.anyTree(bytes, "health file " + file).fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && all.size() < MAX_REGISTRIES) {
                    all.put(e.getKey(), e.getValue().asText());
                }
            });
        } catch (IOException | RuntimeException e) {
            // none yet, or damaged: start afresh
        }
        return all;
    }

    @Override
    public synchronized Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        Map<String, String> all = read();
        if (all.isEmpty()) {
            log.info("no pull recorded yet");
        }
        all.forEach((registry, outcome) -> {
            String[] parts = outcome.split(" ", 3);
            String name = TerminalText.escape(registry);
            if (parts.length >= 2 && parts[1].equals("ok")) {
                log.info("{}: last pull succeeded at {}", name, TerminalText.escape(parts[0]));
            } else {
                log.warn("{}: last pull failed at {}: {}", name, TerminalText.escape(parts[0]),
                        TerminalText.escape(parts.length == 3 ? parts[2] : outcome));
            }
        });
        return new Result(log);
    }
}
