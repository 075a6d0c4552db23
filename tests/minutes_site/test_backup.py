"""A pg_dump backup restored into an empty database serves the same pages."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Department
from tests.minutes_site.database_urls import current_database_url
from tests.views.test_production import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

RESTORED = "test_minutes_restored"

PAGES_PROBE = """
import hashlib, json, os
from django.test import Client
client = Client()
print("PAGES" + json.dumps({
    path: [r.status_code, hashlib.sha256(r.content).hexdigest()]
    for path in json.loads(os.environ["PROBE_PATHS"]) for r in [client.get(path)]
}))
"""


def run(*args: str, database: str, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": current_database_url(database), **extra}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def restored_database():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
        cursor.execute(f"CREATE DATABASE {RESTORED}")
    yield RESTORED
    with connection.cursor() as cursor:
        # The test's requests left the public statement time limit on this connection;
        # dropping a database waits for a checkpoint, which may take longer.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(f"DROP DATABASE IF EXISTS {RESTORED} WITH (FORCE)")


def test_a_restored_backup_serves_the_same_pages(client, seeded, tmp_path, restored_database):
    backup = tmp_path / "minutes.dump"
    call_command("backup_database", str(backup))
    assert backup.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restore = run("manage.py", "restore_database", str(backup), database=restored_database)
    assert restore.returncode == 0, restore.stderr
    assert "已从" in restore.stdout

    department = Department.objects.get(name="市水务局").pk
    paths = [
        "/",
        "/meetings/?year=2024",
        seeded[38].get_absolute_url(),
        seeded[41].get_absolute_url(),
        f"/departments/{department}/",
        "/people/王晨清/",
        f"/api/meetings/{seeded[41].pk}",
        "/archive/2024/1/",
    ]
    here = {
        path: [response.status_code, hashlib.sha256(response.content).hexdigest()]
        for path in paths
        for response in [client.get(path)]
    }
    assert all(status == 200 for status, _digest in here.values())
    probe = run(
        "manage.py",
        "shell",
        "-c",
        PAGES_PROBE,
        database=restored_database,
        PROBE_PATHS=json.dumps(paths),
        ALLOWED_HOSTS="testserver",
    )
    assert probe.returncode == 0, probe.stderr
    line = next(line for line in probe.stdout.splitlines() if line.startswith("PAGES"))
    there = json.loads(line.removeprefix("PAGES"))
    assert there == here


def test_restoring_into_a_database_with_tables_is_refused(seeded, tmp_path):
    backup = tmp_path / "minutes.dump"
    call_command("backup_database", str(backup))
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_database", str(backup))


def test_a_missing_backup_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore_database", str(tmp_path / "nothing.dump"))
