package io.stowage.containers.internal;

import io.stowage.api.ImageUsage;
import io.stowage.api.Usage;
import java.util.Collection;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Tells the image service which images created containers hold. A component of its own: the
 * container service needs the image service, and the image service binds every ImageUsage, so
 * one component doing both would wait on itself.
 */
@Component(service = ImageUsage.class, configurationPid = ContainersConfig.PID)
public final class ContainerUsage implements ImageUsage {
    private final ContainerRecords records;
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile io.stowage.api.ContainerRuntime runtime;

    @Activate
    public ContainerUsage(BundleContext context, ContainersConfig config) {
        this(ContainerRecords.in(context, config));
    }

    ContainerUsage(ContainerRecords records) {
        this.records = records;
    }

    @Override
    public Collection<Usage> usages() {
        io.stowage.api.ContainerRuntime r = runtime;
        return records.read().stream().map(c -> new Usage(c.imageId(), (r != null && r.state(c.id()).status()
                == io.stowage.api.RuntimeState.Status.RUNNING ? "running" : "stopped") + " container " + c.id().substring(0, 12))).toList();
    }
}
