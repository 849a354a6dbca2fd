"""In-cluster half of make/ops/mlflow.mk. Runs inside a pod with the release's MLflow image (python -c).

Never run on the operator's machine: it reads credentials from the pod's environment (PGUSER, PGPASSWORD,
AWS_*, MLFLOW_S3_ENDPOINT_URL and, with basic auth, MLFLOW_AUTH_ADMIN_USERNAME/PASSWORD, set by the chart from the
release's Secrets) and prints none of them.
Binary payloads (tar streams, database copies) go to stdout or come from stdin; messages go to stderr.

  rest <base-url> experiments|runs|models|counts|version|health
  sqlite-backup <src.db> <dst.db>       online, consistent copy (sqlite3 backup API)
  check-sqlite <file> [<revision>]      exits non-zero, saying why, unless <file> is a sound SQLite database of
                                        MLflow's (integrity_check, an alembic version table) at <revision>
  revision <backend-uri>                current alembic revision of the tracking database
  auth-revision <auth-database-uri>     current alembic revision of the basic-auth database
  migrate <backend-uri>                 what the chart's migration Job does (schema to head)
  provider-keys <backend-uri>           how many AI Gateway provider keys the tracking database holds
  scorer-job-bindings <backend-uri>     how many AI Gateway endpoint bindings of MLflow 3.8.x's type scorer_job it holds
  kek-fingerprint                       "<version> <fingerprint>" of the AI Gateway's key-encryption key for the
                                        KEK version and passphrase on stdin (a line each); nothing before MLflow 3.8
  sha256 <file>
  tar-dir <dir> | untar-dir <dir>       tar stream of a directory to stdout / from stdin
  s3-tar <bucket> <prefix> | s3-untar <bucket> <prefix>
"""
import hashlib
import base64
import json
import os
import shutil
import sys
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- REST
def headers():
    """With basic auth on, the server pod carries the admin's credentials (auth.existingSecret): send them."""
    user, password = os.environ.get("MLFLOW_AUTH_ADMIN_USERNAME"), os.environ.get("MLFLOW_AUTH_ADMIN_PASSWORD")
    if not (user and password):
        return {}
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def urlopen(req, timeout):
    """Every request here reads; one whose name lookup or connection fails for a moment (a busy cluster DNS, a pod
    being replaced) is sent again, a few times. An HTTP error is an answer, and is not retried."""
    for delay in (1, 2, 4, None):
        try:
            return urllib.request.urlopen(req, timeout=timeout)
        except urllib.error.HTTPError:
            raise
        except (urllib.error.URLError, ConnectionError) as e:
            if delay is None:
                raise
            print(f"{req.get_method()} {req.full_url}: {e}; again in {delay} s", file=sys.stderr)
            time.sleep(delay)


def call(base, method, path, params=None, body=None):
    url = f"{base}/api/2.0/mlflow/{path}"
    data = None
    if method == "GET" and params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    if body is not None:
        data = json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **headers()})
    try:
        with urlopen(req, timeout=60) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path}: HTTP {e.code}: {e.read()[:300]!r}")


def paged(base, method, path, key, params=None, body=None):
    items, token = [], None
    while True:
        if method == "GET":
            p = dict(params or {})
            if token:
                p["page_token"] = token
            page = call(base, "GET", path, params=p)
        else:
            b = dict(body or {})
            if token:
                b["page_token"] = token
            page = call(base, "POST", path, body=b)
        items.extend(page.get(key, []))
        token = page.get("next_page_token")
        if not token:
            return items


def experiments(base):
    return paged(base, "GET", "experiments/search", "experiments", params={"max_results": 1000, "view_type": "ALL"})


def runs(base, exps):
    ids = [e["experiment_id"] for e in exps]
    out = []
    for i in range(0, len(ids), 100):
        out += paged(base, "POST", "runs/search", "runs",
                     body={"experiment_ids": ids[i:i + 100], "run_view_type": "ALL", "max_results": 1000})
    return out


def models(base):
    reg = paged(base, "GET", "registered-models/search", "registered_models", params={"max_results": 1000})
    versions = paged(base, "GET", "model-versions/search", "model_versions", params={"max_results": 1000})
    return {"registered_models": reg, "model_versions": versions}


def plain(base, path):
    with urlopen(urllib.request.Request(f"{base}/{path}", headers=headers()), timeout=30) as resp:
        return resp.read().decode().strip()


def rest(base, what):
    base = base.rstrip("/")
    if what == "health":
        print(plain(base, "health"))
    elif what == "version":
        print(plain(base, "version"))
    elif what == "experiments":
        print(json.dumps({"experiments": experiments(base)}, indent=1, sort_keys=True))
    elif what == "runs":
        print(json.dumps({"runs": runs(base, experiments(base))}, indent=1, sort_keys=True))
    elif what == "models":
        print(json.dumps(models(base), indent=1, sort_keys=True))
    elif what == "counts":
        exps = experiments(base)
        m = models(base)
        # One line, keys in a fixed order: the Makefile compares these lines as strings.
        print(json.dumps({"experiments": len(exps), "runs": len(runs(base, exps)),
                          "registered_models": len(m["registered_models"]),
                          "model_versions": len(m["model_versions"])}))
    else:
        raise SystemExit(f"rest: unknown {what}")


# ---------------------------------------------------------------- database
def engine(uri):
    import sqlalchemy
    return sqlalchemy.create_engine(uri)


def revision(uri):
    import sqlalchemy
    with engine(uri).connect() as conn:
        try:
            print(conn.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar())
        except Exception as e:  # no table: empty database
            raise SystemExit(f"no alembic_version table in the tracking database: {type(e).__name__}")


def auth_revision(uri):
    """MLflow 3.x keeps the auth database's revision in alembic_version_auth, 2.x in alembic_version."""
    import sqlalchemy
    with engine(uri).connect() as conn:
        tables = sqlalchemy.inspect(conn).get_table_names()
        for table in ("alembic_version_auth", "alembic_version"):
            if table in tables:
                print(conn.execute(sqlalchemy.text(f"SELECT version_num FROM {table}")).scalar())
                return
        raise SystemExit(f"no alembic version table in the auth database (tables: {tables})")


def provider_keys(uri):
    """Rows of the secrets table MLflow 3.8+ keeps the gateway's encrypted provider keys in; 0 without the table."""
    import sqlalchemy
    with engine(uri).connect() as conn:
        if "secrets" not in sqlalchemy.inspect(conn).get_table_names():
            print(0)
            return
        print(conn.execute(sqlalchemy.text("SELECT COUNT(*) FROM secrets")).scalar())


def scorer_job_bindings(uri):
    """Rows of endpoint_bindings (the AI Gateway, MLflow 3.8+) of resource type scorer_job, the one type 3.8.x have.
    3.9.0 renamed it scorer and no migration rewrites the rows, so once the database is upgraded past 3.8 the server
    cannot list any binding (GatewayResourceType has no such value). 0 without the table."""
    import sqlalchemy
    with engine(uri).connect() as conn:
        if "endpoint_bindings" not in sqlalchemy.inspect(conn).get_table_names():
            print(0)
            return
        print(conn.execute(sqlalchemy.text(
            "SELECT COUNT(*) FROM endpoint_bindings WHERE resource_type = 'scorer_job'")).scalar())


def kek_fingerprint():
    """MLflow 3.8+ wraps each provider key's data key under a key it derives from MLFLOW_CRYPTO_KEK_PASSPHRASE and
    MLFLOW_CRYPTO_KEK_VERSION (KEKManager: PBKDF2-HMAC-SHA256, 600,000 rounds, the version in the salt; its built-in
    passphrase when none is set). Derived here by MLflow itself from the version and passphrase on stdin, never from
    this pod's environment, which a Secret changed since its start no longer matches. The SHA-256 of that key lets a
    restore tell whether the release will unwrap a set's keys, and costs a guesser as much as the wrapped keys in the
    set's database already do."""
    try:
        from mlflow.utils.crypto import KEKManager
    except ImportError:  # no gateway before 3.8
        return
    import logging
    version, _, passphrase = sys.stdin.buffer.read().decode().partition("\n")
    version = int(version.strip() or 1)
    logging.getLogger("mlflow.utils.crypto").setLevel(logging.ERROR)  # its warning about the built-in passphrase
    # An empty passphrase is MLflow's built-in one, as for a server started without the variable.
    kek = KEKManager(passphrase=passphrase, kek_version=version).get_kek()
    print(f"{version} {hashlib.sha256(kek).hexdigest()}")


def migrate(uri):
    # As the chart's migration Job, through MLflow's public interfaces only: `mlflow db upgrade` for a database with
    # MLflow's tables; an empty one gets the schema at head from the tracking store (2.x's db upgrade cannot start
    # from an empty database).
    import subprocess
    import sqlalchemy
    if sqlalchemy.inspect(engine(uri)).has_table("experiments"):
        log("migrating the schema to head")
        status = subprocess.run(["mlflow", "db", "upgrade", uri]).returncode
        if status:
            raise SystemExit(f"mlflow db upgrade failed with exit code {status}")
    else:
        log("empty database: creating the schema at head")
        # The server's default artifact root (it proxies artifacts): the Default experiment gets mlflow-artifacts:/0.
        from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
        SqlAlchemyStore(uri, "mlflow-artifacts:/")
    log("database schema is at head")


def sqlite_backup(src, dst):
    import sqlite3
    if not os.path.exists(src):
        raise SystemExit(f"{src} does not exist")
    if os.path.exists(dst):
        os.remove(dst)
    s = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    d = sqlite3.connect(dst)
    with d:
        s.backup(d)
    d.close()
    s.close()
    check = sqlite3.connect(dst).execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise SystemExit(f"integrity_check of the copy: {check}")
    log(f"sqlite backup: {os.path.getsize(dst)} bytes, integrity ok")


def check_sqlite(path, revision=""):
    """Before a restore replaces anything: the file is a whole SQLite database that MLflow wrote (tracking or auth)."""
    import sqlite3
    if not os.path.isfile(path):
        raise SystemExit(f"{path} does not exist")
    try:
        conn = sqlite3.connect(f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = sorted(row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            # MLflow 3.x keeps the auth database's revision in alembic_version_auth; the tracking one, and 2.x's auth
            # one, in alembic_version.
            table = next((t for t in ("alembic_version_auth", "alembic_version") if t in tables), None)
            found = conn.execute(f"SELECT version_num FROM {table}").fetchone() if table else None
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise SystemExit(f"not a sound SQLite database: {e}")
    if problems != ["ok"]:
        raise SystemExit("not a sound SQLite database: integrity_check: " + "; ".join(problems[:3]))
    if table is None:
        raise SystemExit(f"a SQLite database, but not MLflow's: no alembic_version table (tables: {', '.join(tables) or 'none'})")
    found = found[0] if found else None
    if revision and found != revision:
        raise SystemExit(f"schema revision {found}, but its manifest says {revision}")
    print(f"SQLite integrity ok, {len(tables)} tables, schema revision {found}")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    print(h.hexdigest())


# ---------------------------------------------------------------- artifacts
def tar_dir(root):
    n = 0
    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|") as tar:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                tar.add(full, arcname=os.path.relpath(full, root), recursive=False)
                n += 1
    log(f"tar: {n} files from {root}")


def untar_dir(root):
    n = 0
    with tarfile.open(fileobj=sys.stdin.buffer, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            target = os.path.normpath(os.path.join(root, member.name))
            if not target.startswith(os.path.normpath(root) + os.sep):
                raise SystemExit(f"refusing path outside {root}: {member.name}")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                shutil.copyfileobj(tar.extractfile(member), out)
            n += 1
    log(f"untar: {n} files into {root}")


def s3():
    import boto3
    return boto3.client("s3", endpoint_url=os.environ.get("MLFLOW_S3_ENDPOINT_URL") or None)


class _ReadOnly:
    """A stream that only reads: boto3 then uploads it in parts of bounded size, never seeking or buffering it whole."""

    def __init__(self, stream):
        self.read = stream.read


def s3_tar(bucket, prefix):
    """Each object streams from S3 into the tar: none is ever held whole in memory."""
    client, n = s3(), 0
    prefix = prefix.strip("/")
    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|") as tar:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/" if prefix else ""):
            for obj in sorted(page.get("Contents", []), key=lambda o: o["Key"]):
                body = client.get_object(Bucket=bucket, Key=obj["Key"])["Body"]
                info = tarfile.TarInfo(obj["Key"][len(prefix) + 1:] if prefix else obj["Key"])
                info.size = obj["Size"]
                info.mtime = int(obj["LastModified"].timestamp())
                tar.addfile(info, body)
                body.close()
                n += 1
    log(f"s3 tar: {n} objects from s3://{bucket}/{prefix}")


def s3_untar(bucket, prefix):
    """Each tar member streams into its object (multipart above boto3's threshold)."""
    client, n = s3(), 0
    prefix = prefix.strip("/")
    with tarfile.open(fileobj=sys.stdin.buffer, mode="r|") as tar:
        for member in tar:
            if not member.isfile():
                continue
            key = f"{prefix}/{member.name}" if prefix else member.name
            client.upload_fileobj(_ReadOnly(tar.extractfile(member)), bucket, key)
            n += 1
    log(f"s3 untar: {n} objects into s3://{bucket}/{prefix}")


def main(argv):
    cmds = {
        "rest": rest, "sqlite-backup": sqlite_backup, "revision": revision, "auth-revision": auth_revision,
        "migrate": migrate, "provider-keys": provider_keys, "scorer-job-bindings": scorer_job_bindings,
        "kek-fingerprint": kek_fingerprint, "sha256": sha256, "check-sqlite": check_sqlite,
        "tar-dir": tar_dir, "untar-dir": untar_dir, "s3-tar": s3_tar, "s3-untar": s3_untar,
    }
    if not argv or argv[0] not in cmds:
        raise SystemExit(__doc__)
    cmds[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
