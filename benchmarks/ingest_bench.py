"""Import throughput against jieba's own segmentation throughput, on the same text and cores.

    python benchmarks/ingest_bench.py --sizes 1000,10000      # the recorded benchmark
    python benchmarks/ingest_bench.py --check                 # CI: a tiny N, correctness only

For each N, a fresh process generates N transcripts (benchmarks/transcripts.py, seeded), then
  1. imports them with ``import_minutes``' own code path (archive.ingest.batch.meetings_import)
     into a fresh database: read, parse, write, and whatever meeting_save does at its end
     (search indexing, once it does it, is therefore measured without changing this file),
     then marks the search names the import registered (``names_mark``), as the command does;
  2. segments the same files with jieba alone (read, decode, ``jieba.lcut_for_search``) in a
     process pool of the same size, the dictionary loaded before the clock starts.
It reports transcripts per second for both, their ratio, and peak resident memory of the
importing process and of its workers, so that memory can be compared as N grows.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _segment_file(path: Path) -> int:
    import jieba

    from archive.ingest.read import decode_transcript

    text, _encoding = decode_transcript(path.read_bytes())
    return len(jieba.lcut_for_search(text))


def _segment_chunk(paths: list[Path]) -> int:
    return sum(_segment_file(path) for path in paths)


def _load_jieba() -> None:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def jieba_rate(paths: list[Path], workers: int) -> tuple[float, int]:
    """(seconds, tokens) to segment ``paths`` with jieba in ``workers`` processes."""
    context = multiprocessing.get_context("spawn")
    chunks = [paths[i : i + 8] for i in range(0, len(paths), 8)]
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_load_jieba) as pool:
        list(pool.map(_segment_chunk, [paths[:1]] * workers))  # every worker loaded and warm
        started = time.perf_counter()
        tokens = sum(pool.map(_segment_chunk, chunks))
        return time.perf_counter() - started, tokens


def import_rate(paths: list[Path], workers: int | None) -> tuple[float, dict[str, int]]:
    """(seconds, status counts) to import ``paths`` into a fresh database."""
    from archive.ingest.batch import meetings_import
    from archive.search.names import names_mark

    counts: dict[str, int] = {}
    started = time.perf_counter()
    for result in meetings_import(paths=paths, workers=workers):
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
    names_mark()  # as import_minutes does at its end: the names it registered made ready
    return time.perf_counter() - started, counts


def run_one(size: int, workers: int, seed: int) -> dict:
    """One measurement, in a process of its own so that peak memory belongs to this N."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    from benchmarks.transcripts import transcripts_write

    # A database of its own, so that a test run on the same server is never disturbed.
    settings.DATABASES["default"]["TEST"]["NAME"] = "minutes_ingest_bench"
    with tempfile.TemporaryDirectory(prefix="ingest_bench_") as folder:
        paths = transcripts_write(Path(folder), size, seed=seed)
        chars = sum(len(path.read_bytes()) for path in paths)
        databases = setup_databases(verbosity=0, interactive=False, keepdb=False)
        try:
            # import_minutes' default: its workers plus the writer use the same cores.
            import_seconds, counts = import_rate(paths, None)
            from archive.models import Meeting

            stored = Meeting.objects.count()
        finally:
            teardown_databases(databases, verbosity=0)
        import_children_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        main_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        jieba_seconds, tokens = jieba_rate(paths, workers)
    return {
        "n": size,
        "workers": workers,
        "bytes": chars,
        "import_seconds": round(import_seconds, 3),
        "import_per_second": round(size / import_seconds, 1),
        "jieba_seconds": round(jieba_seconds, 3),
        "jieba_per_second": round(size / jieba_seconds, 1),
        "ratio": round(jieba_seconds / import_seconds, 3),
        "tokens": tokens,
        "statuses": counts,
        "stored": stored,
        "peak_rss_main_mib": round(main_kib / 1024, 1),
        "peak_rss_import_worker_mib": round(import_children_kib / 1024, 1),
    }


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N values")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="jieba's pool size (all cores)"
    )
    parser.add_argument("--seed", type=int, default=20240124)
    parser.add_argument("--check", action="store_true", help="tiny N; fail on any bad import")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.workers, args.seed)))
        return 0
    sizes = [40] if args.check else [int(size) for size in args.sizes.split(",")]
    print(f"machine: {_machine()}")
    print("    N  import/s  jieba/s  ratio  peak RSS main  peak RSS worker  statuses")
    failed = False
    for size in sizes:
        command = [sys.executable, __file__, "--one", str(size), "--workers", str(args.workers)]
        done = subprocess.run([*command, "--seed", str(args.seed)], capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{row['n']:>5}  {row['import_per_second']:>8}  {row['jieba_per_second']:>7}  "
            f"{row['ratio']:>5}  {row['peak_rss_main_mib']:>10} MiB  "
            f"{row['peak_rss_import_worker_mib']:>12} MiB  {row['statuses']}"
        )
        failed |= row["statuses"] != {"created": size} or row["stored"] != size
    if failed:
        print("some generated transcripts did not import", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
