"""Load test of the production server on this machine (`make loadtest`).

    python benchmarks/loadtest.py --rates 5,10,20,40 --duration 30     # the recorded run
    python benchmarks/loadtest.py --smoke                              # CI: tiny, checks it works

Starts gunicorn with DJANGO_ENV=production on 127.0.0.1 (a free port, never another address)
against the load-test corpus (benchmarks/load_corpus.py), warms the archive-wide counts, then
for each offered rate runs locust headless for a bounded time with that many visitors making
about one request a second each (benchmarks/locustfile.py), and prints per rate: requests per
second achieved, p50/p95/p99 latency and errors. Any non-2xx answer counts as an error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def corpus_sample(env: dict[str, str]) -> dict:
    """Meeting IDs, department IDs, names and years drawn from the corpus."""
    script = (
        "import json, random\n"
        "from archive.models import Meeting, Department, PersonStat\n"
        "random.seed(7)\n"
        "ids = list(Meeting.objects.values_list('pk', flat=True))\n"
        "dated = Meeting.objects.exclude(date=None)\n"
        "years = sorted({d.year for d in dated.dates('date', 'year')})\n"
        "names = sorted(PersonStat.objects.values_list('name', flat=True))\n"
        "print('SAMPLE' + json.dumps({'meetings': random.sample(ids, min(5000, len(ids))),\n"
        "  'departments': list(Department.objects.values_list('pk', flat=True)),\n"
        "  'people': random.sample(names, min(500, len(names))),\n"
        "  'years': years, 'count': len(ids)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("SAMPLE"))[6:])


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"the server did not answer {url} within {timeout} s")
        time.sleep(0.5)


def run_rate(host: str, rate: int, duration: int, sample_path: str, out: Path) -> dict:
    prefix = out / f"rate_{rate}"
    env = {**os.environ, "LOADTEST_SAMPLE": sample_path}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--users",
            str(rate),
            "--spawn-rate",
            str(rate),
            "--run-time",
            f"{duration}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=duration + 120,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    return {"rate": rate, "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="5,10,20,40", help="offered requests per second")
    parser.add_argument("--duration", type=int, default=30, help="seconds per rate")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--smoke", action="store_true", help="one low rate for a few seconds")
    parser.add_argument(
        "--without-search", action="store_true", help="leave searches out of the mix"
    )
    args = parser.parse_args()
    rates = [2] if args.smoke else [int(rate) for rate in args.rates.split(",")]
    duration = 5 if args.smoke else args.duration

    from benchmarks.load_corpus import corpus_database_url

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    static_root = ROOT / "var" / "loadtest-static"
    env = {
        **os.environ,
        "DATABASE_URL": corpus_database_url(),
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
    }
    env.pop("DEBUG", None)
    if args.without_search:
        os.environ["LOADTEST_WITHOUT_SEARCH"] = "1"  # read by the locust processes
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run([*manage, "refresh_aggregates"], cwd=ROOT, env=env, check=True)
    sample = corpus_sample(env)
    if not sample["meetings"]:
        raise SystemExit("the load-test corpus is empty: run benchmarks/load_corpus.py first")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "minutes_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = []
    try:
        wait_ready(f"{host}/robots.txt")
        with tempfile.TemporaryDirectory(prefix="loadtest_") as folder:
            sample_path = Path(folder) / "sample.json"
            sample_path.write_text(json.dumps(sample))
            for rate in rates:
                results.append(run_rate(host, rate, duration, str(sample_path), Path(folder)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"corpus: {sample['count']} meetings; gunicorn workers: {args.workers}; "
        f"{duration} s per rate" + ("; without searches" if args.without_search else "")
    )
    print(" offered  achieved   p50    p95    p99   requests  errors")
    failed = False
    for result in results:
        row = result["rows"]["Aggregated"]
        errors = int(row["Failure Count"])
        failed |= errors > 0
        print(
            f"{result['rate']:>6}/s  {float(row['Requests/s']):>6.1f}/s  "
            f"{row['50%']:>5}  {row['95%']:>5}  {row['99%']:>5}  "
            f"{row['Request Count']:>8}  {errors:>6}"
        )
    for result in results:
        print(f"\nper page at {result['rate']}/s offered (ms):  p50   p95   p99  requests  errors")
        for name, row in sorted(result["rows"].items()):
            if name != "Aggregated":
                print(
                    f"  {name:<30} {row['50%']:>5} {row['95%']:>5} {row['99%']:>5}"
                    f" {row['Request Count']:>8} {row['Failure Count']:>7}"
                )
    return 1 if args.smoke and failed else 0


if __name__ == "__main__":
    sys.exit(main())
