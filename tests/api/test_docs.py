"""The OpenAPI schema and the browsable docs are served at stable URLs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "政府常务会议纪要档案 API"
    assert set(schema["paths"]) == {
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/decisions/{decision_id}",
        "/api/departments",
        "/api/departments/{department_id}",
        "/api/departments/{department_id}/decisions",
        "/api/people",
        "/api/search",
    }
    parameters = schema["paths"]["/api/meetings"]["get"]["parameters"]
    assert {parameter["name"] for parameter in parameters} == {
        "date_from",
        "date_to",
        "year",
        "body",
        "department",
        "department_role",
        "meeting_type",
        "chair",
        "item_kind",
        "page",
        "page_size",
    }
    search = schema["paths"]["/api/search"]["get"]
    assert {parameter["name"] for parameter in search["parameters"]} == {
        "q",
        "order",
        "date_from",
        "date_to",
        "year",
        "body",
        "department",
        "department_role",
        "meeting_type",
        "chair",
        "item_kind",
        "page",
        "page_size",
    }
    assert set(search["responses"]) == {"200", "404", "422"}


def test_docs_page_loads_its_scripts_locally(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "/api/openapi.json" in html
