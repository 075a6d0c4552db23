"""Search benchmark: the index against a plain ILIKE scan, on a synthetic corpus of N meetings.

    python benchmarks/search_bench.py --meetings 100000          (make bench-search N=100000)
    python benchmarks/search_bench.py --meetings 300 --check     (CI: correctness only)

The corpus (benchmarks/corpus.py) goes into its own database, ``minutes_bench_<N>`` on the
embedded server (or BENCH_DATABASE_URL), and is reused while its size and seed are unchanged.
Meeting i is the same in every corpus of a seed, so a larger corpus starts as a copy of the
largest smaller one stored and generates only the rest (``--rebuild`` generates it all); a
corpus stored by an earlier version of this script (``CORPUS_VERSION``) is built again.
Passages are built with the same functions the importer uses; two departments attend
(one four meetings in five, one one in twenty) for the department filter, and five more
(named in most meetings, attending none) are the registered names of the "long name" class;
the city's leaders (a mayor per 2,500 meetings, six of ten vice-mayors in each) are registered
people's names, the "person name" class.
For each class of query the script reports p50/p95 of a first page (20 ranked meetings with
snippets and a total count) through ``Meeting.objects.search()``, the same queries as
``ILIKE '%…%'`` scans of the transcripts, and the index's recall against the scan.
``--check`` exits 1 unless the index finds every meeting the scan finds and every exact count
is right.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import (  # noqa: E402
    MAYORS,
    VICE_MAYORS,
    dictionary_words,
    generate_meeting,
    vocabulary,
)


def _database_url(meetings: int) -> str:
    """A database of the embedded server for this corpus size, so that sizes live side by side."""
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if url:
        return url
    from minutes_site.embedded_db import embedded_database_url

    return embedded_database_url(f"minutes_bench_{meetings}")


# --- building the corpus (in worker processes) ---------------------------------------------

_segmenter = None
_names = None


# The corpus's departments, by ID: each attends the meetings whose ID passes its test
# (so that the department filter has one department in most meetings and one in few).
# The others attend none; they are the names of the "long name" class (see query_mix), which
# jieba's dictionary lacks, and are in the text of most meetings.
DEPARTMENTS = {1: "财政局", 2: "审计局", 3: "市住建局", 4: "市应急局", 5: "市医保局"}
DEPARTMENTS |= {6: "浮桥镇", 7: "双凤镇"}


def attending(meeting_id: int) -> list[int]:
    """The IDs of the departments attending meeting ``meeting_id``."""
    return [pk for pk, test in ((1, meeting_id % 5 != 0), (2, meeting_id % 20 == 0)) if test]


def _worker_init() -> None:
    global _segmenter, _names
    from archive.search.names import names_for_writing
    from archive.search.segment import Segmenter

    _segmenter = Segmenter(dictionary_words())
    # The registry is complete before the workers start (see corpus_build), and only they
    # write search rows while the corpus is built.
    _names = names_for_writing(_segmenter)


def _build(args: tuple[int, int, int]):
    """Rows for meetings [start, stop): meetings, agenda items, decisions, attendees, passages,
    search rows."""
    from archive.search.index import meeting_search_fields
    from archive.search.passages import ItemText, meeting_passages
    from archive.search.segment import department_facet_grams

    seed, start, stop = args
    meetings, items, decisions, attendees, passages, searches = [], [], [], [], [], []
    for index in range(start, stop):
        generated = generate_meeting(seed, index)
        meeting_id = index + 1
        meetings.append(
            (
                meeting_id,
                "太仓市人民政府",
                "standing",
                generated.number,
                generated.date.isoformat(),
                "pm",
                generated.opening,
                f"bench-{seed}-{index:07d}.txt",
                generated.source_text,
            )
        )
        texts = []
        for order, (title, documents, decision_texts) in enumerate(generated.items, start=1):
            item_id = meeting_id * 10 + order
            items.append(
                (item_id, meeting_id, order, "review", title, "{" + ",".join(documents) + "}")
            )
            for k, text in enumerate(decision_texts, start=1):
                decisions.append((item_id * 10 + k, item_id, k, text))
            texts.append(
                ItemText(order, title, documents, tuple(enumerate(decision_texts, start=1)))
            )
        attended = attending(meeting_id)
        for order, department_id in enumerate(attended, start=1):
            attendees.append((meeting_id, order, department_id, DEPARTMENTS[department_id]))
        drafts = meeting_passages(
            source_text=generated.source_text, opening=generated.opening, items=texts
        )
        for draft in drafts:
            item_id = meeting_id * 10 + draft.item_order if draft.item_order else None
            passages.append(
                (
                    meeting_id,
                    item_id,
                    item_id * 10 + draft.decision_order if draft.decision_order else None,
                    draft.kind.value,
                    draft.weight,
                    generated.date.isoformat(),
                    draft.text,
                    draft.start,
                    draft.end,
                )
            )
        row = meeting_search_fields(
            meeting_id=meeting_id,
            meeting_date=generated.date.isoformat(),
            meeting_type="standing",
            item_kinds=["review"] * len(generated.items),
            departments=department_facet_grams(attended, ()),
            drafts=drafts,
            segments=_segmenter,
            names=_names,
        )
        searches.append(tuple(row[column] for column in _SEARCH_COLUMNS))
    return meetings, items, decisions, attendees, passages, searches


_SEARCH_COLUMNS = (
    "meeting_id",
    "meeting_date",
    "text",
    "heads_end",
    "decisions_end",
    "body_end",
    "grams",
    "words",
)
_COPIES = {
    "meetings": "COPY archive_meeting (id, body, meeting_type, number, date, time_of_day, opening,"
    " source_name, source_text, chair, chair_title, doc_number, written_approvals,"
    " other_matters, parse_warnings, source_encoding, content_hash, imported_at, updated_at,"
    " edited_fields, removed_attendee_orders, removed_item_orders, disclosure_metadata,"
    " issuing_office, number_text, chair_as_written)"
    " FROM STDIN",
    "items": 'COPY archive_agendaitem (id, meeting_id, "order", kind, title, documents,'
    " number_text, edited_fields, removed_decision_orders) FROM STDIN",
    "decisions": 'COPY archive_decision (id, agenda_item_id, "order", text, outcome,'
    " issuing_channel, edited_fields) FROM STDIN",
    "attendees": 'COPY archive_attendee (meeting_id, "order", department_id,'
    " department_as_written, name, name_as_written, role, title, note, edited_fields)"
    " FROM STDIN",
    "passages": "COPY archive_passage (meeting_id, agenda_item_id, decision_id, kind, weight,"
    ' meeting_date, text, start, "end") FROM STDIN',
    "searches": f"COPY archive_meetingsearch ({', '.join(_SEARCH_COLUMNS)}) FROM STDIN",
}
_GIN = ["meetingsearch_grams_gin"]
# Stored with a corpus; a corpus of another version is built again, never reused or grown.
# 2: the corpus has departments (DEPARTMENTS); 3: those of the "long name" class too.
CORPUS_VERSION = 4


def _stored(conn) -> tuple[int, int, int]:
    """(meetings, seed, version) of the corpus in the database of ``conn`` (a DB-API
    connection), or zeros when none is stored."""
    cursor = conn.cursor()
    cursor.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return 0, 0, 0
    cursor.execute("SELECT * FROM bench_meta")
    row = cursor.fetchone()
    return (row[0], row[1], row[2] if len(row) > 2 else 1) if row else (0, 0, 0)


def corpus_base(meetings: int, seed: int) -> tuple[str, int] | None:
    """The largest stored corpus with this seed and fewer meetings, as (database, size).

    Meeting i of a corpus is the same in every corpus of that seed, so a larger corpus can
    start as a copy of a smaller one and generate only the rest.
    """
    if os.environ.get("BENCH_DATABASE_URL", "").strip():
        return None
    import psycopg

    from minutes_site import embedded_db

    server = embedded_db._server()
    names = server.psql("SELECT datname FROM pg_database WHERE datname LIKE 'minutes_bench_%';")
    best = None
    for name in names.split():
        if not name.startswith("minutes_bench_") or name == f"minutes_bench_{meetings}":
            continue
        with psycopg.connect(server.get_uri(name)) as conn:
            size, stored_seed, version = _stored(conn)
            usable = (stored_seed, version) == (seed, CORPUS_VERSION) and 0 < size < meetings
            if usable and (best is None or size > best[1]):
                best = (name, size)
    return best


def corpus_copy(base: str, meetings: int) -> None:
    """Make ``minutes_bench_<meetings>`` a copy of the database ``base``."""
    from minutes_site import embedded_db

    server = embedded_db._server()
    name = f"minutes_bench_{meetings}"
    server.psql(f"DROP DATABASE IF EXISTS {name};")
    server.psql(f"CREATE DATABASE {name} TEMPLATE {base};")


def corpus_build(meetings: int, seed: int, workers: int, *, start: int = 0) -> float:
    """Generate meetings [start, meetings) into the database (emptied first unless start)."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Without them, migrations that rewrite the search rows of a copied corpus run fast;
        # they are built once, at the end.
        for name in _GIN:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        if not start:
            cursor.execute(
                "TRUNCATE archive_meeting, archive_passage, archive_department"
                " RESTART IDENTITY CASCADE"
            )
            for pk, name in DEPARTMENTS.items():
                cursor.execute(
                    "INSERT INTO archive_department (id, name, match_key) VALUES (%s, %s, %s)",
                    [pk, name, name],
                )
            # Written without their model's save: registered here, before any row is built.
            from archive.search.names import names_register, names_sync

            names_sync()
            # The leaders, as an import registers each batch's people before writing it.
            names_register([*MAYORS, *VICE_MAYORS])
        for name in _GIN:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    chunk = 250
    jobs = [(seed, first, min(first + chunk, meetings)) for first in range(start, meetings, chunk)]
    now = "2024-01-01 00:00:00+00"
    with Pool(workers, initializer=_worker_init) as pool, connection.cursor() as cursor:
        raw = cursor.cursor
        for done, rows in enumerate(pool.imap(_build, jobs), 1):
            rows_m, rows_i, rows_d, rows_a, rows_p, rows_s = rows
            with raw.copy(_COPIES["meetings"]) as copy:
                rest = ("", "", "", "{}", False, "{}", "utf-8", "0" * 64, now, now)
                rest += ("{}", "{}", "{}", "{}", "", "", "")
                for row in rows_m:
                    copy.write_row((*row, *rest))
            with raw.copy(_COPIES["items"]) as copy:
                for row in rows_i:
                    copy.write_row((*row, "", "{}", "{}"))
            with raw.copy(_COPIES["decisions"]) as copy:
                for row in rows_d:
                    copy.write_row((*row, "", "", "{}"))
            with raw.copy(_COPIES["attendees"]) as copy:
                for row in rows_a:
                    copy.write_row((*row, "", "", "observer", "", "", "{}"))
            with raw.copy(_COPIES["passages"]) as copy:
                for row in rows_p:
                    copy.write_row(row)
            with raw.copy(_COPIES["searches"]) as copy:
                for row in rows_s:
                    copy.write_row(row)
            if done % 20 == 0 or done == len(jobs):
                built = min(start + done * chunk, meetings)
                print(f"  built {built}/{meetings} meetings", flush=True)
    with connection.cursor() as cursor:
        # The GIN index is built with both cores (PostgreSQL 18 builds GIN in parallel; older
        # servers ignore the setting): the table's own heap is small, its grams live in TOAST,
        # so the planner would otherwise give the build no workers.
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute("ALTER TABLE archive_meetingsearch SET (parallel_workers = 2)")
        tables = ("archive_meeting", "archive_agendaitem", "archive_decision", "archive_department")
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        from archive.models import MeetingSearch

        for index in MeetingSearch._meta.indexes:
            if index.name in _GIN:
                cursor.execute(str(index.create_sql(MeetingSearch, connection.schema_editor())))
        cursor.execute("ALTER TABLE archive_meetingsearch RESET (parallel_workers)")
        cursor.execute("DROP TABLE IF EXISTS bench_meta")
        cursor.execute("CREATE TABLE bench_meta (meetings int, seed int, version int)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES (%s, %s, %s)", [meetings, seed, CORPUS_VERSION]
        )
    connection.cursor().execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def corpus_is_built(meetings: int, seed: int) -> bool:
    from django.db import connection

    connection.ensure_connection()
    return _stored(connection.connection) == (meetings, seed, CORPUS_VERSION)


# --- the query mix ----------------------------------------------------------------------------


# Words drawn for one meeting (see corpus.generate_meeting: 5 to 8 items, each a document
# name of 4 to 7 words and two decisions of 105 to 165): 6.5 × (5.5 + 2 × 135).
WORDS_PER_MEETING = 1_790
# The matches a long word is chosen to have: counts this large are exact (COUNT_LIMIT), and a
# term that the index alone cannot answer checks the text of every one.
LONG_WORD_MATCHES = (2_000, 3_500, 5_000, 7_000, 9_000)


def long_words(meetings: int) -> list[str]:
    """Five words of three or more characters expected in about LONG_WORD_MATCHES meetings
    (at most nine in ten of them), from the words' weights in the vocabulary."""
    words, weights = vocabulary()
    total = weights[-1]
    expected = {}
    for rank, word in enumerate(words):
        if len(word) >= 3:
            share = (weights[rank] - (weights[rank - 1] if rank else 0)) / total
            expected[word] = meetings * (1 - (1 - share) ** WORDS_PER_MEETING)
    chosen: list[str] = []
    for target in LONG_WORD_MATCHES:
        target = min(target, 0.9 * meetings)
        chosen.append(
            min(
                (w for w in expected if w not in chosen),
                key=lambda w: abs(expected[w] - target),
            )
        )
    return chosen


def query_mix(seed: int, meetings: int) -> dict[str, list[tuple[str, dict]]]:
    """Query classes → (query, filters). Derived from the vocabulary and the corpus only."""
    words, _ = vocabulary()
    two = [w for w in words if len(w) >= 2]
    sample = generate_meeting(seed, meetings // 2)
    phrases = []
    for _title, _docs, decisions in sample.items[:5]:
        text = decisions[1]
        phrases.append('"' + text[20:28].replace("，", "").replace("。", "") + '"')
    middle_year = generate_meeting(seed, meetings // 2).date.year
    return {
        "rare word": [(w, {}) for w in two[30_000:50_000:4_000]],
        "common word": [(w, {}) for w in two[:5]],
        "two words": [
            (f"{a} {b}", {}) for a, b in zip(two[300:1300:200], two[700:1700:200], strict=True)
        ],
        "phrase": [(p, {}) for p in phrases],
        "single char": [(c, {}) for c in ["河", "省", "镜", "锌", "鑫"]],
        # Words of jieba's dictionary: the index answers them alone (segment.exact_lexemes).
        "long word": [(w, {}) for w in long_words(meetings)],
        # Departments' names outside it, each in about seven meetings in ten: registered names
        # (archive.search.names), which the index answers alone too.
        "long name": [(d, {}) for d in ["市住建局", "市应急局", "市医保局", "浮桥镇", "双凤镇"]],
        # Parts of those names, neither words nor names: every match's text is checked.
        "long string": [(d, {}) for d in ["市住建", "住建局", "市应急", "应急局", "市医保"]],
        # People's names: two mayors chairing 2,500 meetings each, three vice-mayors in
        # three meetings in five; registered names (archive.search.names) too.
        "person name": [(name, {}) for name in [*MAYORS[:2], *VICE_MAYORS[:3]]],
        "with filters": [(w, {"year": middle_year}) for w in two[:3] + two[2000:2002]],
        # The list page's meeting type and item kind filters, here holding every meeting.
        "with type and kind": [
            (w, {"meeting_type": "standing", "item_kind": "review"})
            for w in two[:3] + two[2000:2002]
        ],
        # 财政局 attends four meetings in five (see DEPARTMENTS).
        "with department": [(w, {"department": 1}) for w in two[:3] + two[2000:2002]],
        "no hit": [
            (q, {}) for q in ["量子纠缠态密钥", "区块链元宇宙", "ﬀ不存在", "猫猫狗狗熊熊", "zzqxj"]
        ],
    }


def _scan(cursor, query: str, filters: dict) -> set[int]:
    terms = [t.strip('"') for t in (query.split() if not query.startswith('"') else [query])]
    where = " AND ".join("source_text ILIKE %s" for _ in terms)
    params = [f"%{t}%" for t in terms]
    if "year" in filters:
        where += " AND date >= %s AND date < %s"
        params += [f"{filters['year']}-01-01", f"{filters['year'] + 1}-01-01"]
    if "meeting_type" in filters:
        where += " AND meeting_type = %s"
        params.append(filters["meeting_type"])
    if "item_kind" in filters:
        where += " AND id IN (SELECT meeting_id FROM archive_agendaitem WHERE kind = %s)"
        params.append(filters["item_kind"])
    if "department" in filters:
        # The department filter's default role: attended, or leads a decision.
        where += (
            " AND id IN (SELECT meeting_id FROM archive_attendee WHERE department_id = %s"
            " UNION ALL SELECT i.meeting_id FROM archive_decisiondepartment l"
            " JOIN archive_decision d ON d.id = l.decision_id"
            " JOIN archive_agendaitem i ON i.id = d.agenda_item_id"
            " WHERE l.department_id = %s AND l.role = 'lead')"
        )
        params += [filters["department"]] * 2
    cursor.execute(f"SELECT id FROM archive_meeting WHERE {where}", params)
    return {row[0] for row in cursor.fetchall()}


def _unjustified(extra: set[int], query: str) -> int:
    """Meetings found beyond the scan that do not contain the terms even after normalising."""
    from archive.models import Meeting
    from archive.search.segment import normalize

    terms = [normalize(t.strip('"')) for t in (query.split() if '"' not in query else [query])]
    return sum(
        1
        for text in Meeting.objects.filter(pk__in=extra).values_list("source_text", flat=True)
        if not all(term in normalize(text) for term in terms)
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(meetings: int, seed: int, repeat: int) -> dict:
    from django.db import connection

    from archive.filters import MeetingFilter
    from archive.search.engine import meeting_search_ids

    results = {}
    for name, queries in query_mix(seed, meetings).items():
        index_times, scan_times, recalls, hits, count_errors = [], [], [], [], []
        extras = wrong = 0
        for query, filters in queries:
            # As the search page filters: the list page's filters (see archive.filters).
            filterset = MeetingFilter(data={k: str(v) for k, v in filters.items()})
            assert filterset.is_valid(), filterset.errors
            queryset = filterset.qs
            queryset.search(query)  # warm the plan and the cache once
            for _ in range(repeat):
                started = time.perf_counter()
                page = queryset.search(query)
                index_times.append((time.perf_counter() - started) * 1000)
            with connection.cursor() as cursor:
                for _ in range(max(1, repeat // 2)):
                    started = time.perf_counter()
                    scanned = _scan(cursor, query, filters)
                    scan_times.append((time.perf_counter() - started) * 1000)
            found = meeting_search_ids(queryset, query)
            recalls.append(len(found & scanned) / len(scanned) if scanned else 1.0)
            extras += len(found - scanned)
            wrong += _unjustified(found - scanned, query)
            hits.append(len(scanned))
            if page.estimated:
                count_errors.append(abs(page.count - len(found)) / max(1, len(found)))
            elif page.count != len(found):
                count_errors.append(float("inf"))
            if len(page.hits) != min(20, len(found)):
                count_errors.append(float("inf"))
        results[name] = {
            "queries": [q for q, _ in queries],
            "hits_median": statistics.median(hits),
            "hits_max": max(hits),
            "index_p50": _percentile(index_times, 0.5),
            "index_p95": _percentile(index_times, 0.95),
            "scan_p50": _percentile(scan_times, 0.5),
            "scan_p95": _percentile(scan_times, 0.95),
            "recall": min(recalls),
            "extra": extras,
            "wrong": wrong,
            "count_error_max": max(count_errors, default=0.0),
        }
    return results


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line),
        platform.processor(),
    )
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.split("\n")[1]
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), memory: {' '.join(memory.split()[1:2])}, "
        f"load average {load} (1, 5, 15 min) at the end of the run"
    )


def report(meetings: int, results: dict, build_seconds: float | None, sizes: dict) -> str:
    lines = [
        f"### {meetings:,} meetings",
        "",
        f"machine: {machine()}; PostgreSQL {sizes['server']}; "
        f"passages {sizes['passages']:,}, passage table + indexes {sizes['passage_mb']:,} MB, "
        f"meeting-level search table + indexes "
        f"{sizes['meeting_search_mb']:,} MB (GIN {sizes['meeting_search_gin_mb']:,} MB), "
        f"transcripts {sizes['meeting_mb']:,} MB"
        + (f"; corpus built in {build_seconds:.0f} s" if build_seconds else ""),
        "",
        "| class | meetings hit (median / max) | index p50 | index p95 | ILIKE p50 | ILIKE p95 "
        "| speed-up (p95) | recall | extra (wrong) | count error |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['hits_median']:,.0f} / {r['hits_max']:,} | {r['index_p50']:.1f} ms "
            f"| {r['index_p95']:.1f} ms | {r['scan_p50']:.0f} ms | {r['scan_p95']:.0f} ms "
            f"| {r['scan_p95'] / max(r['index_p95'], 0.001):.0f}× | {r['recall']:.0%} "
            f"| {r['extra']} ({r['wrong']}) | {r['count_error_max']:.1%} |"
        )
    return "\n".join(lines)


def sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM archive_passage),"
            " pg_total_relation_size('archive_passage') / 1048576,"
            " pg_total_relation_size('archive_meeting') / 1048576,"
            " pg_total_relation_size('archive_meetingsearch') / 1048576,"
            " pg_relation_size('meetingsearch_grams_gin') / 1048576,"
            " current_setting('server_version')"
        )
        count, passage_mb, meeting_mb, search_mb, search_gin_mb, server = cursor.fetchone()
    return {
        "passages": count,
        "passage_mb": passage_mb,
        "meeting_mb": meeting_mb,
        "meeting_search_mb": search_mb,
        "meeting_search_gin_mb": search_gin_mb,
        "server": server,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 unless recall is 100%%")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    base = None if args.rebuild else corpus_base(args.meetings, args.seed)
    os.environ["DATABASE_URL"] = _database_url(args.meetings)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes_site.settings")
    # Every timed search is computed, never answered from the search result cache: the
    # repeats would otherwise time a cache read (see SEARCH_RESULT_CACHE_SECONDS).
    os.environ["SEARCH_RESULT_CACHE_SECONDS"] = "0"
    # As a production server runs them: DEBUG would also keep every statement's SQL.
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    build_seconds = None
    if not args.rebuild and corpus_is_built(args.meetings, args.seed):
        # Reuse the stored corpus: migrations bring its index up to date (a migration that
        # changes the index rebuilds it from the stored passages).
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        from django.db import connection

        connection.cursor().execute("VACUUM ANALYZE")
        print(f"reused the stored corpus; migrated in {time.perf_counter() - started:.0f} s")
    elif base is not None:
        from django.db import connections

        connections.close_all()
        print(f"copying {base[0]} and generating meetings {base[1]}–{args.meetings} …", flush=True)
        started = time.perf_counter()
        corpus_copy(base[0], args.meetings)
        build_seconds = corpus_build(args.meetings, args.seed, args.workers, start=base[1])
        build_seconds = time.perf_counter() - started
    else:
        print(f"building {args.meetings} meetings (seed {args.seed}) …", flush=True)
        build_seconds = corpus_build(args.meetings, args.seed, args.workers)
    results = run(args.meetings, args.seed, args.repeat)
    print(report(args.meetings, results, build_seconds, sizes()))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if args.check:
        bad = {
            name: r
            for name, r in results.items()
            if r["recall"] < 1 or r["wrong"] or r["count_error_max"] == float("inf")
        }
        if bad:
            print(f"FAILED: recall or counts wrong for {', '.join(bad)}", file=sys.stderr)
            return 1
        print("check passed: recall 100% of the ILIKE scan, exact counts right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
