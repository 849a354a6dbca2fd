#!/usr/bin/env bash
# Entrypoint with the official postgres image's contract:
# - as root, prepares $PGDATA and the socket directory, then re-runs itself as the postgres user;
# - on an empty $PGDATA: initdb with POSTGRES_USER/POSTGRES_PASSWORD, password (scram) auth for TCP clients,
#   then a temporary server on the Unix socket only to create POSTGRES_DB and run /docker-entrypoint-initdb.d
#   (*.sql, *.sql.gz, *.sh), then stops it;
# - finally runs the real server, so "database system is ready to accept connections" is logged twice on a
#   first start (what Testcontainers' PostgreSQLContainer waits for) and once on later starts.
# Each POSTGRES_* variable may come from a file named by the same variable with _FILE appended.
set -Eeuo pipefail

from_file() {
  local var=$1 default=${2:-} file_var="${1}_FILE"
  if [[ -n "${!var:-}" && -n "${!file_var:-}" ]]; then
    echo "error: both $var and $file_var are set" >&2; exit 1
  fi
  local value=$default
  if [[ -n "${!var:-}" ]]; then value=${!var}; elif [[ -n "${!file_var:-}" ]]; then value=$(< "${!file_var}"); fi
  export "$var"="$value"
  unset "$file_var"
}

sql() { psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --no-password "$@"; }

initialise() {
  from_file POSTGRES_PASSWORD
  from_file POSTGRES_USER postgres
  from_file POSTGRES_DB "$POSTGRES_USER"
  from_file POSTGRES_INITDB_ARGS
  local auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [[ -z "$POSTGRES_PASSWORD" && "$auth" != trust ]]; then
    echo "error: database is uninitialised and POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi

  local pwfile
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$auth" $POSTGRES_INITDB_ARGS
  rm -f "$pwfile"
  printf '\nlisten_addresses = '"'*'"'\n' >> "$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

  # Temporary server: Unix socket only, so no client can connect before initialisation is done.
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  export PGPASSWORD=$POSTGRES_PASSWORD PGHOST=/var/run/postgresql PGPORT=5432
  if [[ "$POSTGRES_DB" != postgres ]]; then
    sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)
        if [[ -x "$f" ]]; then echo "$0: running $f"; "$f"; else echo "$0: sourcing $f"; . "$f"; fi ;;
      *.sql) echo "$0: running $f"; sql --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | sql --dbname "$POSTGRES_DB" ;;
      *) [[ -e "$f" ]] && echo "$0: ignoring $f" ;;
    esac
  done
  PGUSER=$POSTGRES_USER pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD PGHOST PGPORT
  echo "PostgreSQL init process complete; ready for start up."
}

# "docker run image -c fsync=off" means "postgres -c fsync=off".
if [[ "${1:-}" == -* ]]; then set -- postgres "$@"; fi

if [[ "${1:-}" == postgres ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
  fi
  if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
    initialise
  fi
  unset POSTGRES_PASSWORD
fi
exec "$@"
