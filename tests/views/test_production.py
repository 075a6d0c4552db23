"""Production mode: `check --deploy` is clean and static files are hashed and compressed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-key-" + "x7Qp9#Lm2$Vn4&Rt8*Wz" * 3,
        ALLOWED_HOSTS="minutes.example.org",
        # Settings only parse the URL; neither command below opens a connection.
        DATABASE_URL="postgres://nobody@127.0.0.1:1/unused",
        **extra,
    )
    env.pop("DEBUG", None)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("name", ["css/site.css"])
def test_collectstatic_writes_hashed_compressed_files(tmp_path, name):
    result = manage("collectstatic", "--no-input", env=production_env(STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stdout + result.stderr
    stem, suffix = name.rsplit(".", 1)
    hashed = [p for p in tmp_path.glob(f"{stem}.*.{suffix}") if p.name.count(".") == 2]
    assert len(hashed) == 1, sorted(str(p) for p in tmp_path.rglob("*"))
    assert Path(f"{hashed[0]}.gz").exists()
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert hashed[0].name in manifest
