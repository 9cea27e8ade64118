package io.stowage.oci;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.osgi.framework.BundleContext;

/** Stowage's data directory, the one rule every bundle that writes there follows. */
public final class DataDirectory {
    /** The framework property naming it (bin/stowage sets it from {@code STOWAGE_DATA}). */
    public static final String PROPERTY = "stowage.data";

    private DataDirectory() {
    }

    /** {@code configured} when it is set (not blank), else the framework property {@value #PROPERTY}, else {@code data}. */
    public static Path of(BundleContext context, String configured) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.trim());
        }
        String property = context.getProperty(PROPERTY);
        return Paths.get(property == null ? "data" : property);
    }
}
