"""sitemap.xml: the index pages, every meeting and every department page."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from archive.models import Department, Meeting


class ListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "archive:home",
            "archive:meeting_list",
            "archive:archive_index",
            "archive:department_list",
            "archive:person_list",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self) -> QuerySet[Meeting]:
        return Meeting.objects.only("pk", "updated_at").order_by("pk")

    def lastmod(self, meeting: Meeting):
        return meeting.updated_at


class DepartmentSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self) -> QuerySet[Department]:
        return Department.objects.order_by("pk")


SITEMAPS = {"lists": ListSitemap, "meetings": MeetingSitemap, "departments": DepartmentSitemap}
