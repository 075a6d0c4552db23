"""Importing transcripts: exact structure in the database, idempotency, atomic failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.load import ImportStatus, meeting_import
from archive.ingest.read import encode_transcript
from archive.models import (
    AgendaItem,
    Attendee,
    Decision,
    DecisionDepartment,
    Department,
    DepartmentAlias,
    Meeting,
)
from tests.conftest import SEED_38, SEED_41

pytestmark = pytest.mark.django_db


def test_seed_38_is_stored_with_its_structure(seeded):
    meeting = seeded[38]
    assert meeting.body == "太仓市人民政府"
    assert meeting.meeting_type == "standing"
    assert meeting.get_meeting_type_display() == "常务会议"
    assert str(meeting.date) == "2024-01-24"
    assert meeting.get_time_of_day_display() == "下午"
    assert (meeting.chair, meeting.chair_title) == ("徐华东", "市长")
    assert meeting.written_approvals == ["市城发集团优化在售商品房“以旧换新”实施细则（试行）"]
    items = list(meeting.agenda_items.all())
    assert [item.order for item in items] == [1, 2, 3, 4, 5, 6, 7]
    assert [item.kind for item in items] == ["review"] * 6 + ["hearing"]
    assert items[2].documents == [
        "太仓市低空经济高质量发展三年行动计划（2024-2026年）",
        "太仓市促进低空经济高质量发展若干措施",
    ]
    assert items[5].number_text.startswith("6")
    assert [item.decisions.count() for item in items] == [3] * 7
    assert meeting.attendees.filter(role="present").count() == 9
    assert meeting.attendees.filter(role="observer").count() == 67


def test_lead_departments_are_linked_to_one_department_each(seeded):
    item_7 = seeded[38].agenda_items.get(order=7)
    first = item_7.decisions.get(order=1)
    leads = first.department_links.filter(role="lead").order_by("position")
    assert [(link.name_as_written, link.department.name) for link in leads] == [
        ("市民宗局", "市民宗局"),
        ("太仓生态环境局", "太仓生态环境局"),
        ("市公安局", "市公安局"),
    ]
    assert first.outcome == "原则同意"


def test_aliases_resolve_to_one_department(seeded):
    office = Department.objects.get(name="市政府办公室")
    assert {alias.name for alias in office.aliases.all()} == {"市政府办", "市政府办公室"}
    # 市政府办 leads item 1 of the 38th meeting and eight of its staff attend.
    assert office.decision_links.filter(role="lead").count() == 1
    assert Attendee.objects.filter(meeting=seeded[38], department=office).count() == 8

    finance = Department.objects.get(name="市金融监管局")
    assert {alias.name for alias in finance.aliases.all()} == {"市地方金融监管局", "市金融监管局"}

    weather = Department.objects.get(name="市气象局")
    assert {alias.name for alias in weather.aliases.all()} == {"气象局", "市气象局"}
    assert not Department.objects.filter(name="气象局").exists()


def test_a_department_written_in_traditional_characters_is_the_simplified_one(
    seeded, tmp_path: Path
):
    """縣…局 in a Traditional transcript is the 县…局 of the others: one department, named in
    Simplified characters like the rest of the archive, the written form kept as an alias."""
    path = tmp_path / "traditional.txt"
    path.write_bytes(
        encode_transcript(
            "太倉市人民政府常務會議紀要\n"
            "2024年5月8日下午，市長徐華東主持召開市政府第45次常務會議。\n"
            "一、審議《太倉市氣象災害防禦辦法》\n"
            "（一）會議原則同意，會後市政府辦根據會議討論意見修改完善，按程序以市政府名義印發。\n"
            "（二）市氣象局要牽頭抓好落實。\n"
            "出席：徐華東\n"
            "列席：市氣象局王小明，縣醫保局李華\n",
            "utf-8",
        )
    )
    weather = Department.objects.get(name="市气象局")
    office = Department.objects.get(name="市政府办公室")
    count = Department.objects.count()

    assert meeting_import(path=path).status is ImportStatus.CREATED

    meeting = Meeting.objects.get(number=45)
    links = DecisionDepartment.objects.filter(decision__agenda_item__meeting=meeting)
    assert sorted((link.name_as_written, link.department_id) for link in links) == [
        ("市政府辦", office.pk),
        ("市氣象局", weather.pk),
    ]
    attendee = meeting.attendees.get(name="王小明")
    assert (attendee.department_as_written, attendee.department_id) == ("市氣象局", weather.pk)
    # A department first written in Traditional characters is named in Simplified.
    new = meeting.attendees.get(name="李华", name_as_written="李華").department
    assert (new.name, new.match_key) == ("县医保局", "县医保局")
    assert Department.objects.count() == count + 1
    assert {alias.name for alias in new.aliases.all()} == {"縣醫保局", "县医保局"}
    assert "市氣象局" in {alias.name for alias in weather.aliases.all()}


def test_representative_is_not_a_person(seeded):
    representative = seeded[41].attendees.get(department__name="市委办")
    assert representative.name == ""
    assert representative.get_role_display() == "列席"
    assert seeded[41].attendees.filter(role="observer").exclude(name="").count() == 59


def test_original_text_is_kept_byte_for_byte(seeded):
    for path, number in ((SEED_38, 38), (SEED_41, 41)):
        meeting = seeded[number]
        assert encode_transcript(meeting.source_text, meeting.source_encoding) == path.read_bytes()
        assert meeting.source_name == path.name


def test_reimporting_an_unchanged_file_changes_nothing(seeded):
    before = Meeting.objects.get(number=38)
    result = meeting_import(path=SEED_38)
    assert result.status is ImportStatus.UNCHANGED
    after = Meeting.objects.get(number=38)
    assert after.updated_at == before.updated_at
    assert AgendaItem.objects.filter(meeting=after).count() == 7


def test_a_changed_file_updates_its_meeting(seeded, tmp_path: Path):
    changed = tmp_path / SEED_41.name
    text = SEED_41.read_text(encoding="utf-8").replace("徐华东市长", "王小明副市长", 1)
    changed.write_text(text, encoding="utf-8")
    result = meeting_import(path=changed)
    assert result.status is ImportStatus.UPDATED
    meeting = Meeting.objects.get(pk=seeded[41].pk)
    assert (meeting.chair, meeting.chair_title) == ("王小明", "副市长")
    assert meeting.agenda_items.count() == 6
    assert Meeting.objects.count() == 2


def test_a_failing_file_writes_nothing_and_others_still_import(db, tmp_path: Path, capsys):
    shutil.copy(SEED_38, tmp_path / SEED_38.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(CommandError) as raised:
        call_command("import_minutes", str(tmp_path), "--no-progress")
    assert raised.value.returncode == 1
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err and "文件为空" in captured.err
    assert "binary.txt" in captured.err and "NUL" in captured.err
    assert "Traceback" not in captured.err
    assert "新增 1，更新 0，未变 0，失败 2" in captured.out
    assert Meeting.objects.count() == 1


def test_a_failure_midway_rolls_back_the_whole_file(db, monkeypatch):
    from archive.ingest import load

    def broken_resolve(written: str):
        raise RuntimeError("database went away mid-import")

    monkeypatch.setattr(load, "department_resolve", broken_resolve)
    result = meeting_import(path=SEED_38)
    assert result.status is ImportStatus.FAILED
    assert result.message == (
        "内部错误（RuntimeError: database went away mid-import），该文件未写入任何内容"
    )
    assert Meeting.objects.count() == 0
    assert AgendaItem.objects.count() == 0
    assert Decision.objects.count() == 0
    assert DecisionDepartment.objects.count() == 0
    assert DepartmentAlias.objects.count() == 0


def test_import_command_reports_counts_and_is_idempotent(db, capsys):
    call_command("import_minutes", str(SEED_38.parent), "--no-progress")
    assert "新增 2，更新 0，未变 0，失败 0" in capsys.readouterr().out
    call_command("import_minutes", str(SEED_38.parent), "--no-progress")
    assert "新增 0，更新 0，未变 2，失败 0" in capsys.readouterr().out
    assert Meeting.objects.count() == 2


def test_import_command_names_a_missing_path(db):
    with pytest.raises(CommandError, match=r"找不到文件或文件夹：no/such/file\.txt"):
        call_command("import_minutes", "no/such/file.txt")
