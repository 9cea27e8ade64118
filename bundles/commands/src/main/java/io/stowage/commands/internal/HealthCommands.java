package io.stowage.commands.internal;

import io.stowage.api.StowageException;
import io.stowage.api.TerminalText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code stowage:health}: every health check tagged {@code stowage} (Apache Felix Health Checks'
 * services: the store, the last pulls, and an appliance's own), each run with a time limit, its
 * status and lines printed; it fails (exit 1 from {@code bin/stowage}) when any is not OK, so a
 * monitor can run it.
 */
@Component(service = HealthCommands.class, property = {"stowage.command.scope=stowage", "stowage.command.function=health"})
public final class HealthCommands {
    static final String TAG = "stowage";
    static final long LIMIT_SECONDS = 10;

    private record Check(HealthCheck check, String name) {
    }

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(" + HealthCheck.TAGS + "=" + TAG + ")")
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        checks.add(new Check(check, String.valueOf(properties.getOrDefault(HealthCheck.NAME, check.getClass().getSimpleName()))));
    }

    void removeCheck(HealthCheck check) {
        checks.removeIf(c -> c.check() == check);
    }

    @Descriptor("Show Stowage's health: the store writable and its free space, the last pull from each registry")
    public void health(String... args) {
        if (Help.shown(HealthCommands.class, "stowage:health", args)) {
            return;
        }
        try {
            Arguments.exactly("stowage:health", 0, args);
            PrintStream out = System.out;
            List<String> unhealthy = new ArrayList<>();
            List<Check> sorted = checks.stream().sorted(Comparator.comparing(Check::name)).toList();
            if (sorted.isEmpty()) {
                throw new StowageException(StowageException.Reason.UNAVAILABLE, "no health checks registered");
            }
            for (Check c : sorted) {
                Result r = run(c.check());
                out.println(TerminalText.escape(c.name()) + ": " + r.getStatus());
                for (ResultLog.Entry e : r) {
                    if (!e.isDebug()) {
                        out.println("  " + pad(e.getStatus().toString()) + TerminalText.escape(e.getMessage()));
                    }
                }
                if (!r.isOk()) {
                    unhealthy.add(c.name() + " (" + r.getStatus() + ")");
                }
            }
            if (!unhealthy.isEmpty()) {
                throw new StowageException(StowageException.Reason.UNAVAILABLE, "not healthy: " + String.join(", ", unhealthy));
            }
        } catch (StowageException e) {
            throw new CommandException(e);
        }
    }

    private static String pad(String status) {
        return status + " ".repeat(Math.max(1, 10 - status.length()));
    }

    /** The check's result within {@link #LIMIT_SECONDS}; a check that throws or takes longer is itself a result. */
    private static Result run(HealthCheck check) {
        CompletableFuture<Result> result = CompletableFuture.supplyAsync(check::execute);
        try {
            return result.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return new Result(Result.Status.HEALTH_CHECK_ERROR, "no result within " + LIMIT_SECONDS + " s");
        } catch (ExecutionException e) {
            return new Result(Result.Status.HEALTH_CHECK_ERROR, "failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Result.Status.HEALTH_CHECK_ERROR, "cancelled");
        }
    }
}
