package io.stowage.store.fs.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Health check "Stowage store": the data directory (the filesystem store's, and the containers'
 * records) can be written (a probe file is created in it and deleted) and has space. CRITICAL when it cannot be written or less than
 * {@code health.free.critical}% of its file system is free (default {@value #CRITICAL_PERCENT}); WARN below
 * {@code health.free.warn}% (default {@value #WARN_PERCENT}).
 */
@Component(service = HealthCheck.class, property = {HealthCheck.NAME + "=Stowage store", HealthCheck.TAGS + "=stowage"},
        configurationPid = FsStoreConfig.PID)
public final class FsStoreHealth implements HealthCheck {
    static final int WARN_PERCENT = 10;
    static final int CRITICAL_PERCENT = 1;

    private final Path root;
    private final int warnPercent;
    private final int criticalPercent;

    /**
     * The data directory the fs store uses, read from the same configuration as the store reads
     * it: not through the store's service, whose activation would create a store where another is chosen.
     */
    @Activate
    public FsStoreHealth(BundleContext context, FsStoreConfig config) {
        this(FsBlobStore.dataDirectory(context, config), config.health_free_warn(), config.health_free_critical());
    }

    FsStoreHealth(Path root, int warnPercent, int criticalPercent) {
        this.root = root;
        this.warnPercent = warnPercent;
        this.criticalPercent = criticalPercent;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        try {
            Files.createDirectories(root); // as the store would at its start
            Path probe = Files.createTempFile(root, ".health-", ".probe");
            Files.delete(probe);
            log.info("{} is writable", root);
        } catch (IOException | SecurityException e) {
            log.critical("{} cannot be written: {}", root, io.stowage.oci.FileKinds.reason(e instanceof IOException io ? io
                    : new IOException(e.getMessage())));
            return new Result(log);
        }
        try {
            FileStore fs = Files.getFileStore(root);
            long free = fs.getUsableSpace();
            long total = fs.getTotalSpace();
            long percent = total == 0 ? 100 : free * 100 / total;
            String text = String.format(java.util.Locale.ROOT, "%.1f GB free of %.1f GB (%d%%)", free / 1e9, total / 1e9, percent);
            if (percent < criticalPercent) {
                log.critical("{}: {}", root, text);
            } else if (percent < warnPercent) {
                log.warn("{}: {}", root, text);
            } else {
                log.info("{}: {}", root, text);
            }
        } catch (IOException e) {
            log.critical("{}: free space unknown: {}", root, e.getMessage());
        }
        return new Result(log);
    }
}
