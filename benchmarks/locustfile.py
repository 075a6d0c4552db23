"""The load test's visitors: a realistic mix of the public pages (run by benchmarks/loadtest.py).

Each visitor makes one request a second on average, so the number of users is the offered
request rate. The gaps between a visitor's requests are drawn from an exponential
distribution, so that the visitors together arrive like independent readers (a Poisson
stream). With locust's constant_throughput every visitor keeps its phase, and after any
stall they fall into step: the server then sees bursts of as many simultaneous requests as
there are visitors, once a second, which no crowd of independent readers produces.

IDs, years and departments come from the corpus itself (LOADTEST_SAMPLE, a JSON file written
by loadtest.py).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

from locust import HttpUser, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.load_queries import QUERIES

SAMPLE = json.loads(Path(os.environ["LOADTEST_SAMPLE"]).read_text(encoding="utf-8"))
KINDS = ["review", "hearing", "written"]
LAST_PAGE = -(-SAMPLE["count"] // 20)  # the unfiltered meeting list, 20 a page


def poisson_pacing(rate: float):
    """A locust wait_time: requests start at exponential intervals of mean ``1 / rate`` s.

    Each start is scheduled from the previous scheduled start, not from the end of the last
    request, so a visitor keeps its mean rate while the server is fast; when the server is
    slower than the schedule, the visitor sends its next request at once (and the achieved
    rate, which the load test reports, falls short of the offered one).
    """

    def wait_time(user) -> float:
        now = time.monotonic()
        # The first request of each visitor comes at a random point of its first interval.
        scheduled = getattr(user, "_next_start", now)
        user._next_start = max(scheduled, now - 1 / rate) + random.expovariate(rate)
        return max(0.0, user._next_start - now)

    return wait_time


class Visitor(HttpUser):
    wait_time = poisson_pacing(1.0)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def meeting_list(self):
        params = random.choice(
            [
                {},
                {"year": random.choice(SAMPLE["years"])},
                {"department": random.choice(SAMPLE["departments"])},
                {"year": random.choice(SAMPLE["years"]), "item_kind": random.choice(KINDS)},
                # Pages up to 50, never past the list's last page (a 404 is an error here).
                {"page": random.randint(1, max(1, min(50, LAST_PAGE)))},
            ]
        )
        self.client.get("/meetings/", params=params, name="list (filtered)")

    @task(5)
    def meeting_detail(self):
        self.client.get(f"/meetings/{random.choice(SAMPLE['meetings'])}/", name="meeting detail")

    @task(2)
    def department(self):
        pk = random.choice(SAMPLE["departments"])
        self.client.get(f"/departments/{pk}/", name="department detail")

    @task(1)
    def department_list(self):
        self.client.get("/departments/", name="department list")

    # LOADTEST_WITHOUT_SEARCH=1 (loadtest.py --without-search) leaves searches out of the mix.
    @task(0 if os.environ.get("LOADTEST_WITHOUT_SEARCH") else 3)
    def search(self):
        params = {"q": random.choice(QUERIES)}
        if random.random() < 0.3:
            params["year"] = random.choice(SAMPLE["years"])
        self.client.get("/search/", params=params, name="search")

    @task(1)
    def people(self):
        self.client.get("/people/", params={"page": random.randint(1, 20)}, name="people")

    @task(1)
    def person(self):
        name = random.choice(SAMPLE["people"])
        self.client.get(f"/people/{quote(name)}/", name="person")

    @task(1)
    def archive_month(self):
        year = random.choice(SAMPLE["years"])
        self.client.get(f"/archive/{year}/{random.randint(1, 12)}/", name="archive month")
