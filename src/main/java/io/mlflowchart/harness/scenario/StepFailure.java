package io.mlflowchart.harness.scenario;

/**
 * What a step checks is not so: an upgrade that should have failed went through, a Job ran twice, an object is
 * missing from the bucket. The engine throws it; the JUnit layer ({@link ScenarioExecution}) reports it as the
 * step's failure.
 */
public class StepFailure extends RuntimeException {

    public StepFailure(String message) {
        super(message);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
