package io.mlflowchart.harness.scenario.steps;

/**
 * A Python program run (by exec) in the migration Job's container, beside {@code mlflow db upgrade}: it watches the
 * database that process migrates and, at the first sign that the migration is half-way, stops the process with
 * SIGSTOP, prints what it saw as one JSON line and exits. The SIGKILL comes after, from the node: the whole migration
 * of 2.9.2 to 3.17.2 takes under a second on a small database, faster than a kill from outside could aim, so the
 * moment is pinned from inside and the kill itself is still the kernel's. Half-way means:
 * <ul>
 *   <li>SQLite, where every statement commits on its own: the set of tables changed while {@code alembic_version} still
 *       names the same revision, so a revision is applied in part and not recorded (polled every few ms, both read in
 *       one read transaction);
 *   <li>PostgreSQL, where Alembic runs every revision in one transaction that no other session sees: the migration's
 *       session has taken exclusive locks on {@value #PG_LOCKS} or more relations (about half of what the 2.9.2 to 3.17.2
 *       migration takes: the tables and indexes it created or
 *       altered so far, uncommitted).
 * </ul>
 * Exit 3, with what it saw, when the migration ended before it was caught.
 */
final class MigrationFreeze {

    static final int PG_LOCKS = 150;

    static final String PROGRAM = """
            import json, os, signal, sqlite3, sys, time

            # The Job's container runs `python -c <script> <database uri>`: the URI is PID 1's last argument.
            uri = open("/proc/1/cmdline", "rb").read().split(b"\\0")[-2].decode()

            def upgrade_pid():
                for entry in os.listdir("/proc"):
                    if entry.isdigit():
                        try:
                            argv = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\\0")
                        except OSError:
                            continue
                        if b"db" in argv and b"upgrade" in argv:
                            return int(entry)
                return None

            pid = None
            deadline = time.time() + 120
            while pid is None:
                pid = upgrade_pid()
                if pid is None:
                    if time.time() > deadline:
                        sys.exit("mlflow db upgrade did not start within 120 s")
                    time.sleep(0.005)
            # Held while this program connects (mlflow is still importing itself then), so the watch starts before the migration.
            os.kill(pid, signal.SIGSTOP)

            def freeze(seen):
                os.kill(pid, signal.SIGSTOP)
                seen["pid"] = pid
                print(json.dumps(seen), flush=True)
                sys.exit(0)

            watched = {"polls": 0, "most_exclusive_locks": 0, "revisions_seen": []}

            def alive():
                return os.path.exists(f"/proc/{pid}")

            if uri.startswith("sqlite:"):
                db = sqlite3.connect(uri.split(":///", 1)[1], timeout=0.05, isolation_level=None)
                def state():
                    db.execute("BEGIN")
                    try:
                        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
                        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                        return revision, tables
                    finally:
                        db.execute("COMMIT")
                before = state()
                os.kill(pid, signal.SIGCONT)
                while alive():
                    try:
                        now = state()
                    except sqlite3.OperationalError:
                        continue
                    if now[0] == before[0] and now[1] != before[1]:
                        freeze({"backend": "sqlite", "revision": now[0],
                                "tables_added": sorted(now[1] - before[1]),
                                "tables_dropped": sorted(before[1] - now[1])})
                    if now[0] != before[0]:
                        before = now
                    watched["polls"] += 1
                    if now[0] not in watched["revisions_seen"]:
                        watched["revisions_seen"].append(now[0])
                    time.sleep(0.002)
            else:
                import sqlalchemy as sa
                from sqlalchemy.pool import NullPool
                with sa.create_engine(uri, poolclass=NullPool).connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                    locks = sa.text(
                        "SELECT a.pid, count(l.*), a.xact_start, a.state FROM pg_stat_activity a"
                        " JOIN pg_locks l ON l.pid = a.pid AND l.mode = 'AccessExclusiveLock'"
                        " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
                        " GROUP BY a.pid, a.xact_start, a.state")
                    connection.execute(locks).fetchall()
                    os.kill(pid, signal.SIGCONT)
                    while alive():
                        watched["polls"] += 1
                        for backend, held, since, state in connection.execute(locks).fetchall():
                            watched["most_exclusive_locks"] = max(watched["most_exclusive_locks"], held)
                            if held >= %d:
                                freeze({"backend": "postgresql", "session": backend, "exclusive_locks": held,
                                        "transaction_open_since": str(since), "state": state,
                                        "alembic_version": connection.execute(
                                            sa.text("SELECT version_num FROM alembic_version")).scalar()})
                        time.sleep(0.005)
            print("the migration ended before it was caught half-way:", json.dumps(watched), flush=True)
            sys.exit(3)
            """.formatted(PG_LOCKS);

    private MigrationFreeze() {}
}
