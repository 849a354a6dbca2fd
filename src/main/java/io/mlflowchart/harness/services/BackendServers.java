package io.mlflowchart.harness.services;

/**
 * The PostgreSQL and S3 store a scenario's prod releases keep their data on: the run's shared ones, or a scenario's
 * own ({@code backends: dedicated}).
 */
public interface BackendServers {

    PostgresServer postgres();

    ObjectStore objectStore();
}
