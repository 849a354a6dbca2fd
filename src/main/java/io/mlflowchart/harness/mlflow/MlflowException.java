package io.mlflowchart.harness.mlflow;

/** A request MLflow refused, with what MLflow said about it. */
public class MlflowException extends RuntimeException {

    private final String method;
    private final String path;
    private final int status;
    private final String errorCode;

    public MlflowException(String method, String path, int status, String errorCode, String message) {
        super(method + " " + path + " -> HTTP " + status + (errorCode == null ? "" : " " + errorCode) + ": " + message);
        this.method = method;
        this.path = path;
        this.status = status;
        this.errorCode = errorCode;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    /** MLflow's {@code error_code}, for example {@code RESOURCE_DOES_NOT_EXIST}; null if the body had none. */
    public String errorCode() {
        return errorCode;
    }
}
