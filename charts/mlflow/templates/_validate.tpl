{{/*
Rules values.schema.json cannot state readably: each failure names the key and the fix.
Included by deployment.yaml, so `helm template`, `helm lint` and `helm install` all stop on them.
*/}}
{{- define "mlflow.validateValues" -}}
{{- $pg := .Values.postgresql.external }}
{{- $s3 := .Values.minio.external }}
{{- if $pg.enabled }}
{{- if not $pg.host }}
{{- fail "postgresql.external.host is required when postgresql.external.enabled=true: set it to the PostgreSQL server's address" }}
{{- end }}
{{- if and $pg.password $pg.existingSecret }}
{{- fail "postgresql.external.password and postgresql.external.existingSecret are both set: keep one (prefer existingSecret and remove password)" }}
{{- end }}
{{- if not (or $pg.password $pg.existingSecret) }}
{{- fail "postgresql.external.existingSecret (or postgresql.external.password) is required when postgresql.external.enabled=true" }}
{{- end }}
{{- end }}
{{- if $s3.enabled }}
{{- if not $s3.endpoint }}
{{- fail "minio.external.endpoint is required when minio.external.enabled=true: set it to the S3 endpoint URL, e.g. http://minio.minio.svc:9000" }}
{{- end }}
{{- if and (or $s3.accessKey $s3.secretKey) $s3.existingSecret }}
{{- fail "minio.external.accessKey/secretKey and minio.external.existingSecret are both set: keep one (prefer existingSecret and remove the keys)" }}
{{- end }}
{{- if eq $s3.credentials "ambient" }}
{{- if or $s3.existingSecret $s3.accessKey $s3.secretKey }}
{{- fail "minio.external.credentials=ambient takes no keys, but minio.external.existingSecret or accessKey/secretKey is set: empty them (--set minio.external.existingSecret=), or use credentials=static" }}
{{- end }}
{{- else if and (not $s3.existingSecret) (not (and $s3.accessKey $s3.secretKey)) }}
{{- fail "minio.external.existingSecret (or both minio.external.accessKey and minio.external.secretKey) is required when minio.external.enabled=true; for IRSA or workload identity set minio.external.credentials=ambient" }}
{{- end }}
{{- end }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- if not $pg.enabled }}
{{- fail (printf "replicaCount=%v needs postgresql.external.enabled=true: SQLite allows a single server; set replicaCount=1 or use values-prod.yaml" .Values.replicaCount) }}
{{- end }}
{{- if and (not $s3.enabled) (not (has "ReadWriteMany" .Values.persistence.artifacts.accessModes)) }}
{{- fail (printf "replicaCount=%v needs minio.external.enabled=true or persistence.artifacts.accessModes [ReadWriteMany]: replicas cannot share a ReadWriteOnce artifacts volume" .Values.replicaCount) }}
{{- end }}
{{- end }}
{{- include "mlflow.validateExtensions" . }}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) }}
{{- fail "ingress.hosts is empty while ingress.enabled=true: add at least one host" }}
{{- end }}
{{- include "mlflow.validateAuth" . }}
{{- end }}

{{- define "mlflow.validateAuth" -}}
{{- $auth := .Values.auth }}
{{- if $auth.enabled }}
{{- if not $auth.existingSecret }}
{{- fail "auth.existingSecret is required when auth.enabled=true: create a Secret with the admin user name, admin password and Flask secret key (keys auth.existingSecretKeys) and name it here" }}
{{- end }}
{{- if and .Values.postgresql.external.enabled (eq (include "mlflow.auth.postgresqlDatabase" .) .Values.postgresql.external.database) }}
{{- fail (printf "auth.postgresqlDatabase is the tracking database %q: MLflow's auth migrations must not share it (mlflow#10052); name another database (default: <postgresql.external.database>_auth)" .Values.postgresql.external.database) }}
{{- end }}
{{- end }}
{{- end }}


{{/* Rules of the extension points: CA bundle, autoscaling, HTTPRoute. */}}
{{- define "mlflow.validateExtensions" -}}
{{- if and .Values.caBundle.configMap .Values.caBundle.secret }}
{{- fail "caBundle.configMap and caBundle.secret are both set: keep one" }}
{{- end }}
{{- with .Values.autoscaling }}
{{- if .enabled }}
{{- if include "mlflow.singleWriterStorage" $ }}
{{- fail "autoscaling.enabled=true needs shared storage: postgresql.external.enabled=true and minio.external.enabled=true (or persistence.artifacts.accessModes [ReadWriteMany]); SQLite and a ReadWriteOnce volume allow one writer" }}
{{- end }}
{{- if gt (int .minReplicas) (int .maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas=%v is above autoscaling.maxReplicas=%v: lower minReplicas or raise maxReplicas" .minReplicas .maxReplicas) }}
{{- end }}
{{- if not (or .targetCPUUtilizationPercentage .targetMemoryUtilizationPercentage) }}
{{- fail "autoscaling.enabled=true needs a target: set autoscaling.targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" }}
{{- end }}
{{- range $resource, $target := dict "cpu" .targetCPUUtilizationPercentage "memory" .targetMemoryUtilizationPercentage }}
{{- if and $target (not (dig "requests" $resource "" $.Values.resources)) }}
{{- fail (printf "autoscaling's %s target is a share of resources.requests.%s, which is not set: set it or the target to 0" $resource $resource) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if and .Values.httpRoute.enabled (not .Values.httpRoute.parentRefs) }}
{{- fail "httpRoute.parentRefs is empty while httpRoute.enabled=true: name the Gateway the route attaches to" }}
{{- end }}
{{- end }}