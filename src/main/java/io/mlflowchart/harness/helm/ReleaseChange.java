package io.mlflowchart.harness.helm;

import java.time.Duration;

/**
 * {@code helm install} or {@code helm upgrade} of a release, waiting until its resources are ready and its hooks
 * (the migration Job) have completed.
 */
public final class ReleaseChange extends ChartCommand<ReleaseChange> {

    private Duration timeout = Duration.ofMinutes(5);

    ReleaseChange(HelmCommand command) {
        super(command);
    }

    public ReleaseChange within(Duration helmTimeout) {
        this.timeout = helmTimeout;
        return this;
    }

    /** Runs the change and returns the release Helm recorded. */
    public ReleaseStatus apply() {
        return ReleaseStatus.parse(
                command.add("--wait", "--output", "json").timeout(timeout).run());
    }
}
