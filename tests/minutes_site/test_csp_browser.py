"""The Content-Security-Policy holds in real Chromium: no page, admin screen or API doc breaks."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(browser, url: str, *, cookies: list | None = None, screenshot: str | None = None):
    """Load ``url`` and return the page and every CSP violation the browser reported."""
    context = browser.new_context(locale="zh-CN")
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    if screenshot:
        page.screenshot(path=screenshot, full_page=False)
    return page, response, violations, context


def test_the_site_runs_under_its_policy(browser, live_server, seeded):
    for path in [
        "/",
        seeded[38].get_absolute_url(),
        "/departments/",
        "/meetings/?year=2024",
        "/search/?q=排水许可",
    ]:
        _page, response, violations, context = visit(browser, live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert violations == [], path
        context.close()


def test_the_api_docs_render_under_the_policy(browser, live_server, db):
    page, _response, violations, context = visit(
        browser, live_server.url + "/api/docs", screenshot="/tmp/csp_api_docs.png"
    )
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/meetings" in paths
    assert violations == []
    context.close()


def test_the_admin_renders_under_the_policy(browser, live_server, admin_client, seeded):
    session = admin_client.cookies["sessionid"].value
    cookie = {"name": "sessionid", "value": session, "url": live_server.url}
    for path in ["/admin/login/", "/admin/", f"/admin/archive/meeting/{seeded[38].pk}/change/"]:
        _page, response, violations, context = visit(
            browser,
            live_server.url + path,
            cookies=None if path == "/admin/login/" else [cookie],
            screenshot="/tmp/csp_admin.png" if "change" in path else None,
        )
        assert response.status == 200, path
        assert violations == [], (path, violations)
        context.close()
