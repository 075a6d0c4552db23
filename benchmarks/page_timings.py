"""Per-page server times on the load-test corpus, one request at a time (Django test client).

    python benchmarks/page_timings.py [--repeat 3]

Runs against DATABASE_URL, or the embedded server's load-test database (see load_corpus.py).
Each page is fetched once to warm the caches, then ``--repeat`` times; prints the status and
the median and worst time of each. The pages are those of the load test's mix, with the
busiest department, the busiest year and a name from the attendance lists.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_queries import QUERIES  # noqa: E402


def pages() -> list[tuple[str, str]]:
    from django.db.models import Count

    from archive.models import Attendee, Department, Meeting

    busiest = (
        Department.objects.annotate(n=Count("attendees"))
        .order_by("-n")
        .values_list("pk", flat=True)
    )[0]
    quiet = (
        Department.objects.annotate(n=Count("attendees")).order_by("n").values_list("pk", flat=True)
    )[0]
    newest = Meeting.objects.exclude(date=None).order_by("-date").first()
    # The year with the most meetings (thousands on the full corpus) and its busiest month.
    year = (
        Meeting.objects.exclude(date=None)
        .values("date__year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-date__year")[0]["date__year"]
    )
    month = (
        Meeting.objects.filter(date__year=year)
        .values("date__month")
        .annotate(n=Count("pk"))
        .order_by("-n", "date__month")[0]["date__month"]
    )
    name = (
        Attendee.objects.filter(meeting=newest).exclude(name="").values_list("name", flat=True)[0]
    )
    return [
        ("home", "/"),
        ("meeting list", "/meetings/"),
        ("meeting list, page 50", "/meetings/?page=50"),
        ("meeting list, year", f"/meetings/?year={year}"),
        ("meeting list, busiest department", f"/meetings/?department={busiest}"),
        ("meeting list, year and item kind", f"/meetings/?year={year}&item_kind=review"),
        ("meeting detail", f"/meetings/{newest.pk}/"),
        ("department list", "/departments/"),
        ("busiest department", f"/departments/{busiest}/"),
        ("busiest department, later pages", f"/departments/{busiest}/?mp=40&dp=30"),
        ("quietest department", f"/departments/{quiet}/"),
        ("year calendar", f"/archive/{year}/"),
        ("month calendar", f"/archive/{year}/{month}/"),
        ("people", "/people/"),
        ("people, page 20", "/people/?page=20"),
        ("person", f"/people/{name}/"),
        *[(f"search {query}", f"/search/?{urlencode({'q': query})}") for query in QUERIES],
        *[
            (f"search {query}, {year}", f"/search/?{urlencode({'q': query, 'year': year})}")
            for query in QUERIES[:3]
        ],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from benchmarks.load_corpus import corpus_database_url

    os.environ["DATABASE_URL"] = corpus_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes_site.settings")
    # Searches are computed each time (a repeat would otherwise read the search result cache).
    os.environ["SEARCH_RESULT_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    print(f"{'page':36} status  median    worst")
    for label, url in pages():
        client.get(url)
        times, status = [], None
        for _ in range(args.repeat):
            started = time.perf_counter()
            status = client.get(url).status_code
            times.append(time.perf_counter() - started)
        print(
            f"{label:36} {status:>6} {statistics.median(times) * 1000:7.0f} ms"
            f" {max(times) * 1000:7.0f} ms",
            flush=True,
        )


if __name__ == "__main__":
    main()
