"""Counts kept at write time: who attended or chaired how often, which department did what
when.

Counting them per request means grouping millions of attendee rows on a large archive. These
tables hold the answers instead, and PostgreSQL keeps them exact itself: triggers on the
attendee, decision-link and meeting tables note which names (attendees and chairs) and which
(department, month) pairs a statement touched, and at commit the touched rows are recounted
from the source tables (see migrations 0010, 0020 and 0023, and ``archive.rollups``). Whatever
writes the archive (the importer, the admin, a department merge, raw SQL) therefore leaves
them right; a transaction that rolls back leaves them as they were. Nothing in Python
writes these tables.
"""

from __future__ import annotations

from django.db import models

from archive.models.departments import Department


class PersonStat(models.Model):
    """One name of the attendance lists or the chair: in how many meetings (listed in any
    role, 请假 included, or chaired), how many of them it chaired, first and last date. The
    person page breaks the listings down by role."""

    name = models.CharField("姓名", max_length=50, primary_key=True)
    meeting_count = models.PositiveIntegerField("会议数（主持或名列人员名单，请假也算）")
    chaired_count = models.PositiveIntegerField("主持会议数", db_default=0)
    first_date = models.DateField("最早", null=True)
    last_date = models.DateField("最近", null=True)

    class Meta:
        verbose_name = "人员统计"
        verbose_name_plural = "人员统计"
        indexes = [
            models.Index(fields=["-meeting_count", "name"], name="personstat_count_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.meeting_count}）"


class DepartmentMonth(models.Model):
    """One department in one month (``month`` is its first day; None for undated meetings):
    meetings attended (``Attendee.objects.attending``: an absence, 请假, is not attending) and
    decisions it leads."""

    department = models.ForeignKey(
        Department,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="部门",
    )
    month = models.DateField("月份", null=True)
    attended = models.PositiveIntegerField("出席会议")
    led = models.PositiveIntegerField("牵头事项")

    class Meta:
        verbose_name = "部门月度统计"
        verbose_name_plural = "部门月度统计"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "month"],
                name="departmentmonth_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.month}: {self.attended}/{self.led}"
