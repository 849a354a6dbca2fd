#!/usr/bin/env bash
# Operator side of make/ops/mlflow.mk: backup, restore and upgrade checks for a release of charts/mlflow.
# Needs bash, coreutils, kubectl and helm only. The heavy lifting runs in the cluster: short-lived helper pods
# cloned from the release's server Deployment (same image, env from the release's Secrets, same volumes) or
# from PG_IMAGE for pg_dump/pg_restore. No credential is ever read on this machine.
set -euo pipefail
shopt -s inherit_errexit

NAMESPACE=${NAMESPACE:-mlflow}
RELEASE=${RELEASE:-mlflow}
BACKUP_DIR=${BACKUP_DIR:-tmp/mlflow-backups}
TIMESTAMP=${TIMESTAMP:-$(date -u +%Y%m%dT%H%M%SZ)}
PG_IMAGE=${PG_IMAGE:-postgres:15-bookworm}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-600s}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=$(cat "$HERE/mlflow_ops.py")

k() { kubectl --namespace "$NAMESPACE" "$@"; }
log() { printf '[mlflow-ops %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[mlflow-ops] ERROR: %s\n' "$*" >&2; exit 1; }

HELPERS=()
cleanup() {
  local p
  for p in "${HELPERS[@]}"; do k delete pod "$p" --ignore-not-found --wait=false >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

# ------------------------------------------------------------------ discovery (from the release itself)
discover() {
  [[ -n ${DEPLOY:-} ]] && return
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
  IMAGE=$(k get deploy "$DEPLOY" -o jsonpath='{.spec.template.spec.containers[0].image}')
  CHART=$(k get deploy "$DEPLOY" -o jsonpath='{.metadata.labels.helm\.sh/chart}')
  APP_VERSION=$(helm get metadata "$RELEASE" --namespace "$NAMESPACE" -o yaml | sed -n 's/^appVersion: *//p' | tr -d '"')
  REVISION=$(helm get metadata "$RELEASE" --namespace "$NAMESPACE" -o yaml | sed -n 's/^revision: *//p')
  local port; port=$(k get svc "$DEPLOY" -o jsonpath='{.spec.ports[0].port}')
  # The Service's DNS name: MLflow 3.x accepts it as Host header (the chart lists it in the allowed hosts).
  BASE_URL="http://$DEPLOY.$NAMESPACE.svc:$port"
  log "release $NAMESPACE/$RELEASE rev $REVISION: profile=$PROFILE backend=$BACKEND artifacts=$ARTIFACTS auth=$AUTH image=$IMAGE chart=$CHART"
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
  "app.kubernetes.io/name":"mlflow","app.kubernetes.io/instance":"$RELEASE","app.kubernetes.io/component":"ops"}},
 "spec":{$node "restartPolicy":"Never","serviceAccountName":"$sa","automountServiceAccountToken":$token,
  "securityContext":$podsec,"imagePullSecrets":$pullsecrets,"volumes":$vols,"terminationGracePeriodSeconds":1,
  "containers":[{"name":"ops","image":"$image","imagePullPolicy":"IfNotPresent","command":["sleep","7200"],
   "env":$env,"envFrom":$envfrom,"volumeMounts":$mounts,"securityContext":$consec,
   "resources":{"requests":{"cpu":"50m","memory":"128Mi"},"limits":{"memory":"1Gi"}}}]}}
EOF
)
  k apply -f - <<<"$spec" >/dev/null
  HELPERS+=("$name")
  k wait --for=condition=Ready "pod/$name" --timeout=300s >/dev/null || { k describe pod "$name" >&2; die "helper pod $name not Ready"; }
  HELPER=$name
}
in_helper() { k exec -i "$HELPER" -c ops -- "$@"; }
stop_helper() { k delete pod "$HELPER" --wait=false >/dev/null 2>&1 || true; }

# ------------------------------------------------------------------ manifests
sha() { sha256sum "$1" | cut -d' ' -f1; }

# write_manifest <dir> <part> <counts-json|null> <mlflow-version|null> <schema-revision|null> [<auth-revision|null>]
write_manifest() {
  local dir=$1 part=$2 counts=$3 ver=$4 rev=$5 auth_rev=${6:-null} f first=1
  q() { [[ $1 == null ]] && echo null || echo "\"$1\""; }
  {
    printf '{\n  "format": 1,\n  "part": "%s",\n  "timestamp": "%s",\n' "$part" "$TIMESTAMP"
    printf '  "namespace": "%s",\n  "release": "%s",\n  "helm_revision": %s,\n' "$NAMESPACE" "$RELEASE" "${REVISION:-0}"
    printf '  "profile": "%s",\n  "backend": "%s",\n  "artifacts_store": "%s",\n' "$PROFILE" "$BACKEND" "$ARTIFACTS"
    printf '  "chart": "%s",\n  "app_version": "%s",\n  "image": "%s",\n' "$CHART" "$APP_VERSION" "$IMAGE"
    printf '  "mlflow_version": %s,\n  "schema_revision": %s,\n' "$(q "$ver")" "$(q "$rev")"
    printf '  "auth_schema_revision": %s,\n' "$(q "$auth_rev")"
    printf '  "counts": %s,\n  "files": {\n' "$counts"
    for f in $(cd "$dir" && ls | grep -v '^manifest.json$' | sort); do
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
  [[ -d $dir ]] || die "backup set incomplete: part '$part' missing ($dir does not exist)"
  [[ -f $dir/manifest.json ]] || die "backup set incomplete: part '$part' has no manifest.json ($dir)"
  while IFS= read -r line; do
    name=$(sed -E 's/^ *"([^"]+)": \{"sha256".*/\1/' <<<"$line")
    want=$(sed -E 's/.*"sha256": "([0-9a-f]{64})".*/\1/' <<<"$line")
    [[ -f $dir/$name ]] || die "backup set incomplete: part '$part': file $name missing in $dir"
    got=$(sha "$dir/$name")
    [[ $got == "$want" ]] || die "backup set corrupt: part '$part': $name checksum mismatch (manifest $want, file $got)"
    n=$((n + 1))
  done < <(grep -E '^ *"[^"]+": \{"sha256"' "$dir/manifest.json")
  [[ $n -gt 0 ]] || die "backup set corrupt: part '$part': manifest lists no files ($dir/manifest.json)"
  log "part $part ok: $n file(s) match $dir/manifest.json"
}

manifest_field() { sed -n -E "s/^  \"$2\": \"?([^\",]*)\"?,?$/\1/p" "$1" | awk 'NR==1'; }
manifest_counts() { sed -n -E 's/^  "counts": (.*),$/\1/p' "$1"; }

latest() { ls -1 "$BACKUP_DIR/$1" 2>/dev/null | sort | tail -1; }

live_counts() { if [[ -n $(server_pod) ]]; then SERVER_POD=$(server_pod); pyrest counts; else echo null; fi; }
live_version() { if [[ -n $(server_pod) ]]; then SERVER_POD=$(server_pod); pyrest version; else echo null; fi; }

schema_revision() {  # [revision|auth-revision <uri>]: through a server pod if one runs, else a helper pod
  local what=${1:-revision} uri=${2:-$BACKEND_URI} pod; pod=$(server_pod)
  if [[ -n $pod ]]; then SERVER_POD=$pod; in_server python -c "$PY" "$what" "$uri"
  else start_helper mlflow; in_helper python -c "$PY" "$what" "$uri"; stop_helper; fi
}
auth_schema_revision() { if [[ $AUTH == on ]]; then schema_revision auth-revision "$AUTH_URI"; else echo null; fi; }

# The auth database's file in a backup set, named after the tracking one's kind.
auth_file() { if [[ $BACKEND == sqlite ]]; then echo basic_auth.db; else echo auth.dump; fi; }

# <uri> of a PostgreSQL database -> its name (the chart puts no credentials in URIs)
pg_database() { local rest=${1#*://} db; db=${rest#*/}; echo "${db%%\?*}"; }

# ------------------------------------------------------------------ backups
backup_experiments() {
  discover; require_server
  local dir="$BACKUP_DIR/experiments/$TIMESTAMP"; mkdir -p "$dir"
  log "experiments: REST reads from $BASE_URL (inside pod $SERVER_POD)"
  local counts ver rev
  pyrest experiments > "$dir/experiments.json"
  pyrest runs > "$dir/runs.json"
  pyrest models > "$dir/models.json"
  counts=$(pyrest counts); ver=$(pyrest version); rev=$(schema_revision)
  write_manifest "$dir" experiments "$counts" "$ver" "$rev"
}

backup_db() {
  discover
  local dir="$BACKUP_DIR/db/$TIMESTAMP" file rev auth_rev
  mkdir -p "$dir"
  rev=$(schema_revision); auth_rev=$(auth_schema_revision)
  if [[ $BACKEND == sqlite ]]; then
    file=mlflow.db; start_helper mlflow
    dump_sqlite "$SQLITE_PATH" "$dir/$file"
    if [[ $AUTH == on ]]; then dump_sqlite "${AUTH_URI#sqlite:///}" "$dir/$(auth_file)"; fi
  else
    file=mlflow.dump; start_helper pg
    dump_pg "$PGDATABASE_" "$dir/$file"
    if [[ $AUTH == on ]]; then dump_pg "$(pg_database "$AUTH_URI")" "$dir/$(auth_file)"; fi
  fi
  stop_helper
  local counts ver; counts=$(live_counts); ver=$(live_version)
  write_manifest "$dir" db "$counts" "$ver" "$rev" "$auth_rev"
  log "db backup: $dir/$file ($(stat -c %s "$dir/$file") bytes, schema revision $rev; auth database: $auth_rev)"
}

dump_sqlite() {  # <path in the mlflow helper> <local file>: online copy, checksummed on both sides
  local remote=/tmp/$(basename "$2").backup remote_sha
  log "db: online sqlite3 backup of $1 in $HELPER"
  in_helper python -c "$PY" sqlite-backup "$1" "$remote"
  remote_sha=$(in_helper python -c "$PY" sha256 "$remote")
  in_helper cat "$remote" > "$2"
  [[ $(sha "$2") == "$remote_sha" ]] || die "db: copied $(basename "$2") differs from the one made in the cluster"
}

dump_pg() {  # <database> <local file>: pg_dump -Fc in the pg helper, checksummed on both sides
  local remote=/tmp/$(basename "$2") remote_sha
  log "db: pg_dump -Fc of $1 on $PGHOST_:$PGPORT_ in $HELPER ($PG_IMAGE)"
  in_helper env PGDATABASE="$1" pg_dump --format=custom --no-owner --no-privileges --file="$remote"
  remote_sha=$(in_helper sha256sum "$remote" | cut -d' ' -f1)
  in_helper cat "$remote" > "$2"
  [[ $(sha "$2") == "$remote_sha" ]] || die "db: copied $(basename "$2") differs from the one made in the cluster"
}

backup_artifacts() {
  discover
  local dir="$BACKUP_DIR/artifacts/$TIMESTAMP"; mkdir -p "$dir"
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
  write_manifest "$dir" artifacts "$counts" "$ver" null
}

# ------------------------------------------------------------------ restores
scale_down() {
  REPLICAS_BEFORE=$(k get deploy "$DEPLOY" -o jsonpath='{.spec.replicas}')
  # Remember the count on the Deployment, so a rerun after a failure at 0 scales back to it.
  if [[ $REPLICAS_BEFORE == 0 ]]; then
    REPLICAS_BEFORE=$(k get deploy "$DEPLOY" -o jsonpath='{.metadata.annotations.mlflow-ops/replicas-before}')
  else
    k annotate deploy "$DEPLOY" --overwrite "mlflow-ops/replicas-before=$REPLICAS_BEFORE" >/dev/null
  fi
  log "scaling deploy/$DEPLOY from $(k get deploy "$DEPLOY" -o jsonpath='{.spec.replicas}') to 0 (restores to ${REPLICAS_BEFORE:-1})"
  k scale deploy "$DEPLOY" --replicas=0 >/dev/null
  k wait --for=delete pod -l "app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=server" --timeout="$WAIT_TIMEOUT" >/dev/null 2>&1 || true
}
scale_up() {
  local n=${1:-${REPLICAS_BEFORE:-1}}; [[ $n -gt 0 ]] || n=1
  log "scaling deploy/$DEPLOY to $n"
  k scale deploy "$DEPLOY" --replicas="$n" >/dev/null
  k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2
}

check_compatible() {  # <manifest>: the dump must fit the release's backend, and hold an auth database iff it runs one
  local b a; b=$(manifest_field "$1" backend); a=$(manifest_field "$1" auth_schema_revision)
  [[ $b == "$BACKEND" ]] || die "backup is a $b backup, release $RELEASE uses $BACKEND: refusing"
  if [[ $AUTH == on && ( -z $a || $a == null ) ]]; then
    die "release $RELEASE runs basic auth but the backup has no auth database: its users would not match the restored data; restore into a release with auth.enabled=false, then enable it"
  fi
  if [[ $AUTH == off && -n $a && $a != null ]]; then
    die "the backup holds an auth database (users, permissions) but release $RELEASE runs without basic auth: install or upgrade it with auth.enabled=true first"
  fi
}

restore_db_file() {  # <file> (already verified); server must be scaled to 0. With basic auth, its database too.
  local file=$1 dir; dir=$(dirname "$file")
  if [[ $BACKEND == sqlite ]]; then start_helper mlflow; else start_helper pg; fi
  restore_database "$file" "$BACKEND_URI" "$(manifest_field "$dir/manifest.json" schema_revision)" tracking
  if [[ $AUTH == on ]]; then
    restore_database "$dir/$(auth_file)" "$AUTH_URI" "$(manifest_field "$dir/manifest.json" auth_schema_revision)" auth
  fi
  stop_helper
  log "db restored from $dir"
}

# restore_database <local file> <database uri> <revision the backup has> <tracking|auth>, in the helper
restore_database() {
  local file=$1 uri=$2 want_rev=$3 kind=$4 remote_sha want got_rev
  want=$(sha "$file")
  if [[ $BACKEND == sqlite ]]; then
    local path=${uri#sqlite:///}
    in_helper sh -c 'cat > /tmp/restore.db' < "$file"
    remote_sha=$(in_helper python -c "$PY" sha256 /tmp/restore.db)
    [[ $remote_sha == "$want" ]] || die "db: upload to $HELPER corrupted (sha256 $remote_sha)"
    log "db: replacing $path"
    in_helper sh -c "rm -f '$path-journal' '$path-wal' '$path-shm' && cp /tmp/restore.db '$path.restoring' && mv '$path.restoring' '$path'"
    if [[ $kind == auth ]]; then got_rev=$(in_helper python -c "$PY" auth-revision "$uri")
    else got_rev=$(in_helper python -c "$PY" revision "$uri"); fi
  else
    local database; database=$(pg_database "$uri")
    in_helper sh -c 'cat > /tmp/restore.dump' < "$file"
    remote_sha=$(in_helper sha256sum /tmp/restore.dump | cut -d' ' -f1)
    [[ $remote_sha == "$want" ]] || die "db: upload to $HELPER corrupted (sha256 $remote_sha)"
    log "db: dropping the tables, views, sequences, types and functions of \$PGUSER in $database and restoring, in one transaction"
    in_helper env PGDATABASE="$database" sh -c 'set -e; pg_restore --list /tmp/restore.dump >/dev/null
      { cat <<"SQL"
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
        pg_restore --no-owner --no-privileges --file=- /tmp/restore.dump; } \
      | PGOPTIONS="-c client_min_messages=warning" psql --quiet --no-psqlrc --single-transaction -v ON_ERROR_STOP=1 >/dev/null'
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

restore_db() {  # FILE=<BACKUP_DIR>/db/<ts>/<mlflow.db|mlflow.dump>
  local file=${FILE:-}
  [[ -n $file ]] || die "FILE= is required, e.g. FILE=$BACKUP_DIR/db/<timestamp>/mlflow.dump"
  [[ -f $file ]] || die "FILE=$file does not exist"
  verify_part db "$(dirname "$file")"
  discover; check_compatible "$(dirname "$file")/manifest.json"
  scale_down; restore_db_file "$file"; scale_up
  health
}

restore_artifacts_dir() {  # <dir> (already verified)
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
  discover; restore_artifacts_dir "$dir"; log "artifacts restored from $dir"
}

restore_all() {  # the whole set TIMESTAMP=<ts>: verify all parts, then db + artifacts, then compare counts
  local ts=$TIMESTAMP
  [[ -n ${TIMESTAMP_EXPLICIT:-} ]] || die "TIMESTAMP=<backup set> is required (sets: $(ls "$BACKUP_DIR/db" 2>/dev/null | tr '\n' ' '))"
  verify_part experiments "$BACKUP_DIR/experiments/$ts"
  verify_part db "$BACKUP_DIR/db/$ts"
  verify_part artifacts "$BACKUP_DIR/artifacts/$ts"
  discover; check_compatible "$BACKUP_DIR/db/$ts/manifest.json"
  local dbfile; dbfile=$(ls "$BACKUP_DIR/db/$ts" | grep -E '^mlflow\.(db|dump)$')
  scale_down
  restore_db_file "$BACKUP_DIR/db/$ts/$dbfile"
  restore_artifacts_dir "$BACKUP_DIR/artifacts/$ts"
  scale_up
  health
  compare_counts "$BACKUP_DIR/experiments/$ts/manifest.json"
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

pre_upgrade_check() {
  discover
  local st; st=$(helm status "$RELEASE" --namespace "$NAMESPACE" -o yaml | sed -n -E 's/^  status: (.*)/\1/p' | awk 'NR==1')
  [[ $st == deployed ]] || die "release status is '$st', not deployed"
  k rollout status deploy "$DEPLOY" --timeout=60s >&2
  health
  log "schema revision (alembic_version): $(schema_revision); auth database: $(auth_schema_revision)"
  if [[ -f $BACKUP_DIR/db/$TIMESTAMP/manifest.json && -f $BACKUP_DIR/experiments/$TIMESTAMP/manifest.json && -f $BACKUP_DIR/artifacts/$TIMESTAMP/manifest.json ]]; then
    log "backup set $TIMESTAMP exists"
  else
    log "no complete backup set $TIMESTAMP: taking it now"
    backup_experiments; backup_db; backup_artifacts
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
  backup_db
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
  local dir="$BACKUP_DIR/db/$TIMESTAMP" dbfile
  verify_part db "$dir"
  discover; check_compatible "$dir/manifest.json"
  dbfile=$(ls "$dir" | grep -E '^mlflow\.(db|dump)$')
  local to=${TO_REVISION:-$((REVISION - 1))}
  [[ $to -ge 1 ]] || die "no previous revision to roll back to (current $REVISION)"
  log "rollback of $RELEASE: revision $REVISION -> $to, database from $dir/$dbfile (schema $(manifest_field "$dir/manifest.json" schema_revision))"
  scale_down
  restore_db_file "$dir/$dbfile"
  helm rollback "$RELEASE" "$to" --namespace "$NAMESPACE" --wait --timeout "$WAIT_TIMEOUT" >&2
  DEPLOY=""; discover
  k rollout status deploy "$DEPLOY" --timeout="$WAIT_TIMEOUT" >&2
  health
  log "schema revision now: $(schema_revision)"
  [[ -f $BACKUP_DIR/experiments/$TIMESTAMP/manifest.json ]] && compare_counts "$BACKUP_DIR/experiments/$TIMESTAMP/manifest.json"
  log "rollback done"
}

info() { discover; health; log "schema revision: $(schema_revision)"; log "counts: $(live_counts)"; }

cmd=${1:-}; shift || true
case $cmd in
  backup-experiments) backup_experiments ;;
  backup-db) backup_db ;;
  backup-artifacts) backup_artifacts ;;
  backup) backup_experiments; backup_db; backup_artifacts; log "backup set $TIMESTAMP complete in $BACKUP_DIR" ;;
  verify) for p in experiments db artifacts; do verify_part "$p" "$BACKUP_DIR/$p/$TIMESTAMP"; done ;;
  restore-db) restore_db ;;
  restore-artifacts) restore_artifacts ;;
  restore) restore_all ;;
  pre-upgrade-check) pre_upgrade_check ;;
  post-upgrade-check) post_upgrade_check ;;
  db-upgrade) db_upgrade ;;
  rollback) rollback ;;
  info) info ;;
  *) die "usage: $0 backup|backup-experiments|backup-db|backup-artifacts|verify|restore|restore-db|restore-artifacts|pre-upgrade-check|post-upgrade-check|db-upgrade|rollback|info" ;;
esac
