#!/usr/bin/env bash
# Operator side of make/ops/mlflow.mk: backup, restore and upgrade checks for a release of charts/mlflow.
# Needs bash, coreutils, kubectl and helm only. The heavy lifting runs in the cluster: short-lived helper pods
# cloned from the release's server Deployment (same image, env from the release's Secrets, same volumes) or
# from PG_IMAGE for pg_dump/pg_restore. No credential is ever read on this machine.
set -euo pipefail
shopt -s inherit_errexit
# Backups hold the whole tracking data (and, with basic auth, password hashes): readable by their owner only.
umask 077

NAMESPACE=${NAMESPACE:-mlflow}
RELEASE=${RELEASE:-mlflow}
BACKUP_DIR=${BACKUP_DIR:-tmp/mlflow-backups}
TIMESTAMP=${TIMESTAMP:-$(date -u +%Y%m%dT%H%M%SZ)}
PG_IMAGE=${PG_IMAGE:-postgres:15-bookworm}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-600s}
LOCK_TIMEOUT=${LOCK_TIMEOUT:-60s}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=$(cat "$HERE/mlflow_ops.py")

k() { kubectl --namespace "$NAMESPACE" "$@"; }
log() { printf '[mlflow-ops %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[mlflow-ops] ERROR: %s\n' "$*" >&2; exit 1; }

refuse() { die "refusing: $*"; }

# Every helper pod of this invocation carries its id: the exit trap removes them all, also those started inside $(...),
# whose subshell never returns their names to this shell.
RUN_ID=$(date -u +%H%M%S)-$$-$RANDOM
# Set by a destructive target once it changed something: the function that puts things back or says how, on failure.
ON_FAILURE=""
SCALED_DOWN="" DB_REPLACED="" SAFETY_SET="" ROLLED_FROM=""
on_exit() {
  local status=$?
  trap - EXIT
  if [[ $status != 0 && -n $ON_FAILURE ]]; then "$ON_FAILURE" || true; fi
  k delete pod -l "mlflow-ops/run=$RUN_ID" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ discovery (from the release itself)
discover() {
  [[ -n ${DEPLOY:-} ]] && return
  kube_identity
  helm status "$RELEASE" --namespace "$NAMESPACE" >/dev/null 2>&1 \
    || die "no Helm release '$RELEASE' in namespace '$NAMESPACE' (set NAMESPACE= and RELEASE=)"
  DEPLOY=$(k get deploy -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=server" \
    -o jsonpath='{.items[0].metadata.name}')
  [[ -n $DEPLOY ]] || die "release $RELEASE has no server Deployment (label app.kubernetes.io/component=server)"
  local args
  args=$(k get deploy "$DEPLOY" -o jsonpath='{.spec.template.spec.containers[0].args}')
  BACKEND_URI=$(grep -o '"--backend-store-uri=[^"]*"' <<<"$args" | sed 's/^"--backend-store-uri=//; s/"$//')
  ARTIFACTS_DEST=$(grep -o '"--artifacts-destination=[^"]*"' <<<"$args" | sed 's/^"--artifacts-destination=//; s/"$//')
  [[ -n $BACKEND_URI && -n $ARTIFACTS_DEST ]] || die "cannot read --backend-store-uri/--artifacts-destination from deploy/$DEPLOY"
  case $BACKEND_URI in
    sqlite:///*) BACKEND=sqlite; SQLITE_PATH=${BACKEND_URI#sqlite:///} ;;
    postgresql*) BACKEND=postgresql
      local rest=${BACKEND_URI#*://}            # host:port/db (the chart puts no credentials in the URI)
      PGHOST_=${rest%%[:/]*}; PGDATABASE_=${rest#*/}; PGDATABASE_=${PGDATABASE_%%\?*}
      PGPORT_=5432; [[ $rest == *:*/* ]] && PGPORT_=${rest#*:} && PGPORT_=${PGPORT_%%/*} ;;
    *) die "unsupported backend store $BACKEND_URI" ;;
  esac
  case $ARTIFACTS_DEST in
    s3://*) ARTIFACTS=s3; local b=${ARTIFACTS_DEST#s3://}; S3_BUCKET=${b%%/*}; S3_PREFIX=""; [[ $b == */* ]] && S3_PREFIX=${b#*/} ;;
    /*) ARTIFACTS=pvc ;;
    *) die "unsupported artifacts destination $ARTIFACTS_DEST" ;;
  esac
  PROFILE=dev; [[ $BACKEND == postgresql ]] && PROFILE=prod
  # Basic auth: its users and permissions are a second database (chart value auth.enabled), backed up beside the first.
  AUTH=off; AUTH_URI=""
  if grep -qF '"--app-name=basic-auth"' <<<"$args"; then
    AUTH=on
    AUTH_URI=$(k get deploy "$DEPLOY" -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="MLFLOW_AUTH_DATABASE_URI")].value}')
    case $AUTH_URI in
      sqlite:///*|postgresql*) ;;
      *) die "deploy/$DEPLOY runs basic auth but its MLFLOW_AUTH_DATABASE_URI is '$AUTH_URI'" ;;
    esac
  fi
  # The key MLflow 3.3+ encrypts webhook secrets with (chart value webhooks.*): a set carries it, as its database
  # holds secrets no other key decrypts. Empty on charts that set none.
  local key_ref='{.spec.template.spec.containers[0].env[?(@.name=="MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY")].valueFrom.secretKeyRef'
  WEBHOOK_KEY_SECRET=$(k get deploy "$DEPLOY" -o jsonpath="$key_ref.name}")
  WEBHOOK_KEY_NAME=$(k get deploy "$DEPLOY" -o jsonpath="$key_ref.key}")
  IMAGE=$(k get deploy "$DEPLOY" -o jsonpath='{.spec.template.spec.containers[0].image}')
  CHART=$(k get deploy "$DEPLOY" -o jsonpath='{.metadata.labels.helm\.sh/chart}')
  APP_VERSION=$(helm get metadata "$RELEASE" --namespace "$NAMESPACE" -o yaml | sed -n 's/^appVersion: *//p' | tr -d '"')
  REVISION=$(helm get metadata "$RELEASE" --namespace "$NAMESPACE" -o yaml | sed -n 's/^revision: *//p')
  local port; port=$(k get svc "$DEPLOY" -o jsonpath='{.spec.ports[0].port}')
  # The Service's DNS name: MLflow 3.x accepts it as Host header (the chart lists it in the allowed hosts).
  BASE_URL="http://$DEPLOY.$NAMESPACE.svc:$port"
  log "release $NAMESPACE/$RELEASE rev $REVISION: profile=$PROFILE backend=$BACKEND artifacts=$ARTIFACTS auth=$AUTH image=$IMAGE chart=$CHART"
}

# The cluster a target acts on, as kubectl sees it: context, API server, and kube-system's uid (the same cluster reached
# by another name or address), when the user may read it.
kube_identity() {
  KUBE_CONTEXT=$(kubectl config current-context 2>/dev/null || true)
  CLUSTER_SERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null || true)
  CLUSTER_ID=$(kubectl get namespace kube-system -o jsonpath='{.metadata.uid}' 2>/dev/null || true)
}

# What a destructive target is about to change, before it changes it.
announce() {
  log "$1: release $RELEASE in namespace $NAMESPACE, kubectl context '${KUBE_CONTEXT:-?}', cluster ${CLUSTER_SERVER:-?} (kube-system uid ${CLUSTER_ID:-unknown})"
}

server_pod() {  # a Ready server pod, or nothing
  k get pods -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=server" \
    -o jsonpath='{range .items[?(@.status.containerStatuses[0].ready==true)]}{.metadata.name}{"\n"}{end}' | awk 'NR==1'
}

require_server() {
  SERVER_POD=$(server_pod)
  [[ -n $SERVER_POD ]] || die "no Ready server pod of $RELEASE: this step reads through the REST API and needs the server running"
}

in_server() { k exec -i "$SERVER_POD" -c "$(k get pod "$SERVER_POD" -o jsonpath='{.spec.containers[0].name}')" -- "$@"; }
pyrest() { in_server python -c "$PY" rest "$BASE_URL" "$@"; }

# ------------------------------------------------------------------ helper pods
# kind=mlflow: the Deployment's pod template (image, env, envFrom, volumes, securityContext, token mount) running sleep:
# keyless S3 (minio.external.credentials=ambient) finds its credentials through envFrom or the mounted token.
# kind=pg: PG_IMAGE with the Deployment's env and envFrom (PGUSER/PGPASSWORD from the release's Secret) + PGHOST/PGPORT/PGDATABASE.
start_helper() {
  local kind=$1 name node="" spec d=".spec.template.spec" c=".spec.template.spec.containers[0]"
  name="${DEPLOY:0:40}-ops-$kind-$RANDOM$RANDOM"
  local env envfrom token vols mounts podsec consec sa pullsecrets running
  env=$(k get deploy "$DEPLOY" -o jsonpath="{$c.env}"); env=${env:-[]}
  envfrom=$(k get deploy "$DEPLOY" -o jsonpath="{$c.envFrom}"); envfrom=${envfrom:-[]}
  token=$(k get deploy "$DEPLOY" -o jsonpath="{$d.automountServiceAccountToken}"); token=${token:-false}
  vols=$(k get deploy "$DEPLOY" -o jsonpath="{$d.volumes}"); vols=${vols:-[]}
  mounts=$(k get deploy "$DEPLOY" -o jsonpath="{$c.volumeMounts}"); mounts=${mounts:-[]}
  podsec=$(k get deploy "$DEPLOY" -o jsonpath="{$d.securityContext}"); [[ -n $podsec ]] || podsec='{}'
  consec=$(k get deploy "$DEPLOY" -o jsonpath="{$c.securityContext}"); [[ -n $consec ]] || consec='{}'
  sa=$(k get deploy "$DEPLOY" -o jsonpath="{$d.serviceAccountName}"); sa=${sa:-default}
  pullsecrets=$(k get deploy "$DEPLOY" -o jsonpath="{$d.imagePullSecrets}"); pullsecrets=${pullsecrets:-[]}
  # A ReadWriteOnce claim attaches to one node: go where the server runs, if it does.
  running=$(k get pods -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=server" \
    --field-selector=status.phase=Running -o jsonpath='{.items[0].spec.nodeName}' 2>/dev/null || true)
  [[ -n $running && $kind == mlflow ]] && node="\"nodeName\": \"$running\","
  local image=$IMAGE
  if [[ $kind == pg ]]; then
    image=$PG_IMAGE token=false
    local pgenv="{\"name\":\"PGHOST\",\"value\":\"$PGHOST_\"},{\"name\":\"PGPORT\",\"value\":\"$PGPORT_\"},{\"name\":\"PGDATABASE\",\"value\":\"$PGDATABASE_\"}"
    if [[ $env == "[]" ]]; then env="[$pgenv]"; else env="[$pgenv,${env#[}"; fi
    vols='[{"name":"tmp","emptyDir":{}}]'; mounts='[{"name":"tmp","mountPath":"/tmp"}]'
  fi
  spec=$(cat <<EOF
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$name","labels":{
  "app.kubernetes.io/name":"mlflow","app.kubernetes.io/instance":"$RELEASE","app.kubernetes.io/component":"ops",
  "mlflow-ops/run":"$RUN_ID"}},
 "spec":{$node "restartPolicy":"Never","serviceAccountName":"$sa","automountServiceAccountToken":$token,
  "securityContext":$podsec,"imagePullSecrets":$pullsecrets,"volumes":$vols,"terminationGracePeriodSeconds":1,
  "containers":[{"name":"ops","image":"$image","imagePullPolicy":"IfNotPresent","command":["sleep","7200"],
   "env":$env,"envFrom":$envfrom,"volumeMounts":$mounts,"securityContext":$consec,
   "resources":{"requests":{"cpu":"50m","memory":"128Mi"},"limits":{"memory":"1Gi"}}}]}}
EOF
)
  k apply -f - <<<"$spec" >/dev/null
  wait_helper "$name" "$image"
  HELPER=$name
}

# Ready, or why not: a helper pod whose image cannot be had (a registry out of reach, an image collected from the node)
# fails at once, naming the image, not after the whole timeout. Watches the pod's events; no polling.
wait_helper() {
  local name=$1 image=$2 state="" line watch
  exec {watch}< <(k get pod "$name" --watch --request-timeout=300s -o jsonpath='{.status.containerStatuses[0].ready}{" "}{.status.containerStatuses[0].state.waiting.reason}{"\n"}' 2>/dev/null)
  local watcher=$!
  while read -r line <&"$watch"; do
    case $line in
      true*) state=ready; break ;;
      *ErrImagePull|*ImagePullBackOff|*InvalidImageName|*ErrImageNeverPull) state=${line##* }; break ;;
    esac
  done
  exec {watch}<&-
  kill "$watcher" 2>/dev/null || true
  [[ $state == ready ]] && return
  k describe pod "$name" >&2 || true
  [[ -n $state ]] && die "helper pod $name cannot get its image $image ($state): the node must be able to pull it, or have it (PG_IMAGE= names the PostgreSQL one)"
  die "helper pod $name not Ready within 300s"
}
in_helper() { k exec -i "$HELPER" -c ops -- "$@"; }
stop_helper() { k delete pod "$HELPER" --wait=false >/dev/null 2>&1 || true; }

# ------------------------------------------------------------------ manifests
sha() { sha256sum "$1" | cut -d' ' -f1; }

# write_manifest <dir> <set> <part> <counts-json|null> <mlflow-version|null> <schema-revision|null> [<auth-revision|null>]
# Format 2 adds where the set comes from (cluster_id, cluster_server, kube_context) and, for the db part, which file is
# the tracking database and which the auth database.
write_manifest() {
  local dir=$1 set=$2 part=$3 counts=$4 ver=$5 rev=$6 auth_rev=${7:-null} f first=1 database=null auth_database=null
  q() { if [[ $1 == null || -z $1 ]]; then echo null; else echo "\"$1\""; fi; }
  if [[ $part == db ]]; then
    database=$(db_file)
    [[ $AUTH == on ]] && auth_database=$(auth_file)
  fi
  {
    printf '{\n  "format": 2,\n  "part": "%s",\n  "timestamp": "%s",\n' "$part" "$set"
    printf '  "namespace": "%s",\n  "release": "%s",\n  "helm_revision": %s,\n' "$NAMESPACE" "$RELEASE" "${REVISION:-0}"
    printf '  "cluster_id": %s,\n  "cluster_server": %s,\n  "kube_context": %s,\n' \
      "$(q "$CLUSTER_ID")" "$(q "$CLUSTER_SERVER")" "$(q "$KUBE_CONTEXT")"
    printf '  "profile": "%s",\n  "backend": "%s",\n  "artifacts_store": "%s",\n' "$PROFILE" "$BACKEND" "$ARTIFACTS"
    printf '  "database": %s,\n  "auth_database": %s,\n' "$(q "$database")" "$(q "$auth_database")"
    printf '  "chart": "%s",\n  "app_version": "%s",\n  "image": "%s",\n' "$CHART" "$APP_VERSION" "$IMAGE"
    printf '  "mlflow_version": %s,\n  "schema_revision": %s,\n' "$(q "$ver")" "$(q "$rev")"
    printf '  "auth_schema_revision": %s,\n' "$(q "$auth_rev")"
    printf '  "counts": %s,\n  "files": {\n' "$counts"
    for f in $(cd "$dir" && find . -maxdepth 1 -type f ! -name manifest.json -printf '%f\n' | sort); do
      [[ $first == 1 ]] || printf ',\n'; first=0
      printf '    "%s": {"sha256": "%s", "bytes": %s}' "$f" "$(sha "$dir/$f")" "$(stat -c %s "$dir/$f")"
    done
    printf '\n  }\n}\n'
  } > "$dir/manifest.json"
  log "wrote $dir/manifest.json"
}

# verify_part <part> <dir>: every file the manifest lists is present with its checksum. Touches nothing.
verify_part() {
  local part=$1 dir=$2 line name want got n=0
  [[ -d $dir ]] || refuse "backup set incomplete: part '$part' missing ($dir does not exist)"
  [[ -f $dir/manifest.json ]] || refuse "backup set incomplete: part '$part' has no manifest.json ($dir)"
  while IFS= read -r line; do
    name=$(sed -E 's/^ *"([^"]+)": \{"sha256".*/\1/' <<<"$line")
    want=$(sed -E 's/.*"sha256": "([0-9a-f]{64})".*/\1/' <<<"$line")
    [[ -f $dir/$name ]] || refuse "backup set incomplete: part '$part': file $name missing in $dir"
    got=$(sha "$dir/$name")
    [[ $got == "$want" ]] || refuse "backup set corrupt: part '$part': $name checksum mismatch (manifest $want, file $got)"
    n=$((n + 1))
  done < <(grep -E '^ *"[^"]+": \{"sha256"' "$dir/manifest.json")
  [[ $n -gt 0 ]] || refuse "backup set corrupt: part '$part': manifest lists no files ($dir/manifest.json)"
  log "part $part ok: $n file(s) match $dir/manifest.json"
}

# A top-level field of a manifest; empty when absent or null (format 1 has no cluster or database fields).
manifest_field() {
  local v; v=$(sed -n -E "s/^  \"$2\": \"?([^\",]*)\"?,?$/\1/p" "$1" | awk 'NR==1')
  [[ $v == null ]] || printf '%s\n' "$v"
}
manifest_counts() { sed -n -E 's/^  "counts": (.*),$/\1/p' "$1"; }

# The tracking database's file in a db part: named in the manifest (format 2), else by the backend (format 1).
manifest_database() {
  local f; f=$(manifest_field "$1" database)
  if [[ -z $f ]]; then
    case $(manifest_field "$1" backend) in sqlite) f=mlflow.db ;; postgresql) f=mlflow.dump ;; esac
  fi
  printf '%s\n' "$f"
}

# check_database_file <file>: FILE is the tracking database its set's db manifest lists, and the part verifies.
check_database_file() {
  local file=$1 dir m part want
  dir=$(dirname "$file"); m=$dir/manifest.json
  [[ -f $m ]] || refuse "FILE=$file is not in a backup set: no manifest.json beside it"
  part=$(manifest_field "$m" part)
  want=$(manifest_database "$m")
  [[ $part == db ]] || refuse "FILE=$file is not the database part of a set: it belongs to part '${part:-?}' ($m)"
  [[ -n $want && $(basename "$file") == "$want" ]] \
    || refuse "FILE=$file is not the database part of its set: $m names ${want:-no file} as the database (FILE=$dir/$want)"
  verify_part db "$dir"
}

# check_restorable <file>: everything a restore of a set's database file checks on this machine, before it touches
# the cluster: the file is its set's database part, the part verifies, it fits the release and comes from it.
check_restorable() {
  local m; m=$(dirname "$1")/manifest.json
  check_database_file "$1"; check_compatible "$m"; check_origin "$m"
}

# check_compatible <db manifest>: the dump must fit the release's backend, and hold an auth database iff it runs one.
check_compatible() {
  local b a; b=$(manifest_field "$1" backend); a=$(manifest_field "$1" auth_schema_revision)
  [[ $b == "$BACKEND" ]] || refuse "the set is a $b backup, release $RELEASE uses $BACKEND"
  if [[ $AUTH == on && -z $a ]]; then
    refuse "release $RELEASE runs basic auth but the backup has no auth database: its users would not match the restored data; restore into a release with auth.enabled=false, then enable it"
  fi
  if [[ $AUTH == off && -n $a ]]; then
    refuse "the backup holds an auth database (users, permissions) but release $RELEASE runs without basic auth: install or upgrade it with auth.enabled=true first"
  fi
}

# check_origin <manifest>: the set was taken from this release, namespace and cluster, or the caller says otherwise
# on purpose (disaster recovery into a new namespace or cluster, a copy between releases). All differences at once.
check_origin() {
  local m=$1 was diff=()
  was=$(manifest_field "$m" release)
  if [[ -n $was && $was != "$RELEASE" && -z ${ALLOW_OTHER_RELEASE:-} ]]; then
    diff+=("release '$was', this is '$RELEASE' (ALLOW_OTHER_RELEASE=1)")
  fi
  was=$(manifest_field "$m" namespace)
  if [[ -n $was && $was != "$NAMESPACE" && -z ${ALLOW_OTHER_NAMESPACE:-} ]]; then
    diff+=("namespace '$was', this is '$NAMESPACE' (ALLOW_OTHER_NAMESPACE=1)")
  fi
  local id server; id=$(manifest_field "$m" cluster_id); server=$(manifest_field "$m" cluster_server)
  if [[ -z ${ALLOW_OTHER_CLUSTER:-} ]]; then
    if [[ -n $id && -n ${CLUSTER_ID:-} ]]; then
      [[ $id == "$CLUSTER_ID" ]] || diff+=("cluster with kube-system uid $id, this one has $CLUSTER_ID (ALLOW_OTHER_CLUSTER=1)")
    elif [[ -n $server ]]; then
      [[ $server == "${CLUSTER_SERVER:-}" ]] || diff+=("cluster $server, this is ${CLUSTER_SERVER:-?} (ALLOW_OTHER_CLUSTER=1)")
    else
      log "$m records no cluster (a format 1 set): the cluster it came from is not checked"
    fi
  fi
  if [[ ${#diff[@]} != 0 ]]; then
    local joined; joined=$(printf '%s; ' "${diff[@]}")
    refuse "the set was taken elsewhere: ${joined%; }. Set the variable named to restore it here on purpose"
  fi
  log "set origin ok: $(manifest_field "$m" release) in $(manifest_field "$m" namespace)"
}

live_counts() { if [[ -n $(server_pod) ]]; then SERVER_POD=$(server_pod); pyrest counts; else echo null; fi; }
live_version() { if [[ -n $(server_pod) ]]; then SERVER_POD=$(server_pod); pyrest version; else echo null; fi; }

mlflow_python() {  # <mlflow_ops.py command> [args]: in a server pod if one runs, else in a helper pod; stdin passes
  local pod HELPER; pod=$(server_pod)
  if [[ -n $pod ]]; then SERVER_POD=$pod; in_server python -c "$PY" "$@"
  else start_helper mlflow </dev/null; in_helper python -c "$PY" "$@"; stop_helper; fi
}

schema_revision() {  # [revision|auth-revision <uri>]
  mlflow_python "${1:-revision}" "${2:-$BACKEND_URI}"
}
auth_schema_revision() { if [[ $AUTH == on ]]; then schema_revision auth-revision "$AUTH_URI"; else echo null; fi; }

# The database files of a backup set, by the release's backend.
db_file() { if [[ $BACKEND == sqlite ]]; then echo mlflow.db; else echo mlflow.dump; fi; }
auth_file() { if [[ $BACKEND == sqlite ]]; then echo basic_auth.db; else echo auth.dump; fi; }

# <uri> of a PostgreSQL database -> its name (the chart puts no credentials in URIs)
pg_database() { local rest=${1#*://} db; db=${rest#*/}; echo "${db%%\?*}"; }

# ------------------------------------------------------------------ backups
# new_part <part> <set>: the directory a backup part is written to. A backup never overwrites: an existing part is
# kept, renamed <set>.replaced-<now>, and the log says so (the upgrade guide's quiesced dump replaces the online one).
new_part() {
  local dir="$BACKUP_DIR/$1/$2" aside
  if [[ -e $dir ]]; then
    aside="$dir.replaced-$(date -u +%Y%m%dT%H%M%SZ)"
    [[ ! -e $aside ]] || die "both $dir and $aside exist: wait a second and run again"
    mv "$dir" "$aside"
    log "part $1 of set $2 existed: kept as $aside"
  fi
  mkdir -p "$dir"
  printf '%s\n' "$dir"
}

# A whole set is never written over an existing one, not even part by part.
require_new_set() {
  local p
  for p in experiments db artifacts; do
    [[ ! -e $BACKUP_DIR/$p/$1 ]] || refuse "backup set $1 exists ($BACKUP_DIR/$p/$1): a backup never overwrites a set; pick another TIMESTAMP="
  done
}

backup_experiments() {  # <set>
  local set=$1
  discover; require_server
  local dir; dir=$(new_part experiments "$set")
  log "experiments: REST reads from $BASE_URL (inside pod $SERVER_POD)"
  local counts ver rev
  pyrest experiments > "$dir/experiments.json"
  pyrest runs > "$dir/runs.json"
  pyrest models > "$dir/models.json"
  counts=$(pyrest counts); ver=$(pyrest version); rev=$(schema_revision)
  write_manifest "$dir" "$set" experiments "$counts" "$ver" "$rev"
}

backup_db() {  # <set>: in a helper pod of its own
  local set=$1 HELPER
  discover
  if [[ $BACKEND == sqlite ]]; then start_helper mlflow; else start_helper pg; fi
  backup_db_in_helper "$set"
  stop_helper
}

backup_db_in_helper() {  # <set>: through the helper pod already running (mlflow for SQLite, pg for PostgreSQL)
  local set=$1 dir file rev auth_rev
  dir=$(new_part db "$set"); file=$(db_file)
  rev=$(schema_revision); auth_rev=$(auth_schema_revision)
  if [[ $BACKEND == sqlite ]]; then
    dump_sqlite "$SQLITE_PATH" "$dir/$file"
    if [[ $AUTH == on ]]; then dump_sqlite "${AUTH_URI#sqlite:///}" "$dir/$(auth_file)"; fi
  else
    dump_pg "$PGDATABASE_" "$dir/$file"
    if [[ $AUTH == on ]]; then dump_pg "$(pg_database "$AUTH_URI")" "$dir/$(auth_file)"; fi
  fi
  save_webhook_key "$dir"; save_gateway_kek "$dir"
  local counts ver; counts=$(live_counts); ver=$(live_version)
  write_manifest "$dir" "$set" db "$counts" "$ver" "$rev" "$auth_rev"
  log "db backup: $dir/$file ($(stat -c %s "$dir/$file") bytes, schema revision $rev; auth database: $auth_rev)"
}

# ------------------------------------------------------------------ the webhook key
# MLflow encrypts webhook secrets with the release's key (MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY from a Secret): a
# database restored where another key is set lists no webhook at all (HTTP 500, mlflow#19896). So the db part carries
# the key, readable by its owner only, and a restore checks it against the release's before it changes anything.
WEBHOOK_KEY_FILE=webhook-key

release_webhook_key() {  # the key the release's server reads, as text; empty without one
  [[ -n ${WEBHOOK_KEY_SECRET:-} ]] || return 0
  k get secret "$WEBHOOK_KEY_SECRET" -o jsonpath="{.data.$WEBHOOK_KEY_NAME}" | base64 -d
}

save_webhook_key() {  # <db part dir>
  [[ -n ${WEBHOOK_KEY_SECRET:-} ]] || return 0
  (umask 077; release_webhook_key > "$1/$WEBHOOK_KEY_FILE")
  [[ -s $1/$WEBHOOK_KEY_FILE ]] || die "Secret $WEBHOOK_KEY_SECRET has no key '$WEBHOOK_KEY_NAME', which deploy/$DEPLOY reads MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY from"
  log "webhook key: from Secret $WEBHOOK_KEY_SECRET, kept with the set (mode 600)"
}

# check_webhook_key <db part dir>: the set's key is the release's, or the release's is the chart's own Secret, which
# the restore then gives the set's key (WEBHOOK_KEY_TO_RESTORE). A Secret of the user's holding another key is
# refused, as the restored webhook secrets could not be read. A set without a key (older runbook, or a chart without
# one) restores as before. Touches nothing.
check_webhook_key() {
  local file=$1/$WEBHOOK_KEY_FILE owner
  WEBHOOK_KEY_TO_RESTORE=""
  [[ -f $file && -n ${WEBHOOK_KEY_SECRET:-} ]] || return 0
  if [[ $(release_webhook_key) == "$(cat "$file")" ]]; then
    log "webhook key: the set's is the one Secret $WEBHOOK_KEY_SECRET holds"
    return 0
  fi
  owner=$(k get secret "$WEBHOOK_KEY_SECRET" -o jsonpath='{.metadata.annotations.meta\.helm\.sh/release-name}')
  if [[ $owner == "$RELEASE" ]]; then
    WEBHOOK_KEY_TO_RESTORE=$file
    log "webhook key: the set's differs from the one the chart drew into Secret $WEBHOOK_KEY_SECRET; the restore puts the set's there"
  elif [[ -n ${ALLOW_OTHER_WEBHOOK_KEY:-} ]]; then
    log "webhook key: the set's differs from Secret $WEBHOOK_KEY_SECRET's (ALLOW_OTHER_WEBHOOK_KEY=1): webhooks with a secret will not list"
  else
    refuse "the set's webhook key ($file) is not the one Secret $WEBHOOK_KEY_SECRET holds, which the release encrypts webhook secrets with: the restored ones could not be read, and listing webhooks would answer HTTP 500. Put the set's key into the Secret first (kubectl -n $NAMESPACE create secret generic $WEBHOOK_KEY_SECRET --from-file=$WEBHOOK_KEY_NAME=$file --dry-run=client -o yaml | kubectl apply -f -), or ALLOW_OTHER_WEBHOOK_KEY=1"
  fi
}

restore_webhook_key() {  # while the server is at 0, so that every pod starts with the set's key
  [[ -n ${WEBHOOK_KEY_TO_RESTORE:-} ]] || return 0
  k patch secret "$WEBHOOK_KEY_SECRET" --type merge \
    -p "{\"data\":{\"$WEBHOOK_KEY_NAME\":\"$(base64 -w0 < "$WEBHOOK_KEY_TO_RESTORE")\"}}" >/dev/null
  log "webhook key: Secret $WEBHOOK_KEY_SECRET holds the set's key"
}

# ------------------------------------------------------------------ the gateway passphrase
# MLflow 3.8+ wraps the AI Gateway's provider keys under a key derived from MLFLOW_CRYPTO_KEK_PASSPHRASE and
# MLFLOW_CRYPTO_KEK_VERSION (chart value gateway.existingSecret; without it MLflow's built-in passphrase): restored where
# another passphrase or version is set, the endpoints stay listed but every call fails ("Failed to decrypt secret").
# The set keeps no passphrase: when its database holds provider keys, the db part keeps that key's fingerprint
# (mlflow_ops.py kek-fingerprint), and a restore compares it with the release's before it changes anything.
GATEWAY_KEK_FILE=gateway-kek

# release_env <variable>: what a new server pod of the release gets in it, exact bytes: read from the Secret the
# Deployment names (as it is now, not as running pods got it) or written in the Deployment; nothing when unset.
release_env() {
  local secret="" key data
  read -r secret key < <(secret_ref "$1") || true
  if [[ -n $secret ]]; then
    data=$(k get secret "$secret" -o jsonpath="{.data.$key}") || die "deploy/$DEPLOY reads $1 from Secret $secret, which kubectl cannot read here"
    base64 -d <<<"$data"
  else
    k get deploy "$DEPLOY" -o jsonpath="{.spec.template.spec.containers[0].env[?(@.name==\"$1\")].value}"
  fi
}

secret_ref() {  # <variable>: "<Secret> <key>" the server container reads it from; nothing when not from a Secret
  local ref="{.spec.template.spec.containers[0].env[?(@.name==\"$1\")].valueFrom.secretKeyRef" secret
  secret=$(k get deploy "$DEPLOY" -o jsonpath="$ref.name}")
  [[ -z $secret ]] || echo "$secret $(k get deploy "$DEPLOY" -o jsonpath="$ref.key}")"
}

# gateway_kek [in_helper]: "<KEK version> <fingerprint>" of the release's gateway passphrase (mlflow_ops.py), nothing
# before MLflow 3.8; derived in a server pod or a helper of its own, or with in_helper in the caller's mlflow helper.
gateway_kek() {
  { release_env MLFLOW_CRYPTO_KEK_VERSION; echo; release_env MLFLOW_CRYPTO_KEK_PASSPHRASE; } |
    if [[ ${1:-} == in_helper ]]; then in_helper python -c "$PY" kek-fingerprint; else mlflow_python kek-fingerprint; fi
}

provider_keys() {  # how many provider keys the tracking database holds, asked in the caller's helper (mlflow or pg)
  if [[ $BACKEND == sqlite ]]; then
    in_helper python -c "$PY" provider-keys "$BACKEND_URI"
  elif [[ $(in_helper env PGDATABASE="$PGDATABASE_" psql --no-psqlrc -Atc "SELECT to_regclass('secrets') IS NOT NULL") == t ]]; then
    in_helper env PGDATABASE="$PGDATABASE_" psql --no-psqlrc -Atc 'SELECT count(*) FROM secrets'
  else
    echo 0
  fi
}

gateway_passphrase_source() {  # where the release's server reads its gateway passphrase from, in words
  local secret="" key
  read -r secret key < <(secret_ref MLFLOW_CRYPTO_KEK_PASSPHRASE) || true
  if [[ -n $secret ]]; then echo "Secret $secret (key $key)"
  else echo "MLflow's built-in passphrase (deploy/$DEPLOY sets no MLFLOW_CRYPTO_KEK_PASSPHRASE)"; fi
}

save_gateway_kek() {  # <db part dir>, with backup_db_in_helper's helper: the fingerprint, when the database holds provider keys
  local keys fingerprint; keys=$(provider_keys)
  [[ $keys -gt 0 ]] || return 0
  if [[ $BACKEND == sqlite ]]; then fingerprint=$(gateway_kek in_helper); else fingerprint=$(gateway_kek); fi
  if [[ -z $fingerprint ]]; then
    log "gateway: the database holds $keys provider keys, but MLflow in $IMAGE has no gateway to derive their key with: the set keeps no fingerprint, and a restore cannot check the passphrase"
    return 0
  fi
  echo "$fingerprint" > "$1/$GATEWAY_KEK_FILE"
  log "gateway: the database holds $keys provider keys, wrapped under KEK version ${fingerprint%% *} of $(gateway_passphrase_source); the set keeps that key's fingerprint"
}

# check_gateway_kek <db part dir>: a set whose database holds provider keys restores only where the server will
# unwrap them: the same passphrase and KEK version. A set without the file (no provider key, MLflow before 3.8, an
# older runbook) restores as before. Touches nothing.
check_gateway_kek() {
  local file=$1/$GATEWAY_KEK_FILE want have gets
  [[ -f $file ]] || return 0
  want=$(<"$file"); have=$(gateway_kek)
  if [[ $have == "$want" ]]; then
    log "gateway: the release's passphrase unwraps the set's provider keys (KEK version ${want%% *})"
  elif [[ -n ${ALLOW_OTHER_GATEWAY_PASSPHRASE:-} ]]; then
    log "gateway: the set's provider keys are wrapped under another passphrase or KEK version than the release's (ALLOW_OTHER_GATEWAY_PASSPHRASE=1): every call of a restored endpoint will fail until its key is entered again"
  else
    gets=$(gateway_passphrase_source)
    if [[ -n $have ]]; then gets="KEK version ${have%% *} of $gets"; else gets="$gets, and its MLflow ($IMAGE) has no gateway"; fi
    refuse "the set's AI Gateway provider keys are wrapped under KEK version ${want%% *} of a passphrase the release's server does not get: it gets $gets. Every call of a restored endpoint would fail ('Failed to decrypt secret'). Put the passphrase and KEK version the set was taken under where the server reads them (chart value gateway.existingSecret) first, or ALLOW_OTHER_GATEWAY_PASSPHRASE=1 and enter the keys again"
  fi
}

dump_sqlite() {  # <path in the mlflow helper> <local file>: online copy, checksummed on both sides
  local remote remote_sha; remote=/tmp/$(basename "$2").backup
  log "db: online sqlite3 backup of $1 in $HELPER"
  in_helper python -c "$PY" sqlite-backup "$1" "$remote"
  remote_sha=$(in_helper python -c "$PY" sha256 "$remote")
  in_helper cat "$remote" > "$2"
  [[ $(sha "$2") == "$remote_sha" ]] || die "db: copied $(basename "$2") differs from the one made in the cluster"
}

dump_pg() {  # <database> <local file>: pg_dump -Fc in the pg helper, checksummed on both sides
  local remote remote_sha; remote=/tmp/$(basename "$2")
  log "db: pg_dump -Fc of $1 on $PGHOST_:$PGPORT_ in $HELPER ($PG_IMAGE)"
  in_helper env PGDATABASE="$1" pg_dump --format=custom --no-owner --no-privileges --file="$remote"
  remote_sha=$(in_helper sha256sum "$remote" | cut -d' ' -f1)
  in_helper cat "$remote" > "$2"
  [[ $(sha "$2") == "$remote_sha" ]] || die "db: copied $(basename "$2") differs from the one made in the cluster"
}

backup_artifacts() {  # <set>: objects stream from the bucket or volume into the tar, one at a time
  local set=$1 HELPER dir
  discover
  dir=$(new_part artifacts "$set")
  start_helper mlflow
  if [[ $ARTIFACTS == s3 ]]; then
    log "artifacts: s3://$S3_BUCKET/$S3_PREFIX through boto3 in $HELPER"
    in_helper python -c "$PY" s3-tar "$S3_BUCKET" "$S3_PREFIX" > "$dir/artifacts.tar"
  else
    log "artifacts: volume $ARTIFACTS_DEST through $HELPER"
    in_helper python -c "$PY" tar-dir "$ARTIFACTS_DEST" > "$dir/artifacts.tar"
  fi
  stop_helper
  local counts ver; counts=$(live_counts); ver=$(live_version)
  write_manifest "$dir" "$set" artifacts "$counts" "$ver" null
}

# ------------------------------------------------------------------ restores
# A restore checks everything while the server still serves (the file is the set's database part, its checksum, that
# it is a database, that the set fits and comes from this release), keeps a safety copy of what it replaces, and only
# then scales the server to 0. A failure after that scales it back, or says exactly how to get back.
server_selector() { echo "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=server"; }

scale_down() {
  REPLICAS_BEFORE=$(k get deploy "$DEPLOY" -o jsonpath='{.spec.replicas}')
  # Remember the count on the Deployment, so a rerun after a failure at 0 scales back to it.
  if [[ $REPLICAS_BEFORE == 0 ]]; then
    REPLICAS_BEFORE=$(k get deploy "$DEPLOY" -o jsonpath='{.metadata.annotations.mlflow-ops/replicas-before}')
  else
    k annotate deploy "$DEPLOY" --overwrite "mlflow-ops/replicas-before=$REPLICAS_BEFORE" >/dev/null
  fi
  REPLICAS_BEFORE=${REPLICAS_BEFORE:-1}
  log "scaling deploy/$DEPLOY from $(k get deploy "$DEPLOY" -o jsonpath='{.spec.replicas}') to 0 (restores to $REPLICAS_BEFORE)"
  SCALED_DOWN=1
  k scale deploy "$DEPLOY" --replicas=0 >/dev/null
  if [[ -n $(k get pods -l "$(server_selector)" -o name) ]]; then
    k wait --for=delete pod -l "$(server_selector)" --timeout="$WAIT_TIMEOUT" >/dev/null \
      || die "the server pods of deploy/$DEPLOY did not stop within WAIT_TIMEOUT=$WAIT_TIMEOUT: nothing was restored"
  fi
}
scale_up() {
  local n=${REPLICAS_BEFORE:-1}; [[ $n -gt 0 ]] || n=1
  log "scaling deploy/$DEPLOY to $n"
  k scale deploy "$DEPLOY" --replicas="$n" >/dev/null
  k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2
}

# The remote path of a staged database file in the helper pod.
staged() { if [[ $BACKEND == sqlite ]]; then echo "/tmp/restore-$1.db"; else echo "/tmp/restore-$1.dump"; fi; }

# stage_databases <db part dir> <tracking file>: starts the helper pod the restore will use (kept in HELPER), uploads
# the set's database files into it and refuses any that is not a database: SQLite's integrity_check and MLflow's
# alembic revision (that of the manifest), or a dump pg_restore reads whole (into the SQL the restore replays).
stage_databases() {
  local dir=$1 file=$2 m=$1/manifest.json
  if [[ $BACKEND == sqlite ]]; then start_helper mlflow; else start_helper pg; fi
  stage_database "$file" tracking "$(manifest_field "$m" schema_revision)"
  if [[ $AUTH == on ]]; then stage_database "$dir/$(auth_file)" auth "$(manifest_field "$m" auth_schema_revision)"; fi
}

stage_database() {  # <local file> <tracking|auth> <revision the manifest gives>
  local file=$1 kind=$2 rev=$3 remote want remote_sha out
  remote=$(staged "$kind"); want=$(sha "$file")
  in_helper sh -c "cat > '$remote'" < "$file"
  if [[ $BACKEND == sqlite ]]; then
    remote_sha=$(in_helper python -c "$PY" sha256 "$remote")
    [[ $remote_sha == "$want" ]] || die "db: upload of $file to $HELPER corrupted (sha256 $remote_sha)"
    out=$(in_helper python -c "$PY" check-sqlite "$remote" "$rev" 2>&1) \
      || refuse "$file is not a restorable database: $(reason "$out")"
  else
    remote_sha=$(in_helper sha256sum "$remote" | cut -d' ' -f1)
    [[ $remote_sha == "$want" ]] || die "db: upload of $file to $HELPER corrupted (sha256 $remote_sha)"
    # The whole archive becomes SQL now, while the server serves: --list alone reads only the table of contents,
    # which a dump cut short still has whole.
    out=$(in_helper pg_restore --no-owner --no-privileges --file="$remote.sql" "$remote" 2>&1) \
      || refuse "$file is not a restorable database: $(reason "$out")"
    out="pg_restore reads it whole"
  fi
  log "$kind database $file: $out"
}

# The last line a failed command in a pod wrote, without kubectl's own "command terminated with exit code".
reason() { sed '/^command terminated with exit code/d' <<<"$1" | tail -1; }

# safety_copy <target> [artifacts]: before anything is replaced, what the release holds now becomes a set of its own,
# through the helper pod stage_databases started (and, with artifacts, the artifacts part too).
safety_copy() {
  SAFETY_SET="$(date -u +%Y%m%dT%H%M%SZ)-before-$1"
  require_new_set "$SAFETY_SET"
  log "safety copy of what $1 replaces: backup set $SAFETY_SET"
  backup_db_in_helper "$SAFETY_SET"
  if [[ ${2:-} == artifacts ]]; then backup_artifacts "$SAFETY_SET"; fi
  log "safety copy kept as set $SAFETY_SET in $BACKUP_DIR; to put it back: $(put_back)"
}

# The commands that put the safety copy back.
put_back() {
  local mk="make -f make/ops/mlflow.mk NAMESPACE=$NAMESPACE RELEASE=$RELEASE BACKUP_DIR=$BACKUP_DIR"
  printf '%s mlflow-db-restore FILE=%s' "$mk" "$BACKUP_DIR/db/$SAFETY_SET/$(db_file)"
  if [[ -d $BACKUP_DIR/artifacts/$SAFETY_SET ]]; then printf ' && %s mlflow-artifacts-restore TIMESTAMP=%s' "$mk" "$SAFETY_SET"; fi
}

# replace_databases <db manifest>: the staged files replace the live databases; the server is at 0.
replace_databases() {
  replace_database tracking "$BACKEND_URI" "$(manifest_field "$1" schema_revision)"
  if [[ $AUTH == on ]]; then replace_database auth "$AUTH_URI" "$(manifest_field "$1" auth_schema_revision)"; fi
}

# replace_database <tracking|auth> <database uri> <revision the backup has>: atomically, in the helper. SQLite: copy
# beside, then rename. PostgreSQL: the SQL stage_database made from the dump (a dump that breaks half-way never
# reaches psql), after the drops, in one transaction that waits at most LOCK_TIMEOUT for a lock.
replace_database() {
  local kind=$1 uri=$2 want_rev=$3 remote got_rev; remote=$(staged "$kind")
  if [[ $BACKEND == sqlite ]]; then
    local path=${uri#sqlite:///}
    log "db: replacing $path"
    in_helper sh -c "rm -f '$path-journal' '$path-wal' '$path-shm' && cp '$remote' '$path.restoring' && mv '$path.restoring' '$path'"
    DB_REPLACED+=" $kind"
    if [[ $kind == auth ]]; then got_rev=$(in_helper python -c "$PY" auth-revision "$uri")
    else got_rev=$(in_helper python -c "$PY" revision "$uri"); fi
  else
    local database; database=$(pg_database "$uri")
    log "db: dropping the tables, views, sequences, types and functions of \$PGUSER in $database and restoring, in one transaction (lock_timeout $LOCK_TIMEOUT)"
    # shellcheck disable=SC2016  # the script's variables expand in the helper pod
    in_helper env PGDATABASE="$database" DUMP="$remote" LOCK_TIMEOUT="$LOCK_TIMEOUT" bash -c 'set -euo pipefail
      cat > "$DUMP.drop.sql" <<"SQL"
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND pg_get_userbyid(c.relowner) = current_user AND c.relkind IN ($q$r$q$, $q$v$q$, $q$S$q$)
           ORDER BY CASE c.relkind WHEN $q$r$q$ THEN 0 WHEN $q$v$q$ THEN 1 ELSE 2 END  -- tables take their owned sequences along
  LOOP
    IF r.relkind = $q$r$q$ THEN EXECUTE format($q$DROP TABLE IF EXISTS %I CASCADE$q$, r.relname);
    ELSIF r.relkind = $q$v$q$ THEN EXECUTE format($q$DROP VIEW IF EXISTS %I CASCADE$q$, r.relname);
    ELSE EXECUTE format($q$DROP SEQUENCE IF EXISTS %I CASCADE$q$, r.relname); END IF;
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = current_schema() AND t.typtype = $q$e$q$ AND pg_get_userbyid(t.typowner) = current_user
  LOOP EXECUTE format($q$DROP TYPE IF EXISTS %I CASCADE$q$, r.typname); END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema() AND pg_get_userbyid(p.proowner) = current_user
  LOOP EXECUTE format($q$DROP ROUTINE IF EXISTS %s CASCADE$q$, r.sig); END LOOP;
END $$;
SQL
      PGOPTIONS="-c client_min_messages=warning -c lock_timeout=$LOCK_TIMEOUT" \
        psql --quiet --no-psqlrc --single-transaction -v ON_ERROR_STOP=1 -f "$DUMP.drop.sql" -f "$DUMP.sql" >/dev/null'
    DB_REPLACED+=" $kind"
    # MLflow 3.x keeps the auth database's revision in alembic_version_auth, 2.x in alembic_version.
    if [[ $kind == auth ]]; then
      got_rev=$(in_helper env PGDATABASE="$database" psql --no-psqlrc -Atc 'SELECT version_num FROM alembic_version_auth' 2>/dev/null \
        || in_helper env PGDATABASE="$database" psql --no-psqlrc -Atc 'SELECT version_num FROM alembic_version')
    else
      got_rev=$(in_helper env PGDATABASE="$database" psql --no-psqlrc -Atc 'SELECT version_num FROM alembic_version')
    fi
  fi
  [[ $got_rev == "$want_rev" ]] || die "$kind db restore did not take: schema revision is $got_rev, the backup's is $want_rev"
  log "$kind schema revision after restore: $got_rev (= backup)"
}

# ON_FAILURE of a restore: back to the replica count if no database was replaced, else the exact way back.
after_failed_restore() {
  if [[ -z ${SCALED_DOWN:-} ]]; then
    log "nothing in the cluster was changed${SAFETY_SET:+ (safety copy: set $SAFETY_SET)}"
  elif [[ -z ${DB_REPLACED:-} ]]; then
    log "failed before any database was replaced: scaling deploy/$DEPLOY back to $REPLICAS_BEFORE"
    if ! { k scale deploy "$DEPLOY" --replicas="$REPLICAS_BEFORE" >/dev/null \
           && k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2; }; then
      log "could not scale back: kubectl -n $NAMESPACE scale deploy/$DEPLOY --replicas=$REPLICAS_BEFORE"
    fi
  else
    log "failed after replacing the database(s)${DB_REPLACED} with deploy/$DEPLOY at 0. Run the same target again once the cause is fixed, or put back what was there: $(put_back) (either scales the server back to $REPLICAS_BEFORE)"
  fi
}

restore_db() {  # FILE=<BACKUP_DIR>/db/<ts>/<mlflow.db|mlflow.dump>
  local file=${FILE:-} dir m
  [[ -n $file ]] || die "FILE= is required, e.g. FILE=$BACKUP_DIR/db/<timestamp>/mlflow.dump"
  [[ -f $file ]] || die "FILE=$file does not exist"
  dir=$(dirname "$file"); m=$dir/manifest.json
  discover; check_restorable "$file"; check_webhook_key "$dir"; check_gateway_kek "$dir"
  announce "mlflow-db-restore of $file"
  ON_FAILURE=after_failed_restore
  stage_databases "$dir" "$file"
  safety_copy db-restore
  scale_down; replace_databases "$m"; stop_helper; restore_webhook_key; scale_up
  health
  log "db restored from $dir; what it replaced is set $SAFETY_SET: $(put_back)"
}

restore_artifacts_dir() {  # <dir> (already verified): objects stream in, one at a time
  local HELPER
  start_helper mlflow
  if [[ $ARTIFACTS == s3 ]]; then
    in_helper python -c "$PY" s3-untar "$S3_BUCKET" "$S3_PREFIX" < "$1/artifacts.tar"
  else
    in_helper python -c "$PY" untar-dir "$ARTIFACTS_DEST" < "$1/artifacts.tar"
  fi
  stop_helper
}

restore_artifacts() {  # TIMESTAMP=<ts> (or DIR=)
  local dir=${DIR:-$BACKUP_DIR/artifacts/$TIMESTAMP}
  verify_part artifacts "$dir"
  discover; check_origin "$dir/manifest.json"
  announce "mlflow-artifacts-restore of $dir (objects added or overwritten, none deleted)"
  restore_artifacts_dir "$dir"; log "artifacts restored from $dir"
}

restore_all() {  # the whole set TIMESTAMP=<ts>: verify all parts, then db + artifacts, then compare counts
  local ts=$TIMESTAMP dir m
  [[ -n ${TIMESTAMP_EXPLICIT:-} ]] || die "TIMESTAMP=<backup set> is required (sets: $(find "$BACKUP_DIR/db" -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null))"
  verify_part experiments "$BACKUP_DIR/experiments/$ts"
  verify_part artifacts "$BACKUP_DIR/artifacts/$ts"
  dir=$BACKUP_DIR/db/$ts; m=$dir/manifest.json
  [[ -f $m ]] || refuse "backup set incomplete: part 'db' has no manifest.json ($dir)"
  discover; check_restorable "$dir/$(manifest_database "$m")"; check_webhook_key "$dir"; check_gateway_kek "$dir"
  announce "mlflow-restore of set $ts"
  ON_FAILURE=after_failed_restore
  stage_databases "$dir" "$dir/$(manifest_database "$m")"
  safety_copy restore artifacts
  scale_down
  replace_databases "$m"; stop_helper; restore_webhook_key
  restore_artifacts_dir "$BACKUP_DIR/artifacts/$ts"
  scale_up
  health
  compare_counts "$BACKUP_DIR/experiments/$ts/manifest.json"
  log "set $ts restored; what it replaced is set $SAFETY_SET: $(put_back)"
}

# ------------------------------------------------------------------ checks
health() {
  discover; require_server
  local h; h=$(pyrest health)
  [[ $h == OK ]] || die "/health answered '$h'"
  log "/health OK, /version $(pyrest version) (from $SERVER_POD via $BASE_URL)"
}

compare_counts() {
  local want got; want=$(manifest_counts "$1"); got=$(live_counts)
  [[ -n $want && $want != null ]] || die "$1 has no counts"
  [[ $got == "$want" ]] || die "counts differ: backup $want, live $got"
  log "counts match $1: $got"
}

# check_scorer_job_bindings: MLflow 3.8.x binds AI Gateway endpoints to scorer jobs (resource type scorer_job); 3.9.0
# renamed the type scorer and migrates no row, so past 3.8 the server cannot list any binding of the database. Upgrading
# within 3.8.x (EXPECTED_VERSION=3.8.*) keeps them readable.
check_scorer_job_bindings() {
  local n; n=$(mlflow_python scorer-job-bindings "$BACKEND_URI")
  [[ ${n:-0} == 0 ]] && return
  if [[ ${EXPECTED_VERSION:-} == 3.8.* ]]; then
    log "the database holds $n AI Gateway binding(s) of type scorer_job, which MLflow $EXPECTED_VERSION still reads"
    return
  fi
  refuse "the database holds $n AI Gateway endpoint binding(s) of resource type scorer_job, which only MLflow 3.8.x reads: 3.9.0 renamed the type scorer and migrates no row, so once upgraded past 3.8 the server answers every list of bindings with HTTP 500 ('scorer_job' is not a valid GatewayResourceType). Delete them before the upgrade (DELETE FROM endpoint_bindings WHERE resource_type = 'scorer_job'; from 3.9 the server binds a scorer judged through an endpoint itself when the scorer is registered), or, upgrading within 3.8.x, say so with EXPECTED_VERSION=<3.8.x>"
}

pre_upgrade_check() {
  discover
  local st; st=$(helm status "$RELEASE" --namespace "$NAMESPACE" -o yaml | sed -n -E 's/^  status: (.*)/\1/p' | awk 'NR==1')
  [[ $st == deployed ]] || die "release status is '$st', not deployed"
  k rollout status deploy "$DEPLOY" --timeout=60s >&2
  health
  check_scorer_job_bindings
  log "schema revision (alembic_version): $(schema_revision); auth database: $(auth_schema_revision)"
  if [[ -f $BACKUP_DIR/db/$TIMESTAMP/manifest.json && -f $BACKUP_DIR/experiments/$TIMESTAMP/manifest.json && -f $BACKUP_DIR/artifacts/$TIMESTAMP/manifest.json ]]; then
    log "backup set $TIMESTAMP exists"
  else
    log "no complete backup set $TIMESTAMP: taking it now"
    backup_experiments "$TIMESTAMP"; backup_db "$TIMESTAMP"; backup_artifacts "$TIMESTAMP"
  fi
  verify_part experiments "$BACKUP_DIR/experiments/$TIMESTAMP"
  verify_part db "$BACKUP_DIR/db/$TIMESTAMP"
  verify_part artifacts "$BACKUP_DIR/artifacts/$TIMESTAMP"
  log "pre-upgrade check passed; backup set $TIMESTAMP (keep it: a rollback needs its dump)"
}

post_upgrade_check() {  # TIMESTAMP=<pre-upgrade set>, EXPECTED_VERSION=<x.y.z> (default: app version of the release)
  discover
  k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2
  health
  local want=${EXPECTED_VERSION:-$APP_VERSION} got; got=$(pyrest version)
  [[ $got == "$want" ]] || die "/version is $got, expected $want (set EXPECTED_VERSION=)"
  local job=$DEPLOY-migration jrev jok
  if k get job "$job" >/dev/null 2>&1; then
    jrev=$(k get job "$job" -o jsonpath='{.metadata.labels.mlflow\.chart/release-revision}')
    jok=$(k get job "$job" -o jsonpath='{.status.succeeded}')
    [[ $jrev == "$REVISION" ]] || die "migration Job $job belongs to release revision $jrev, not the current $REVISION"
    [[ ${jok:-0} -ge 1 ]] || die "migration Job $job of revision $jrev has not succeeded"
    log "migration Job $job of revision $jrev succeeded"
  else
    die "no migration Job $job (migration.enabled=false? then run mlflow-db-upgrade)"
  fi
  log "schema revision now: $(schema_revision); auth database: $(auth_schema_revision)"
  local m=$BACKUP_DIR/experiments/$TIMESTAMP/manifest.json
  [[ -f $m ]] || die "pre-upgrade manifest $m not found (TIMESTAMP=<pre-upgrade set>)"
  compare_counts "$m"
  log "post-upgrade check passed"
}

db_upgrade() {  # back up, then migrate with the release's image (or MLFLOW_IMAGE=)
  discover
  backup_db "$TIMESTAMP"
  [[ -n ${MLFLOW_IMAGE:-} ]] && IMAGE=$MLFLOW_IMAGE
  start_helper mlflow
  log "db upgrade with $IMAGE: revision before $(in_helper python -c "$PY" revision "$BACKEND_URI")"
  in_helper python -c "$PY" migrate "$BACKEND_URI"
  log "revision after $(in_helper python -c "$PY" revision "$BACKEND_URI")"
  if [[ $AUTH == on ]]; then
    # The helper has no rendered basic_auth.ini (no init container); importing the auth app needs only MLflow's own.
    in_helper env -u MLFLOW_AUTH_CONFIG_PATH python -m mlflow.server.auth db upgrade --url "$AUTH_URI"
    log "auth database revision after $(in_helper python -c "$PY" auth-revision "$AUTH_URI")"
  fi
  stop_helper
}

rollback() {  # helm rollback to TO_REVISION (default previous) AND restore the pre-upgrade dump TIMESTAMP
  [[ -n ${TIMESTAMP_EXPLICIT:-} ]] || die "TIMESTAMP=<pre-upgrade backup set> is required: migrations are forward-only, the rollback restores that dump"
  local dir="$BACKUP_DIR/db/$TIMESTAMP" m dbfile
  m=$dir/manifest.json
  [[ -f $m ]] || refuse "backup set incomplete: part 'db' has no manifest.json ($dir)"
  dbfile=$(manifest_database "$m")
  discover; check_restorable "$dir/$dbfile"; check_webhook_key "$dir"; check_gateway_kek "$dir"
  local to=${TO_REVISION:-$((REVISION - 1))}
  [[ $to -ge 1 ]] || die "no previous revision to roll back to (current $REVISION)"
  announce "mlflow-upgrade-rollback to revision $to with the database of set $TIMESTAMP"
  log "rollback of $RELEASE: revision $REVISION -> $to, database from $dir/$dbfile (schema $(manifest_field "$m" schema_revision))"
  ON_FAILURE=after_failed_rollback
  stage_databases "$dir" "$dir/$dbfile"
  safety_copy rollback
  scale_down
  replace_databases "$m"; stop_helper; restore_webhook_key
  ROLLED_FROM=$REVISION
  helm rollback "$RELEASE" "$to" --namespace "$NAMESPACE" --wait --timeout "$WAIT_TIMEOUT" >&2
  DEPLOY=""; discover
  k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2
  health
  log "schema revision now: $(schema_revision)"
  if [[ -f $BACKUP_DIR/experiments/$TIMESTAMP/manifest.json ]]; then compare_counts "$BACKUP_DIR/experiments/$TIMESTAMP/manifest.json"; fi
  log "rollback done; the upgraded database is kept as set $SAFETY_SET (to return to the upgrade: helm rollback $RELEASE $ROLLED_FROM -n $NAMESPACE, then $(put_back))"
}

# ON_FAILURE of a rollback: before the database is replaced, as a restore; after it, the two ways on.
after_failed_rollback() {
  if [[ -z ${DB_REPLACED:-} ]]; then after_failed_restore; return; fi
  log "rollback failed after the database was replaced by set $TIMESTAMP's. Either finish it: helm rollback $RELEASE ${TO_REVISION:-<previous revision>} -n $NAMESPACE --wait (then make -f make/ops/mlflow.mk mlflow-health), or return to the upgrade: helm rollback $RELEASE ${ROLLED_FROM:-$REVISION} -n $NAMESPACE, then $(put_back)"
}

info() { discover; health; log "schema revision: $(schema_revision)"; log "counts: $(live_counts)"; }

server_container() { k get pod "$SERVER_POD" -o jsonpath='{.spec.containers[0].name}'; }

main() {
  local cmd=${1:-}; shift || true
  case $cmd in
    backup-experiments) backup_experiments "$TIMESTAMP" ;;
    backup-db) backup_db "$TIMESTAMP" ;;
    backup-artifacts) backup_artifacts "$TIMESTAMP" ;;
    backup) require_new_set "$TIMESTAMP"; backup_experiments "$TIMESTAMP"; backup_db "$TIMESTAMP"; backup_artifacts "$TIMESTAMP"; log "backup set $TIMESTAMP complete in $BACKUP_DIR" ;;
    verify) for p in experiments db artifacts; do verify_part "$p" "$BACKUP_DIR/$p/$TIMESTAMP"; done ;;
    restore-db) restore_db ;;
    restore-artifacts) restore_artifacts ;;
    restore) restore_all ;;
    pre-upgrade-check) pre_upgrade_check ;;
    post-upgrade-check) post_upgrade_check ;;
    db-upgrade) db_upgrade ;;
    rollback) rollback ;;
    info) info ;;
    health) health ;;
    shell) discover; require_server; k exec -it "$SERVER_POD" -c "$(server_container)" -- sh ;;
    logs) discover; k logs -f --prefix --max-log-requests=10 -l "$(server_selector)" ;;
    port-forward) discover; log "http://localhost:${LOCAL_PORT:-5000} -> svc/$DEPLOY"; k port-forward "svc/$DEPLOY" "${LOCAL_PORT:-5000}:$(k get svc "$DEPLOY" -o jsonpath='{.spec.ports[0].port}')" ;;
    restart) discover; announce "rolling restart of deploy/$DEPLOY"; k rollout restart deploy "$DEPLOY" >&2; k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2 ;;
    scale)
      [[ ${REPLICAS:-} =~ ^[0-9]+$ ]] || die "REPLICAS=<n> is required, e.g. REPLICAS=2 (got '${REPLICAS:-}')"
      discover; announce "scaling deploy/$DEPLOY to $REPLICAS"
      k scale deploy "$DEPLOY" --replicas="$REPLICAS" >&2; k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2 ;;
    *) die "usage: $0 backup|backup-experiments|backup-db|backup-artifacts|verify|restore|restore-db|restore-artifacts|pre-upgrade-check|post-upgrade-check|db-upgrade|rollback|info|health|shell|logs|port-forward|restart|scale" ;;
  esac
}

# Sourced (the unit tests call its functions on real files), it defines the functions and runs nothing.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
