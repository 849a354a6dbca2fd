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

{{/* The Secret holding the webhook encryption key the chart draws when webhooks.existingSecret is empty. */}}
{{- define "mlflow.webhookSecret" -}}
{{- printf "%s-webhooks" (include "mlflow.fullname" .) }}
{{- end }}

{{- define "mlflow.postgresql.inlinePassword" -}}
{{- with .Values.postgresql.external }}{{ if and .enabled (not .existingSecret) }}true{{ end }}{{ end }}
{{- end }}

{{- define "mlflow.s3.inlineKeys" -}}
{{- with .Values.minio.external }}{{ if and .enabled (eq .credentials "static") (not .existingSecret) }}true{{ end }}{{ end }}
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
{{- if eq $s3.credentials "static" }}
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
{{- end }}

{{/*
Host headers MLflow 3.x accepts. MLFLOW_SERVER_ALLOWED_HOSTS replaces MLflow's own defaults (localhost and the private
address ranges, security_utils.get_default_allowed_hosts), which is how pods, Services, node ports and private load
balancers are reached, so they are listed again unless server.defaultAllowedHosts narrows the list. MLflow's defaults
leave out DNS names: the Service's names are always added, as are ingress hosts. Host headers carry the port, hence
each name also as "name:*".
*/}}
{{- define "mlflow.allowedHosts" -}}
{{- $svc := include "mlflow.fullname" . }}
{{- $names := list $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s.svc.%s" $svc .Release.Namespace .Values.clusterDomain) }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}{{ $names = append $names .host }}{{ end }}
{{- end }}
{{- $names = concat $names (include "mlflow.httpRoute.hostnames" . | fromYamlArray) }}
{{- $hosts := list }}
{{- range $names }}{{ $hosts = concat $hosts (list . (printf "%s:*" .)) }}{{ end }}
{{- if .Values.server.defaultAllowedHosts }}
{{- $hosts = concat $hosts (list "localhost" "127.0.0.1" "[::1]" "0.0.0.0" "localhost:*" "127.0.0.1:*" "[[]::1]:*" "0.0.0.0:*" "10.*" "192.168.*") }}
{{- range $second := untilStep 16 32 1 }}{{ $hosts = append $hosts (printf "172.%d.*" $second) }}{{ end }}
{{- $hosts = concat $hosts (list "fc00:*" "fd00:*") }}
{{- else }}
{{- /* Port-forwards (kubectl port-forward, the harness on an existing cluster) arrive as localhost. */}}
{{- $hosts = concat $hosts (list "localhost" "localhost:*" "127.0.0.1" "127.0.0.1:*") }}
{{- end }}
{{- concat $hosts .Values.server.allowedHosts | uniq | join "," }}
{{- end }}

{{/* Browsers send Origin on same-origin POSTs too, so the UI behind the ingress needs its own origin allowed. */}}
{{- define "mlflow.corsAllowedOrigins" -}}
{{- $origins := list }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}{{ $origins = concat $origins (list (printf "https://%s" .host) (printf "http://%s" .host)) }}{{ end }}
{{- end }}
{{- range include "mlflow.httpRoute.hostnames" . | fromYamlArray }}{{ $origins = concat $origins (list (printf "https://%s" .) (printf "http://%s" .)) }}{{ end }}
{{- concat $origins .Values.server.corsAllowedOrigins | uniq | join "," }}
{{- end }}

{{/* "true" when a volume only one node (or one writer) may use is mounted: the Deployment must then Recreate. */}}
{{- define "mlflow.singleWriterStorage" -}}
{{- if or (not .Values.postgresql.external.enabled) (and (not .Values.minio.external.enabled) (not (has "ReadWriteMany" .Values.persistence.artifacts.accessModes))) }}true{{ end }}
{{- end }}

{{/*
How long a terminating server pod keeps serving before MLflow gets SIGTERM, empty for none: only under a rolling
update, where another pod takes over the connections kube-proxy stops sending here. With one writer (Recreate) the
pod is the only one, its endpoints are gone at once, and a delay would only lengthen the outage.
*/}}
{{- define "mlflow.shutdownDelaySeconds" -}}
{{- if and (not (include "mlflow.singleWriterStorage" .)) (gt (int .Values.server.shutdownDelaySeconds) 0) }}{{ int .Values.server.shutdownDelaySeconds }}{{ end }}
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

{{/* MLflow's usage telemetry, off unless enabled: for every container that runs MLflow. */}}
{{- define "mlflow.telemetry.env" -}}
{{- if not .Values.telemetry.enabled }}
- name: MLFLOW_DISABLE_TELEMETRY
  value: "true"
- name: DO_NOT_TRACK
  value: "true"
{{- end }}
{{- end }}

{{/*
Basic auth (auth.enabled). Users and permissions live in a database of their own: never the tracking database,
whose alembic_version table MLflow 2.x's auth migrations would share (mlflow#10052). PostgreSQL: a second database
on the same server, reached with the same PGUSER/PGPASSWORD; SQLite: a second file on the database volume.
*/}}
{{- define "mlflow.auth.databaseUri" -}}
{{- with .Values.postgresql.external }}
{{- if .enabled }}
{{- printf "postgresql+%s://%s:%v/%s" .driver .host .port (include "mlflow.auth.postgresqlDatabase" $) }}
{{- else }}
{{- print "sqlite:////mlflow/db/basic_auth.db" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mlflow.auth.postgresqlDatabase" -}}
{{- .Values.auth.postgresqlDatabase | default (printf "%s_auth" .Values.postgresql.external.database) }}
{{- end }}

{{- define "mlflow.auth.configPath" -}}
/mlflow/auth-config/basic_auth.ini
{{- end }}

{{/*
What the auth-config init container renders the ini from, and what the server and the runbook's helper pods read:
the admin credentials from auth.existingSecret (MLflow 3.x also reads MLFLOW_AUTH_ADMIN_* itself; 2.x only the ini),
and the auth database, default permission and credential cache, which MLflow reads from the ini only (the chart's own
names).
*/}}
{{- define "mlflow.auth.env" -}}
{{- $auth := .Values.auth }}
- name: MLFLOW_AUTH_CONFIG_PATH
  value: {{ include "mlflow.auth.configPath" . | quote }}
- name: MLFLOW_AUTH_DATABASE_URI
  value: {{ include "mlflow.auth.databaseUri" . | quote }}
- name: MLFLOW_AUTH_DEFAULT_PERMISSION
  value: {{ $auth.defaultPermission | quote }}
- name: MLFLOW_AUTH_CACHE_TTL_SECONDS
  value: {{ int $auth.credentialCacheSeconds | quote }}
- name: MLFLOW_AUTH_ADMIN_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $auth.existingSecret }}
      key: {{ $auth.existingSecretKeys.username }}
- name: MLFLOW_AUTH_ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $auth.existingSecret }}
      key: {{ $auth.existingSecretKeys.password }}
{{- end }}

{{/*
Renders basic_auth.ini into a memory-backed emptyDir the server mounts read-only: the admin password goes from the
Secret to the file without passing through args, a ConfigMap or the chart's values. MLflow reads the file with
configparser's interpolation, so "%" is doubled; values configparser would alter (line breaks, outer spaces) are
refused with the key's name.
*/}}
{{- define "mlflow.auth.configInitContainer" -}}
- name: auth-config
  image: {{ include "mlflow.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  command: ["python", "-c"]
  args:
    - |
      import configparser, os, sys
      settings = {
          "default_permission": "MLFLOW_AUTH_DEFAULT_PERMISSION",
          "auth_cache_ttl_seconds": "MLFLOW_AUTH_CACHE_TTL_SECONDS",
          "database_uri": "MLFLOW_AUTH_DATABASE_URI",
          "admin_username": "MLFLOW_AUTH_ADMIN_USERNAME",
          "admin_password": "MLFLOW_AUTH_ADMIN_PASSWORD",
      }
      ini = configparser.RawConfigParser()
      ini["mlflow"] = {"authorization_function": "mlflow.server.auth:authenticate_request_basic_auth"}
      for key, variable in settings.items():
          value = os.environ[variable]
          if not value or value != value.strip() or "\n" in value or "\r" in value:
              sys.exit(f"{variable} ({key}) is empty, has a line break or outer spaces: basic_auth.ini cannot hold it")
          ini["mlflow"][key] = value.replace("%", "%%")
      path = os.environ["MLFLOW_AUTH_CONFIG_PATH"]
      with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
          ini.write(out)
      print(f"wrote {path}: database {os.environ['MLFLOW_AUTH_DATABASE_URI']}, admin {os.environ['MLFLOW_AUTH_ADMIN_USERNAME']}")
  env:
    {{- include "mlflow.auth.env" . | nindent 4 }}
  resources:
    requests:
      cpu: 10m
      memory: 64Mi
    limits:
      memory: 128Mi
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    - name: auth-config
      mountPath: /mlflow/auth-config
{{- end }}

{{- define "mlflow.auth.configVolume" -}}
- name: auth-config
  emptyDir:
    medium: Memory
    sizeLimit: 1Mi
{{- end }}

{{/* The migration Job's containers get the server's database environment, so TLS (PGSSLMODE...), proxies and extraEnv apply to migrations too. */}}
{{- define "mlflow.migration.env" -}}
{{- with include "mlflow.postgresql.env" (dict "root" . "inlineSecret" (printf "%s-migration" (include "mlflow.fullname" .))) }}
{{ . | trim }}
{{- end }}
{{- with include "mlflow.telemetry.env" . }}
{{ . | trim }}
{{- end }}
{{- with include "mlflow.caBundle.env" . }}
{{ . | trim }}
{{- end }}
{{- with .Values.server.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Argo CD renders the chart with `helm template` (lookup finds nothing, every sync is an "install") and maps
pre-install/pre-upgrade hooks to PreSync, which runs before any of the chart's objects exist: a migration Job that
mounts the SQLite claim would wait forever for it. So the migration hook says what Argo CD must do itself: run in
the Sync phase, in a wave before every other object (wave 0), on every sync. The SQLite claim is applied in that
same wave, so the Job's pod is its first consumer (a WaitForFirstConsumer class binds it then, and Argo CD waits
for a claim to be bound before it moves to the next wave). On a new claim the Job creates the database at head;
the server starts after it. Helm ignores these annotations, Argo CD ignores the Helm hook ones on the same object.
*/}}
{{- define "mlflow.argocd.migrationWave" -}}
-1
{{- end }}

{{/* Argo CD hook annotations of the migration's objects. Argument: dict "wave" <sync wave> "deletePolicy" <Argo CD policies>. */}}
{{- define "mlflow.argocd.migrationHook" -}}
argocd.argoproj.io/hook: Sync
argocd.argoproj.io/sync-wave: {{ .wave | quote }}
argocd.argoproj.io/hook-delete-policy: {{ .deletePolicy }}
{{- end }}

{{/* "true" when the server gets no S3 keys from the chart and the AWS SDK's credential chain finds them. */}}
{{- define "mlflow.s3.ambient" -}}
{{- with .Values.minio.external }}{{ if and .enabled (eq .credentials "ambient") }}true{{ end }}{{ end }}
{{- end }}

{{/* The HTTPRoute's host names, as a YAML list (empty when there is no route): allowed hosts and CORS origins. */}}
{{- define "mlflow.httpRoute.hostnames" -}}
{{- if .Values.httpRoute.enabled }}{{ toYaml .Values.httpRoute.hostnames }}{{ else }}[]{{ end }}
{{- end }}

{{/* The CA bundle's file in the container, when a bundle is mounted. */}}
{{- define "mlflow.caBundle.file" -}}
{{- with .Values.caBundle }}{{ if or .configMap .secret }}{{ printf "%s/%s" (trimSuffix "/" .mountPath) .key }}{{ end }}{{ end }}
{{- end }}

{{/*
Env pointing every TLS client in the image at the CA bundle: requests (REQUESTS_CA_BUNDLE), botocore (AWS_CA_BUNDLE),
Python's ssl and OpenSSL (SSL_CERT_FILE); libpq (PGSSLROOTCERT) only on request, as it turns sslmode=require into
verify-ca.
*/}}
{{- define "mlflow.caBundle.env" -}}
{{- with include "mlflow.caBundle.file" . }}
{{- $file := . }}
{{- range list "REQUESTS_CA_BUNDLE" "AWS_CA_BUNDLE" "SSL_CERT_FILE" }}
- name: {{ . }}
  value: {{ $file | quote }}
{{- end }}
{{- if $.Values.caBundle.postgresql }}
- name: PGSSLROOTCERT
  value: {{ $file | quote }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mlflow.caBundle.volume" -}}
{{- with .Values.caBundle }}
{{- if .configMap }}
- name: ca-bundle
  configMap:
    name: {{ .configMap }}
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- else if .secret }}
- name: ca-bundle
  secret:
    secretName: {{ .secret }}
    items:
      - key: {{ .key }}
        path: {{ .key }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mlflow.caBundle.volumeMount" -}}
{{- if include "mlflow.caBundle.file" . }}
- name: ca-bundle
  mountPath: {{ .Values.caBundle.mountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{/*
Users' containers with the chart's container securityContext where they set none. Argument: dict "root" .
"containers" <list of Container>.
*/}}
{{- define "mlflow.userContainers" -}}
{{- range .containers }}
{{- $container := deepCopy . }}
{{- if not (hasKey $container "securityContext") }}
{{- $_ := set $container "securityContext" $.root.Values.securityContext }}
{{- end }}
- {{ toYaml $container | nindent 2 | trim }}
{{- end }}
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

{{/* With basic auth: the admin from auth.existingSecret, as MLflow's client reads it (sent as HTTP basic auth). */}}
{{- define "mlflow.auth.clientEnv" -}}
{{- if .Values.auth.enabled }}
- name: MLFLOW_TRACKING_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.auth.existingSecret }}
      key: {{ .Values.auth.existingSecretKeys.username }}
- name: MLFLOW_TRACKING_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.auth.existingSecret }}
      key: {{ .Values.auth.existingSecretKeys.password }}
{{- end }}
{{- end }}
