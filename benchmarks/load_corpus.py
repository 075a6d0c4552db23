"""The load test's corpus: N meetings in a database of its own, built reproducibly.

    python benchmarks/load_corpus.py --size 100000 --imported 2000   # build (or grow) it
    python benchmarks/load_corpus.py --url                           # print its DATABASE_URL

The first ``--imported`` meetings are generated transcripts (benchmarks/transcripts.py:
transcript i is always the same bytes) imported through ``import_minutes``' own code path,
so they hold what a real import writes. Importing runs at tens of transcripts a second on
two cores, so the rest are copies made in SQL: copy k of meeting m is m with every row it owns
(agenda items, decisions, department links, attendees) under new IDs, its date k years
earlier and its file name suffixed ``#k``. Pages, filters and indexes therefore see N meetings
of realistic shape and size; only the transcripts repeat.

An interrupted build resumes: imported transcripts are skipped as unchanged, and copies are
made only up to N. Without DATABASE_URL the corpus lives in the embedded server's
``minutes_loadtest`` database, apart from the archive of ``make run``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_NAME = "minutes_loadtest"
CHUNK = 2000


def corpus_database_url() -> str:
    """DATABASE_URL if set, else the embedded server's load-test database (created if missing)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    from minutes_site.embedded_db import embedded_database_url

    return embedded_database_url(DATABASE_NAME)


def manage(*args: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def corpus_build(size: int, imported: int, seed: int) -> None:
    from benchmarks.transcripts import transcript_bytes

    url = corpus_database_url()
    manage("migrate", "--no-input", "--verbosity", "0", url=url)
    started = time.perf_counter()
    imported = min(imported, size)
    for start in range(0, imported, CHUNK):
        with tempfile.TemporaryDirectory(prefix="load_corpus_") as folder:
            for index in range(start, min(start + CHUNK, imported)):
                name, data = transcript_bytes(index, seed=seed)
                (Path(folder) / name).write_bytes(data)
            manage("import_minutes", "--no-progress", folder, url=url)
        done = min(start + CHUNK, imported)
        print(f"{done} transcripts imported after {time.perf_counter() - started:.0f} s")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes_site.settings")
    import django

    django.setup()
    from benchmarks.replicate import meetings_replicate

    total = meetings_replicate(size)
    print(f"{total} meetings after {time.perf_counter() - started:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="number of meetings")
    parser.add_argument(
        "--imported", type=int, default=2000, help="how many of them to import as transcripts"
    )
    parser.add_argument("--seed", type=int, default=20240124)
    parser.add_argument("--url", action="store_true", help="print the corpus DATABASE_URL")
    args = parser.parse_args()
    if args.url:
        print(corpus_database_url())
        return 0
    corpus_build(args.size, args.imported, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
