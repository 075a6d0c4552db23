"""URLs of the archive as data: exports, feeds, sitemap, robots.txt and OpenSearch."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from archive import discovery, feeds
from archive.export import views as export
from archive.sitemaps import SITEMAPS


class ExportFormat:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export_format")

app_name = "open_data"

urlpatterns = [
    path(
        "meetings/export.<export_format:fmt>",
        export.meeting_list_export,
        name="meeting_list_export",
    ),
    path(
        "departments/<int:pk>/meetings.<export_format:fmt>",
        export.department_meetings_export,
        name="department_meetings_export",
    ),
    path(
        "departments/<int:pk>/decisions.<export_format:fmt>",
        export.department_decisions_export,
        name="department_decisions_export",
    ),
    path("search/export.<export_format:fmt>", export.search_export, name="search_export"),
    path("feeds/meetings.atom", feeds.LatestMeetingsFeed(), name="meetings_feed"),
    path(
        "feeds/departments/<int:pk>/meetings.atom",
        feeds.DepartmentMeetingsFeed(),
        name="department_meetings_feed",
    ),
    path(
        "feeds/departments/<int:pk>/decisions.atom",
        feeds.DepartmentDecisionsFeed(),
        name="department_decisions_feed",
    ),
    path("feeds/search.atom", feeds.SearchFeed(), name="search_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("opensearch.xml", discovery.opensearch_description, name="opensearch"),
]
