"""How crawlers and browsers find the archive: sitemap.xml, robots.txt, OpenSearch."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from archive.models import Department

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_sitemap_lists_the_index_pages_every_meeting_and_department(client, seeded):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    meetings = sorted(seeded.values(), key=lambda meeting: meeting.pk)
    assert locations[:5] == [
        "http://testserver/",
        "http://testserver/meetings/",
        "http://testserver/archive/",
        "http://testserver/departments/",
        "http://testserver/people/",
    ]
    assert locations[5:7] == [f"http://testserver{m.get_absolute_url()}" for m in meetings]
    assert len(locations) == 7 + Department.objects.count()
    # The sitemap writes dates in the site's time zone (Asia/Shanghai), not UTC.
    lastmod = timezone.localdate(meetings[0].updated_at).isoformat()
    assert urls[5].findtext(f"{SITEMAP}lastmod") == lastmod


def test_robots_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /search/\n"
        "Disallow: /meetings/export.\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )


def test_opensearch_description_points_at_the_search_page(client, db):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    description = ET.fromstring(response.content)
    assert description.findtext(f"{OPENSEARCH}ShortName") == "会议纪要档案"
    templates = {
        url.get("type"): url.get("template") for url in description.findall(f"{OPENSEARCH}Url")
    }
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/opensearchdescription+xml"] == "http://testserver/opensearch.xml"


def test_every_page_links_the_opensearch_description(client, seeded):
    html = client.get("/").content.decode()
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" '
        'title="政府常务会议纪要档案" href="/opensearch.xml">'
    ) in html
