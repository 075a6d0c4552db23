"""The embedded PostgreSQL: started on demand, usable by the command, stopped when it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="runs only where the embedded server is in use"
)


def _run(pgdata: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MINUTES_PGDATA": str(pgdata)}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "minutes_site.embedded_db", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_run_starts_the_server_for_the_command_and_stops_it_after(tmp_path: Path):
    pgdata = tmp_path / "pgdata"
    probe = (
        "import psycopg, minutes_site.embedded_db as e;"
        "print(psycopg.connect(e.embedded_database_url()).execute('select 40 + 2').fetchone()[0])"
    )
    result = _run(pgdata, "run", "--", sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
    assert "embedded PostgreSQL stopped" in result.stderr
    assert (pgdata / "PG_VERSION").exists()
    assert not (pgdata / "postmaster.pid").exists()
    assert _run(pgdata, "stop").stdout.strip() == "not running"


def test_a_start_survives_a_process_list_left_empty_by_a_killed_command(tmp_path: Path):
    pgdata = tmp_path / "pgdata"
    assert _run(pgdata, "run", "--", sys.executable, "-c", "pass").returncode == 0
    (pgdata / ".handle_pids.json").write_text("")  # as a command killed mid-write leaves it
    probe = "import minutes_site.embedded_db as e; print(bool(e.embedded_database_url()))"
    result = _run(pgdata, "run", "--", sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert "embedded PostgreSQL stopped" in result.stderr


def test_run_passes_on_the_command_exit_status(tmp_path: Path):
    result = _run(tmp_path / "pgdata", "run", "--", sys.executable, "-c", "raise SystemExit(3)")
    assert result.returncode == 3


def test_unknown_subcommand_is_refused():
    result = _run(REPO / "var" / "unused", "frobnicate")
    assert result.returncode == 2
    assert "got 'frobnicate'" in result.stderr
