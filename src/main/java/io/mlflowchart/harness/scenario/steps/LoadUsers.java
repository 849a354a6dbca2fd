package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.BasicAuth;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.UserSnapshot;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.MlflowUsers;
import io.mlflowchart.harness.mlflow.MlflowUsers.Resource;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Creates basic-auth users through MLflow's auth API, with permissions on the first and last experiment and the first
 * registered model written so far: a reader, an editor and a second admin. From then on MLflow must hold them.
 */
public final class LoadUsers extends StepKind {

    public LoadUsers() {
        super("load-users", "creates basic-auth users with permissions on the experiments and models written so far");
    }

    @Override
    public String placement() {
        return "after load-data or write, on a release no destroy removed (with auth.enabled in the scenario's values)";
    }

    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        if (placement.lastOf("load-data", "write").isEmpty()) {
            problems.add("needs data to grant permissions on: a load-data or write step before it");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        MlflowClient mlflow = run.mlflow();
        if (!mlflow.authenticated()) {
            throw new StepFailure("release " + run.release().name() + " runs without basic auth: set auth.enabled"
                    + " (and auth.existingSecret) in the scenario's values");
        }
        DataSnapshot written = run.expected().current();
        // Grants on live experiments: a deleted one (deleted-experiments) is no place a user works in.
        List<String> experiments = written.experiments().values().stream()
                .filter(experiment -> !DataSnapshot.DELETED.equals(experiment.lifecycleStage()))
                .map(DataSnapshot.ExperimentSnapshot::name)
                .toList();
        List<String> models = List.copyOf(written.registeredModels().keySet());
        if (experiments.isEmpty() || models.isEmpty()) {
            throw new StepFailure(
                    "load-users grants on an experiment and a registered model, the data written so far has "
                            + experiments.size() + " experiments and " + models.size() + " models");
        }
        MlflowUsers api = mlflow.users();
        SortedMap<String, UserSnapshot> users = new TreeMap<>();
        users.put(
                "reader",
                create(
                        api,
                        "reader",
                        false,
                        new Grant(Resource.EXPERIMENT, experiments.get(0), "READ"),
                        new Grant(Resource.REGISTERED_MODEL, models.get(0), "READ")));
        users.put(
                "editor",
                create(
                        api,
                        "editor",
                        false,
                        new Grant(Resource.EXPERIMENT, experiments.get(0), "EDIT"),
                        new Grant(Resource.EXPERIMENT, experiments.get(experiments.size() - 1), "MANAGE"),
                        new Grant(Resource.REGISTERED_MODEL, models.get(0), "EDIT")));
        users.put("auditor", create(api, "auditor", true));
        run.expected().add(new DataSnapshot(new TreeMap<>(), new TreeMap<>(), users));
        return run.expected().current().counts();
    }

    private record Grant(Resource resource, String name, String permission) {}

    private static UserSnapshot create(MlflowUsers api, String username, boolean admin, Grant... grants) {
        api.create(BasicAuth.generate(username));
        if (admin) {
            api.makeAdmin(username);
        }
        SortedMap<String, String> permissions = new TreeMap<>();
        for (Grant grant : grants) {
            api.grant(username, grant.resource(), grant.name(), grant.permission());
            permissions.put(grant.resource().key(grant.name()), grant.permission());
        }
        return new UserSnapshot(username, admin, permissions);
    }
}
