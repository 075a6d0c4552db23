"""Reading the counts PostgreSQL keeps at write time (archive/models/rollups.py).

The triggers recount at commit. A request that reads the counts inside the transaction that
changed the archive (a test, an import that reports what it wrote) calls ``rollups_flush``
first so that it sees its own changes; outside a transaction there is nothing to flush,
because every committed change has been counted already.
"""

from __future__ import annotations

from django.db import connection


def rollups_flush() -> None:
    """Recount now what this transaction changed, instead of at its commit."""
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT archive_rollup_flush()")


def rollups_rebuild() -> None:
    """Recount everything from the source tables (after a bulk load that bypassed the
    triggers, for instance); exact either way, only slower."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT archive_rollup_rebuild()")
