package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which objects of a release are its MLflow server: the Deployment, the labels of its pods, the Service in front of
 * them and its port, the pre-upgrade hook Job that migrates the schema, how it runs basic auth if it does, and the
 * Secret a user creates for its webhook encryption key if the chart does not draw one. Read
 * from the rendered chart, not from a naming rule, so that another release name (another fullname) or a fork of the
 * chart works unchanged.
 */
public record ServerLayout(
        String deployment,
        Map<String, String> podLabels,
        String service,
        int port,
        Optional<String> migrationJob,
        Optional<ServerAuth> auth,
        Optional<UserSecretKey> webhookKey,
        Optional<UserSecretKey> gatewayPassphrase) {

    /** A server without basic auth, whose webhook key the chart draws, and MLflow's built-in gateway passphrase. */
    public ServerLayout(
            String deployment, Map<String, String> podLabels, String service, int port, Optional<String> migrationJob) {
        this(deployment, podLabels, service, port, migrationJob, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ServerLayout {
        podLabels = Map.copyOf(podLabels);
    }

    /** The chart's one Deployment, the one Service that selects its pods, and the Job hooked to pre-upgrade, if any. */
    static ServerLayout of(RenderedChart rendered) {
        Deployment deployment = rendered.only(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getSelector().getMatchLabels();
        Map<String, String> templateLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        List<Service> services = rendered.all(Service.class).stream()
                .filter(service -> service.getSpec().getSelector() != null
                        && !service.getSpec().getSelector().isEmpty()
                        && templateLabels
                                .entrySet()
                                .containsAll(service.getSpec().getSelector().entrySet()))
                .toList();
        if (services.size() != 1) {
            throw new IllegalStateException("expected one Service selecting the pods of Deployment "
                    + deployment.getMetadata().getName() + ", the chart renders "
                    + services.stream()
                            .map(service -> service.getMetadata().getName())
                            .toList());
        }
        Service service = services.get(0);
        Optional<String> migrationJob = rendered.all(Job.class).stream()
                .filter(job -> job.getMetadata().getAnnotations() != null
                        && job.getMetadata()
                                .getAnnotations()
                                .getOrDefault("helm.sh/hook", "")
                                .contains("pre-upgrade"))
                .map(job -> job.getMetadata().getName())
                .findFirst();
        Container server =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        return new ServerLayout(
                deployment.getMetadata().getName(),
                podLabels,
                service.getMetadata().getName(),
                service.getSpec().getPorts().get(0).getPort(),
                migrationJob,
                ServerAuth.of(server),
                UserSecretKey.readBy(rendered, server, UserSecrets.WEBHOOK_KEY_VARIABLE),
                UserSecretKey.readBy(rendered, server, UserSecrets.GATEWAY_PASSPHRASE_VARIABLE));
    }
}
