{{/* Names, labels and the few derived facts every template shares. Each is defined once, here. */}}

{{- define "mlflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mlflow.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mlflow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. The component label is added by each object. */}}
{{- define "mlflow.labels" -}}
helm.sh/chart: {{ include "mlflow.chart" . }}
app.kubernetes.io/name: {{ include "mlflow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ include "mlflow.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selects the server pods only: the migration Job and the test pod share name and instance, not component. */}}
{{- define "mlflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mlflow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{- define "mlflow.imageTag" -}}
{{- .Values.image.tag | default (printf "v%s-full" .Chart.AppVersion) }}
{{- end }}

{{- define "mlflow.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "mlflow.imageTag" .) }}
{{- end }}

{{- define "mlflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mlflow.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Backend store. PostgreSQL: no user or password in the URI; libpq reads PGUSER and PGPASSWORD from the environment.
The driver is explicit: SQLAlchemy 2.0 picks psycopg2 for postgresql://, 2.1 picks psycopg 3.
*/}}
{{- define "mlflow.backendStoreUri" -}}
{{- with .Values.postgresql.external }}
{{- if .enabled }}
{{- printf "postgresql+%s://%s:%v/%s" .driver .host .port .database }}
{{- else }}
{{- print "sqlite:////mlflow/db/mlflow.db" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mlflow.artifactsDestination" -}}
{{- if .Values.minio.external.enabled }}
{{- printf "s3://%s" .Values.minio.external.bucket }}
{{- else }}
{{- print "/mlflow/artifacts" }}
{{- end }}
{{- end }}

{{- define "mlflow.backendStoreClaim" -}}
{{- .Values.persistence.backendStore.existingClaim | default (printf "%s-db" (include "mlflow.fullname" .)) }}
{{- end }}

{{- define "mlflow.artifactsClaim" -}}
{{- .Values.persistence.artifacts.existingClaim | default (printf "%s-artifacts" (include "mlflow.fullname" .)) }}
{{- end }}

{{/* The Secret the chart creates for inline credentials; rendered only when some credential is inline. */}}
{{- define "mlflow.credentialsSecret" -}}
{{- printf "%s-credentials" (include "mlflow.fullname" .) }}
{{- end }}

{{- define "mlflow.postgresql.inlinePassword" -}}
{{- with .Values.postgresql.external }}{{ if and .enabled (not .existingSecret) }}true{{ end }}{{ end }}
{{- end }}

{{- define "mlflow.s3.inlineKeys" -}}
{{- with .Values.minio.external }}{{ if and .enabled (not .existingSecret) }}true{{ end }}{{ end }}
{{- end }}

{{/*
PGUSER and PGPASSWORD for the server and the migration Job. Argument: dict "root" . "inlineSecret" <name of the
Secret holding an inline password> (the migration Job reads a hook-time copy, see migration-secret.yaml).
*/}}
{{- define "mlflow.postgresql.env" -}}
{{- $pg := .root.Values.postgresql.external }}
{{- if $pg.enabled }}
- name: PGUSER
{{- if and $pg.existingSecret $pg.existingSecretKeys.username }}
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretKeys.username }}
{{- else }}
  value: {{ $pg.username | quote }}
{{- end }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
{{- if $pg.existingSecret }}
      name: {{ $pg.existingSecret }}
      key: {{ $pg.existingSecretKeys.password }}
{{- else }}
      name: {{ .inlineSecret }}
      key: postgresql-password
{{- end }}
{{- end }}
{{- end }}

{{- define "mlflow.s3.env" -}}
{{- $s3 := .Values.minio.external }}
{{- if $s3.enabled }}
- name: MLFLOW_S3_ENDPOINT_URL
  value: {{ $s3.endpoint | quote }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $s3.existingSecret | default (include "mlflow.credentialsSecret" .) }}
      key: {{ ternary $s3.existingSecretKeys.accessKey "s3-access-key" (ne $s3.existingSecret "") }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.existingSecret | default (include "mlflow.credentialsSecret" .) }}
      key: {{ ternary $s3.existingSecretKeys.secretKey "s3-secret-key" (ne $s3.existingSecret "") }}
{{- end }}
{{- end }}

{{/*
Host headers MLflow 3.x accepts (MLFLOW_SERVER_ALLOWED_HOSTS replaces its defaults, so localhost for port-forwards
is listed again). Host headers carry the port, hence each name also as "name:*".
*/}}
{{- define "mlflow.allowedHosts" -}}
{{- $svc := include "mlflow.fullname" . }}
{{- $names := list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.%s" $svc .Release.Namespace .Values.clusterDomain) "localhost" "127.0.0.1" }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}{{ $names = append $names .host }}{{ end }}
{{- end }}
{{- $hosts := list }}
{{- range $names }}{{ $hosts = concat $hosts (list . (printf "%s:*" .)) }}{{ end }}
{{- concat $hosts .Values.server.allowedHosts | uniq | join "," }}
{{- end }}

{{/* Browsers send Origin on same-origin POSTs too, so the UI behind the ingress needs its own origin allowed. */}}
{{- define "mlflow.corsAllowedOrigins" -}}
{{- $origins := list }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}{{ $origins = concat $origins (list (printf "https://%s" .host) (printf "http://%s" .host)) }}{{ end }}
{{- end }}
{{- concat $origins .Values.server.corsAllowedOrigins | uniq | join "," }}
{{- end }}

{{/* "true" when a volume only one node (or one writer) may use is mounted: the Deployment must then Recreate. */}}
{{- define "mlflow.singleWriterStorage" -}}
{{- if or (not .Values.postgresql.external.enabled) (and (not .Values.minio.external.enabled) (not (has "ReadWriteMany" .Values.persistence.artifacts.accessModes))) }}true{{ end }}
{{- end }}

{{/*
Hook events of the migration Job. PostgreSQL: before install and upgrade. SQLite: before upgrade, and before
install only when the database volume already exists (an existingClaim, or a claim kept from an uninstalled
release): a new empty SQLite database is created at head by the server itself, and a pre-install Job could not
mount a claim that the release has not created yet.
*/}}
{{- define "mlflow.migration.hookEvents" -}}
{{- if or .Values.postgresql.external.enabled .Values.persistence.backendStore.existingClaim (lookup "v1" "PersistentVolumeClaim" .Release.Namespace (include "mlflow.backendStoreClaim" .)) }}
{{- print "pre-install,pre-upgrade" }}
{{- else }}
{{- print "pre-upgrade" }}
{{- end }}
{{- end }}

{{/* Writable /tmp for the read-only root filesystem. */}}
{{- define "mlflow.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 1Gi
{{- end }}

{{/*
Metrics (metrics.enabled): `mlflow server --expose-prometheus <dir>` passes <dir> to its worker processes as
prometheus_multiproc_dir, where prometheus_client keeps each worker's counters so /metrics adds them all up. The root
filesystem is read-only, hence an emptyDir; a fresh one per pod, as that directory must start empty.
*/}}
{{- define "mlflow.metrics.dir" -}}
/mlflow/prometheus
{{- end }}

{{- define "mlflow.metrics.args" -}}
{{- if .Values.metrics.enabled }}
- --expose-prometheus={{ include "mlflow.metrics.dir" . }}
{{- end }}
{{- end }}

{{- define "mlflow.metrics.volumeMounts" -}}
{{- if .Values.metrics.enabled }}
- name: prometheus-multiproc
  mountPath: {{ include "mlflow.metrics.dir" . }}
{{- end }}
{{- end }}

{{- define "mlflow.metrics.volumes" -}}
{{- if .Values.metrics.enabled }}
- name: prometheus-multiproc
  emptyDir:
    sizeLimit: 256Mi
{{- end }}
{{- end }}

{{/* The server's URL inside the cluster, by the Service name MLflow 3.x accepts as a Host header. */}}
{{- define "mlflow.serviceUrl" -}}
{{- printf "http://%s:%v" (include "mlflow.fullname" .) .Values.server.port }}
{{- end }}
