"""Importing many files at once: parsing in worker processes, writing in batched transactions.

Each file still succeeds or fails on its own (a savepoint per file inside each batch's
transaction), exactly as ``meeting_import`` would have it; what changes is that reading and
parsing run on every core while the database is written, and that a batch of files costs one
commit instead of one each.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import transaction

from archive.ingest.bulk import batch_is_new, meetings_create
from archive.ingest.load import ImportResult, ImportStatus, department_cache, meeting_save
from archive.ingest.parse.records import AttendeeRole as ParsedRole
from archive.ingest.prepare import (
    PreparedTranscript,
    transcript_prepare,
    transcripts_prepare,
    worker_init,
)
from archive.ingest.sync import _ROLES
from archive.models import AttendeeRole, Department, Meeting
from archive.search.dictionary import segmenter
from archive.search.names import MEMBER_ROLES, names_register

logger = logging.getLogger(__name__)

# Files handed to a worker at a time, and chunks kept in flight per worker: enough to keep
# every core busy while the database is written, few enough that memory does not grow with N.
_CHUNK = 8
_IN_FLIGHT_PER_WORKER = 3


def meetings_import(
    *,
    paths: Iterable[Path],
    workers: int | None = None,
    batch_size: int = 50,
    bulk: bool = True,
) -> Iterator[ImportResult]:
    """Import ``paths``, yielding one ImportResult per file in the order given.

    ``workers`` processes read, parse and segment for the search index (0: this process
    does it all). The default leaves one core to this process and its database server.
    ``bulk``: write a batch of new meetings at once (archive.ingest.bulk); False writes every
    file through meeting_save, as re-imports always are. Both store the same rows.
    """
    if workers is None:
        workers = max(1, (os.cpu_count() or 1) - 1)
    max_bytes = settings.MINUTES_MAX_FILE_BYTES
    if workers == 0:
        prepared = (transcript_prepare(path, max_bytes) for path in paths)
        yield from _write_batches(prepared, batch_size, bulk=bulk)
        return
    # spawn, not fork: a forked worker would share this process's database connection.
    context = multiprocessing.get_context("spawn")
    # Workers segment with the very dictionary this process indexes with.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=worker_init,
        initargs=(segmenter().dictionary,),
    ) as executor:
        prepared = _prepare_in_pool(
            executor, paths, max_bytes, window=_pool_window(workers, batch_size)
        )
        yield from _write_batches(prepared, batch_size, bulk=bulk)


def _pool_window(workers: int, batch_size: int) -> int:
    """Chunks to keep submitted and not yet taken by the writer.

    While the writer writes a batch it takes nothing, so the window holds a batch's worth of
    chunks beyond the workers' own: the workers go on parsing the next batch meanwhile, and
    memory is still bounded by the batch size, whatever the number of files.
    """
    return workers * _IN_FLIGHT_PER_WORKER + math.ceil(batch_size / _CHUNK)


def _prepare_in_pool(
    executor: Executor, paths: Iterable[Path], max_bytes: int, *, window: int
) -> Iterator[PreparedTranscript]:
    """Prepared files in order, with at most ``window`` chunks submitted and not yet taken."""
    remaining = iter(paths)
    pending: deque[Future[list[PreparedTranscript]]] = deque()
    while chunk := list(islice(remaining, _CHUNK)):
        pending.append(executor.submit(transcripts_prepare, chunk, max_bytes))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _write_batches(
    prepared: Iterable[PreparedTranscript], batch_size: int, *, bulk: bool
) -> Iterator[ImportResult]:
    # Department look-ups are shared by the whole import; whatever rolls back clears them,
    # since the departments it created are gone with it.
    departments: dict[str, Department] = {}
    batch: list[PreparedTranscript] = []
    for item in prepared:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _write_batch(batch, departments, bulk=bulk)
            batch = []
    if batch:
        yield from _write_batch(batch, departments, bulk=bulk)


def _write_batch(
    batch: list[PreparedTranscript], departments: dict[str, Department], *, bulk: bool
) -> list[ImportResult]:
    names = [item.transcript.name for item in batch if item.transcript is not None]
    rows = list(
        Meeting.objects.filter(source_name__in=names).values_list(
            "source_name", "content_hash", "pk"
        )
    )
    stored = {name: content_hash for name, content_hash, _pk in rows}
    stored_ids = {name: pk for name, _hash, pk in rows}
    if bulk and batch_is_new(batch, stored):
        try:
            with transaction.atomic(), department_cache(departments):
                _people_register(batch)
                return meetings_create(batch)
        except Exception:
            # Written file by file below, so that a bad file fails alone.
            logger.warning("writing a batch at once failed; writing it file by file", exc_info=True)
            departments.clear()
    results: list[ImportResult] = []
    with transaction.atomic(), department_cache(departments):
        _people_register(batch)
        for item in batch:
            result = _write_one(item, stored, stored_ids)
            if result.status is ImportStatus.FAILED and item.parsed is not None:
                departments.clear()  # what the failed file created was rolled back
            results.append(result)
    return results


# The attendance roles of the people registered (see archive.search.names.MEMBER_ROLES).
_MEMBER_ROLES = {
    role for role in ParsedRole if _ROLES.get(role.value, AttendeeRole.OBSERVER) in MEMBER_ROLES
}


def _people_register(batch: list[PreparedTranscript]) -> None:
    """Register the names of the chairs and members of ``batch`` (see archive.search.names)
    before its rows are written, inside the transaction writing it, so that every row marks
    them: the writer looks for the names its segmenter does not know (those registered since
    the import started, since the parse workers segment with the dictionary it started with
    and rows must not depend on which process wrote them) in each row's text. They are not
    looked for in the rows already written (a scan of the index and of texts for each name):
    ``names_mark`` does it for all of them at once at the end of the import (import_minutes).
    """
    people = [
        name
        for item in batch
        if item.error is None and item.parsed is not None
        for name in (
            item.parsed.chair,
            *(a.name for a in item.parsed.attendees if a.role in _MEMBER_ROLES),
        )
        if name
    ]
    names_register(people, mark=False)


def _write_one(
    item: PreparedTranscript, stored: dict[str, str], stored_ids: dict[str, int]
) -> ImportResult:
    transcript, parsed = item.transcript, item.parsed
    if transcript is not None and stored.get(transcript.name) == transcript.content_hash:
        return ImportResult(item.path, ImportStatus.UNCHANGED, stored_ids[transcript.name])
    if item.error is not None or transcript is None or parsed is None:
        return ImportResult(item.path, ImportStatus.FAILED, message=item.error or "")
    try:
        # meeting_save is atomic: inside the batch's transaction it is a savepoint, so a
        # failure undoes this file alone.
        meeting, created, conflicts, _ = meeting_save(
            transcript=transcript, parsed=parsed, words=item.words
        )
    except Exception as error:
        logger.exception("importing %s failed", item.path)
        message = f"内部错误（{type(error).__name__}: {error}），该文件未写入任何内容"
        return ImportResult(item.path, ImportStatus.FAILED, message=message)
    status = ImportStatus.CREATED if created else ImportStatus.UPDATED
    # A name seen twice in one batch is an update the second time.
    stored[transcript.name] = transcript.content_hash
    stored_ids[transcript.name] = meeting.pk
    return ImportResult(
        item.path, status, meeting.pk, warnings=parsed.warnings, conflicts=conflicts
    )
