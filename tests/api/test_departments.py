"""The departments API: names with aliases, and the decisions a department leads or supports."""

from __future__ import annotations

import pytest

from archive.models import DecisionDepartment, Department

pytestmark = pytest.mark.django_db


def test_departments_list_with_aliases(client, seeded):
    body = client.get("/api/departments", {"page_size": 100}).json()
    assert body["count"] == Department.objects.count()
    by_name = {row["name"]: row for row in body["results"]}
    office = Department.objects.get(name="市政府办公室")
    assert by_name["市政府办公室"] == {
        "id": office.pk,
        "name": "市政府办公室",
        "url": f"http://testserver/departments/{office.pk}/",
        "aliases": ["市政府办", "市政府办公室"],
        "api_url": f"http://testserver/api/departments/{office.pk}",
    }
    assert by_name["市金融监管局"]["aliases"] == ["市地方金融监管局", "市金融监管局"]


def test_one_department(client, seeded):
    office = Department.objects.get(name="市政府办公室")
    body = client.get(f"/api/departments/{office.pk}").json()
    assert body["aliases"] == ["市政府办", "市政府办公室"]
    assert client.get("/api/departments/987654").status_code == 404


def test_department_decisions_by_role(client, seeded):
    water = Department.objects.get(name="市水务局")
    body = client.get(f"/api/departments/{water.pk}/decisions").json()
    expected = DecisionDepartment.objects.filter(department=water).count()
    assert body["count"] == expected > 0
    first = body["results"][0]
    assert first["role"] == "lead"
    assert first["decision"]["meeting"]["number"] in {38, 41}
    assert first["decision"]["lead_departments"][0]["department"]["id"] == water.pk
    supporting = client.get(f"/api/departments/{water.pk}/decisions", {"role": "supporting"})
    assert (
        supporting.json()["count"]
        == expected - DecisionDepartment.objects.filter(department=water, role="lead").count()
    )


def test_department_decisions_reject_an_unknown_role(client, seeded):
    water = Department.objects.get(name="市水务局")
    response = client.get(f"/api/departments/{water.pk}/decisions", {"role": "boss"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "role"
