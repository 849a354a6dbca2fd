package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.MlflowException;
import java.util.function.Supplier;

/** What a request to MLflow got while a fault was on, in one line for the step's note and failure messages. */
final class FaultOutcome {

    private FaultOutcome() {}

    /** {@code answered} or the HTTP status and MLflow's message, or the exception that stood for an answer. */
    static String of(Supplier<?> request) {
        long start = System.nanoTime();
        try {
            request.get();
            return "answered (" + seconds(System.nanoTime() - start) + " s)";
        } catch (MlflowException e) {
            return shortened(e.getMessage()) + " (" + seconds(System.nanoTime() - start) + " s)";
        } catch (RuntimeException e) {
            return "no answer: " + shortened(e.toString()) + " (" + seconds(System.nanoTime() - start) + " s)";
        }
    }

    /** MLflow may answer a whole traceback: its first 400 characters on one line say what it was. */
    static String shortened(String message) {
        String line = String.valueOf(message).replaceAll("\\s+", " ").strip();
        return line.length() <= 400 ? line : line.substring(0, 400) + " ...";
    }

    static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }
}
