"""Department names and aliases, registered so that the index alone finds them exactly."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from archive.models import Department, DepartmentAlias, Meeting, MeetingSearch, SearchName
from archive.search import names as registry
from archive.search.dictionary import segmenter
from archive.search.engine import meeting_search_ids
from archive.search.names import (
    WritingNames,
    names_for_writing,
    names_mark,
    names_ready,
    names_register,
    names_sync,
)
from archive.search.segment import Segmenter, index_grams, tsvector_literal
from tests.search.conftest import indexed_meeting

pytestmark = pytest.mark.django_db


def _marked(name: str) -> set[int]:
    """The meetings whose search row marks ``name``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT meeting_id FROM archive_meetingsearch WHERE grams @@ %s::tsquery",
            ["'\r" + name.replace("'", "''") + "'"],
        )
        return {row[0] for row in cursor.fetchall()}


def _holding(name: str) -> set[int]:
    return set(MeetingSearch.objects.filter(text__contains=name).values_list("pk", flat=True))


def test_saving_a_department_or_an_alias_registers_its_normalised_name():
    department = Department.objects.create(name="青禾湾管委会")
    DepartmentAlias.objects.create(name="青禾灣管委", department=department)
    DepartmentAlias.objects.create(name="青禾办", department=department)
    DepartmentAlias.objects.create(name="青禾", department=department)  # exact by its grams
    department.name = "青禾湾片区管委会"
    department.save()
    assert set(SearchName.objects.values_list("word", flat=True)) == {
        "青禾湾管委会",
        "青禾湾管委",  # Simplified, as the index holds it
        "青禾办",
        "青禾湾片区管委会",  # the old name stays: its marks stay true
    }


def test_registering_a_name_marks_the_rows_already_written_that_hold_it():
    holding = [
        indexed_meeting(1, "青禾湾管委会牵头办理。"),
        indexed_meeting(2, "会议要求\n青禾湾管委会抓好落实。"),
    ]
    indexed_meeting(3, "青禾湾管理委员会会同有关部门。")  # every character pair, not the name
    indexed_meeting(4, "其他事项。")
    assert _marked("青禾湾管委会") == set()
    assert names_register(["青禾灣管委會", "青禾湾管委会"]) == ["青禾湾管委会"]
    assert _marked("青禾湾管委会") == {m.pk for m in holding} == _holding("青禾湾管委会")
    assert names_register(["青禾湾管委会"]) == []  # once only


def test_a_registered_name_is_found_and_counted_by_the_index_alone():
    for day in range(1, 6):
        indexed_meeting(day, "青禾湾管委会牵头办理。", day=day)
    for day in range(6, 10):
        indexed_meeting(day, "青禾湾管理委员会办理。", day=day)
    query = "青禾湾管委会"
    unregistered = meeting_search_ids(Meeting.objects.all(), query)
    Department.objects.create(name="青禾湾管委会")
    assert names_ready([query, "青禾湾"]) == {query}
    with CaptureQueriesContext(connection) as queries:
        results = Meeting.objects.search(query)
        excluded = Meeting.objects.search("办理 -青禾湾管委会")
    assert (results.count, results.estimated) == (5, False)
    assert (excluded.count, excluded.estimated) == (4, False)
    expected = set(Meeting.objects.filter(number__lte=5).values_list("pk", flat=True))
    assert meeting_search_ids(Meeting.objects.all(), query) == unregistered == expected
    # No text was read to find or count them: only to score and quote the page's meetings.
    assert not [q for q in queries if "strpos(s.text" in q["sql"]]


def test_a_name_held_by_many_rows_is_ready_once_marked(monkeypatch):
    monkeypatch.setattr(registry, "INLINE_ROWS", 2)
    monkeypatch.setattr(registry, "MARK_BATCH", 2)
    for day in range(1, 6):
        indexed_meeting(day, "青禾湾管委会牵头办理。", day=day)
    indexed_meeting(6, "青禾湾管理委员会办理。", day=6)
    expected = set(Meeting.objects.filter(number__lte=5).values_list("pk", flat=True))
    # Five rows hold it: more than are marked as it is registered. Not ready, it is still
    # found exactly, by the texts.
    assert names_register(["青禾湾管委会"]) == ["青禾湾管委会"]
    assert names_ready(["青禾湾管委会"]) == set()
    assert _marked("青禾湾管委会") == set()
    with CaptureQueriesContext(connection) as queries:
        assert meeting_search_ids(Meeting.objects.all(), "青禾湾管委会") == expected
    assert [q for q in queries if "strpos(s.text" in q["sql"]]
    # A row written meanwhile marks it, ready or not.
    late = indexed_meeting(7, "青禾湾管委会配合。", day=7)
    assert _marked("青禾湾管委会") == {late.pk}
    progress: list[tuple[str, int]] = []
    assert names_mark(progress=lambda word, marked: progress.append((word, marked))) == [
        "青禾湾管委会"
    ]
    # Two rows a transaction, then a last look that finds none left.
    assert progress == [("青禾湾管委会", marked) for marked in (2, 4, 5, 5)]
    assert names_ready(["青禾湾管委会"]) == {"青禾湾管委会"}
    assert _marked("青禾湾管委会") == expected | {late.pk} == _holding("青禾湾管委会")
    with CaptureQueriesContext(connection) as queries:
        assert meeting_search_ids(Meeting.objects.all(), "青禾湾管委会") == expected | {late.pk}
    assert not [q for q in queries if "strpos(s.text" in q["sql"]]
    assert names_mark() == []


def test_a_writer_marks_a_registered_name_its_segmenter_does_not_know():
    names_register(["青禾湾管委会"])
    assert not segmenter().finds("青禾湾管委会")
    meeting = indexed_meeting(1, "青禾湾管委会牵头办理。")
    assert _marked("青禾湾管委会") == {meeting.pk}
    # One it knows is marked as it segments, and not looked for again.
    with transaction.atomic():
        assert names_for_writing(Segmenter(["青禾湾管委会"])).unknown == ()
        assert names_for_writing(Segmenter()).unknown == ("青禾湾管委会",)
        assert names_for_writing(Segmenter()).registered == {"青禾湾管委会"}


@pytest.mark.parametrize("looked_for_one_by_one", [10_000, 0])
def test_many_names_a_segmenter_does_not_find_are_looked_for_by_their_first_pair(
    monkeypatch, looked_for_one_by_one
):
    import random

    monkeypatch.setattr(registry, "UNKNOWN_LOOKED_FOR", looked_for_one_by_one)
    rng = random.Random(7)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡", "建国华明伟芳敏静丽强磊军洋勇艳杰娟涛超"
    people = sorted({rng.choice(surnames) + "".join(rng.sample(given, 2)) for _ in range(600)})
    held = people[::7]
    # Every name of the text starts with a pair of other names too, and 王建 alone is no name.
    text = "，".join(f"由{name}同志牵头" for name in held) + "。王建"
    names = WritingNames(frozenset(people), tuple(people))
    assert len(names.unknown) > 300
    assert names.marks([], text) == {"\r" + name for name in held}
    assert names.marks([], "王建。") == set()


def test_a_row_marks_the_registered_names_it_holds_and_no_other_word():
    from archive.search.index import meeting_search_fields
    from archive.search.passages import Kind, PassageDraft

    # The segmenter knows two of the names; one of those and a third are registered.
    segments = Segmenter(["青禾湾管委会", "南埠街道办"])
    names = WritingNames(frozenset({"青禾湾管委会", "北岭镇政府"}), ("北岭镇政府",))
    row = meeting_search_fields(
        meeting_id=1,
        meeting_date=None,
        meeting_type="",
        item_kinds=[],
        departments=(),
        drafts=[
            PassageDraft(Kind.DECISION, "由青禾湾管委会牵头，南埠街道办配合。"),
            PassageDraft(Kind.ATTENDANCE, "列席：北岭镇政府王敏。"),
        ],
        segments=segments,
        names=names,
    )
    marks = {lexeme for lexeme in row["grams"].split(" ") if lexeme.startswith("'\r")}
    assert {"'\r北岭镇政府'", "'\r青禾湾管委会'"} <= marks
    assert "'\r南埠街道办'" not in marks  # known to the segmenter, but not registered
    assert "南埠街道办" in row["words"]  # a word for ranking all the same
    assert "\x0b" not in row["grams"] + row["words"]


def test_names_sync_registers_departments_written_without_their_save():
    meeting = indexed_meeting(1, "青禾湾管委会、南埠街道办牵头办理。")
    Department.objects.bulk_create([Department(name="青禾湾管委会", match_key="青禾湾管委会")])
    assert names_sync() == ["青禾湾管委会"]
    assert names_sync() == []
    assert _marked("青禾湾管委会") == {meeting.pk}


# Written at once by this process, file by file (meeting_save), and from a worker's rows.
@pytest.mark.parametrize(("bulk", "workers"), [(True, 0), (False, 0), (True, 1)])
def test_an_import_marks_the_departments_it_creates(tmp_path, bulk, workers):
    from archive.ingest.batch import meetings_import

    paths = []
    for number in (1, 2, 3):
        decision = "由青禾湾管委会牵头。" if number != 2 else "由市财政局牵头。"
        path = tmp_path / f"{number}.txt"
        path.write_text(
            f"2024年1月{number}日下午，徐华东市长主持召开市政府第{number}次常务会议。\n"
            f"会议议定以下意见：\n一、关于片区建设\n（一）{decision}\n\n"
            "出席：吴敬宇、王莉萍。\n列席：青禾湾管委会吴志强。\n",
            encoding="utf-8",
        )
        paths.append(path)
    results = list(meetings_import(paths=paths, workers=workers, bulk=bulk))
    assert all(result.meeting_id for result in results), [r.message for r in results]
    assert Department.objects.filter(name="青禾湾管委会").exists()
    assert names_ready(["青禾湾管委会"]) == {"青禾湾管委会"}
    assert _marked("青禾湾管委会") == _holding("青禾湾管委会")
    assert len(_holding("青禾湾管委会")) == 3


@pytest.mark.django_db(transaction=True)
def test_registering_waits_for_the_rows_being_written_and_marks_them():
    """A writer's rows, written while a name is registered, are marked by one or the other."""
    written = threading.Event()
    registered = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with transaction.atomic():
                names = names_for_writing(Segmenter())  # the shared lock, held to commit
                assert names.registered == set()
                meeting = Meeting.objects.create(
                    number=1,
                    date=datetime.date(2024, 1, 1),
                    source_name="w.txt",
                    source_text="青禾湾管委会牵头办理。",
                    source_encoding="utf-8",
                )
                text = "青禾湾管委会牵头办理。"
                MeetingSearch.objects.create(
                    meeting=meeting, text=text, grams=tsvector_literal(index_grams(text))
                )
                written.set()
                # The registration cannot get past the lock while this transaction is open.
                assert not registered.wait(1.0)
        except BaseException as error:  # reported by the test's thread
            errors.append(error)
        finally:
            written.set()
            connections.close_all()

    def register() -> None:
        try:
            written.wait(10)
            names_register(["青禾湾管委会"])
            registered.set()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer), threading.Thread(target=register)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert registered.is_set()
    # The writer's row lacked the mark; the registration, once let through, added it.
    assert _marked("青禾湾管委会") == set(Meeting.objects.values_list("pk", flat=True))


def test_migration_registers_the_departments_and_marks_the_rows():
    from django.db.migrations.executor import MigrationExecutor

    department = Department.objects.create(name="青禾湾管委会")
    DepartmentAlias.objects.create(name="南埠街道办", department=department)
    meetings = [
        indexed_meeting(1, "青禾湾管委会牵头。"),
        indexed_meeting(2, "南埠街道办、青禾湾管委会配合。"),
    ]
    indexed_meeting(3, "其他。")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER TABLE
    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0025_search_lexicon_words")])
    with connection.cursor() as cursor:  # rows as written before: no marks of the archive's
        cursor.execute(
            "UPDATE archive_meetingsearch SET grams = ts_delete(grams, %s::text[])",
            [["\r青禾湾管委会", "\r南埠街道办"]],
        )
    assert _marked("青禾湾管委会") == set()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert names_ready(["青禾湾管委会", "南埠街道办"]) == {"青禾湾管委会", "南埠街道办"}
    assert _marked("青禾湾管委会") == {m.pk for m in meetings}
    assert _marked("南埠街道办") == {meetings[1].pk}


def _people_transcripts(tmp_path, count: int, mentioned: set[int]) -> list:
    """``count`` transcripts; 欧阳明远 attends the first only, and meetings ``mentioned`` name
    him in a decision without listing him."""
    paths = []
    for number in range(1, count + 1):
        attendance = "吴敬宇、欧阳明远" if number == 1 else "吴敬宇、王莉萍"
        decision = "由欧阳明远同志牵头。" if number in mentioned else "由市财政局牵头。"
        path = tmp_path / f"{number}.txt"
        path.write_text(
            f"2024年1月{number % 28 + 1}日下午，徐华东市长主持召开市政府第{number}次常务会议。\n"
            f"会议议定以下意见：\n一、关于片区建设\n（一）{decision}\n\n出席：{attendance}。\n"
            "列席：市财政局上官文远。\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.parametrize(
    ("bulk", "workers", "batch_size"),
    [(True, 0, 50), (True, 1, 50), (True, 1, 1), (False, 1, 1), (False, 0, 1)],
)
def test_an_import_registers_its_people_and_marks_every_row_holding_them(
    tmp_path, bulk, workers, batch_size
):
    from archive.ingest.batch import meetings_import

    # The parse worker segmented meetings 2 and 3 before the first batch registered the name
    # (with the dictionary the import started with): their writer looks for it in their text.
    paths = _people_transcripts(tmp_path, 4, mentioned={2, 3})
    results = list(meetings_import(paths=paths, workers=workers, bulk=bulk, batch_size=batch_size))
    assert all(result.meeting_id for result in results), [r.message for r in results]
    # The chair and the attendees of three characters or more, registered as each batch is
    # written, and marked in every row written since; the rows written before are looked at
    # at the end of the import (import_minutes), all names at once.
    people = {"欧阳明远", "徐华东", "吴敬宇", "王莉萍"}
    registered = set(SearchName.objects.values_list("word", flat=True))
    assert people <= registered
    assert "上官文远" not in registered  # attending for an item: see MEMBER_ROLES
    assert _marked("欧阳明远") == _holding("欧阳明远")
    assert set(names_mark()) == people
    assert names_ready(["欧阳明远", "徐华东", "吴敬宇", "王莉萍"]) == {
        "欧阳明远",
        "徐华东",
        "吴敬宇",
        "王莉萍",
    }
    assert _marked("欧阳明远") == _holding("欧阳明远")
    assert len(_holding("欧阳明远")) == 3
    assert len(_marked("王莉萍")) == 3
    with CaptureQueriesContext(connection) as queries:
        results = Meeting.objects.search("欧阳明远")
    assert (results.count, results.estimated) == (3, False)
    assert {hit.meeting.number for hit in results.hits} == {1, 2, 3}
    assert not [q for q in queries if "strpos(s.text" in q["sql"]]


def test_many_names_not_ready_are_marked_reading_each_row_once(monkeypatch):
    monkeypatch.setattr(registry, "NAMES_ONE_BY_ONE", 1)
    monkeypatch.setattr(registry, "MARK_BATCH", 2)
    before = [
        indexed_meeting(1, "欧阳明远同志牵头，司马青云配合。"),
        indexed_meeting(2, "司马青云同志牵头。", day=2),
        indexed_meeting(3, "其他事项。", day=3),
    ]
    assert names_register(["欧阳明远", "司马青云", "诸葛文远"], mark=False) == [
        "司马青云",
        "欧阳明远",
        "诸葛文远",
    ]
    after = indexed_meeting(4, "欧阳明远同志协调。", day=4)  # marks them as it is written
    assert _marked("欧阳明远") == {after.pk}
    progress: list[tuple[str, int]] = []
    assert names_mark(progress=lambda name, marked: progress.append((name, marked)))
    assert names_ready(["欧阳明远", "司马青云", "诸葛文远"]) == {"欧阳明远", "司马青云", "诸葛文远"}
    assert _marked("欧阳明远") == {before[0].pk, after.pk} == _holding("欧阳明远")
    assert _marked("司马青云") == {before[0].pk, before[1].pk} == _holding("司马青云")
    assert _marked("诸葛文远") == set()
    # Two rows per transaction; the two rows written before were rewritten, the others not.
    assert progress == [("司马青云等 3 个名称", 2)] * 2


def test_a_meeting_s_new_person_is_registered_and_marked_as_its_row_is_written():
    meeting = indexed_meeting(1, "司马青云同志牵头办理。")
    other = indexed_meeting(2, "请司马青云同志协调。", day=2)
    assert names_ready(["司马青云"]) == set()
    meeting.attendees.create(order=1, name="司马青云", role="present")
    from archive.search.index import search_index_meeting

    search_index_meeting(meeting=meeting)  # as a correction in the admin does
    assert names_ready(["司马青云"]) == {"司马青云"}
    # The other meeting's row, written before, was marked as the name was registered.
    assert _marked("司马青云") == {meeting.pk, other.pk}
