"""The site in real headless Chromium: pages, filters, links and an axe-core audit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, seeded):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


def audit(page) -> list[str]:
    """Serious or critical axe-core violations on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    # axe runs as a script of its own, so give it a JavaScript-enabled copy of the page.
    context = page.context.browser.new_context(locale="zh-CN")
    checked = context.new_page()
    checked.goto(page.url)
    results = Axe().run(checked).response
    context.close()
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_every_page_type_passes_axe(page, seeded):
    from archive.models import Department

    paths = [
        reverse("archive:home"),
        reverse("archive:meeting_list") + "?year=2024",
        seeded[38].get_absolute_url(),
        reverse("archive:archive_index"),
        reverse("archive:archive_year", args=[2024]),
        reverse("archive:archive_month", args=[2024, 1]),
        reverse("archive:department_list"),
        Department.objects.get(name="市水务局").get_absolute_url(),
        reverse("archive:person_list"),
        reverse("archive:person_detail", args=["王晨清"]),
        reverse("archive:search") + "?q=%E6%8E%92%E6%B0%B4",
        "/no/such/page/",
    ]
    problems = {}
    for path in paths:
        page.goto(page.base + path)
        found = audit(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_filters_work_without_javascript_and_live_in_the_url(page, seeded):
    from archive.models import Department

    water = Department.objects.get(name="市水务局")
    page.goto(page.base + reverse("archive:meeting_list"))
    page.get_by_label("部门", exact=True).select_option(str(water.pk))
    page.get_by_label("部门的参与方式").select_option("led")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"department_role=led"))
    assert f"department={water.pk}" in page.url
    rows = page.locator(".meeting-row > a")
    assert rows.all_inner_texts() == [seeded[38].display_title]
    assert page.locator(".count").inner_text() == "共 1 次会议"

    # The same URL, opened afresh, gives the same view with the choices kept.
    page.goto(page.url)
    assert page.get_by_label("部门的参与方式").input_value() == "led"
    assert rows.count() == 1

    page.get_by_label("排序").select_option("date")
    page.get_by_label("部门的参与方式").select_option("")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"sort=date"))
    assert rows.all_inner_texts() == [seeded[38].display_title, seeded[41].display_title]


def test_from_a_meeting_to_a_department_and_back(page, seeded):
    meeting = seeded[38]
    page.goto(page.base + meeting.get_absolute_url() + "#item-6")
    item = page.locator("#item-6")
    assert "太仓市城镇内涝防治专项规划" in item.locator("h3").inner_text()
    item.get_by_role("link", name="牵头：市水务局").click()
    page.wait_for_url(re.compile(r"/departments/\d+/$"))
    assert page.locator("h1").inner_text() == "市水务局"
    assert page.locator(".chart svg rect.bar-2").count() == 3
    page.get_by_role("link", name=re.compile("太仓市城镇内涝防治专项规划")).click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/#decision-\d+$"))
    assert page.locator("h1").inner_text() == meeting.display_title
    page.get_by_role("navigation", name="前后会议").get_by_role("link").click()
    assert page.locator("h1").inner_text() == seeded[41].display_title


def test_year_calendar_leads_to_a_month_and_a_meeting(page, seeded):
    page.goto(page.base + reverse("archive:home"))
    page.get_by_role("link", name=re.compile(r"^2024年")).click()
    assert page.locator("h1").inner_text() == "2024年的会议"
    assert page.locator(".gap").first.inner_text() == "第39–40次会议不在档案中"
    page.get_by_role("link", name="3月", exact=True).click()
    assert page.locator("h1").inner_text() == "2024年3月的会议"
    page.locator(".calendar td.has-meeting a").click()
    assert page.locator("h1").inner_text() == seeded[41].display_title


def test_phone_width_has_no_horizontal_scroll(browser, live_server, seeded):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    for path in (
        reverse("archive:home"),
        reverse("archive:meeting_list"),
        seeded[38].get_absolute_url(),
        reverse("archive:archive_year", args=[2024]),
        reverse("archive:search") + "?q=%E6%8E%92%E6%B0%B4",
    ):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
    context.close()


def test_keyboard_focus_is_visible(page, seeded):
    page.goto(page.base + reverse("archive:meeting_list"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => el.getBoundingClientRect().left") >= 0
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
