"""The search index: meetings cut into passages, and the one place searches are asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F

from archive.search.passages import Kind

if TYPE_CHECKING:
    from archive.search.engine import SearchResults


class PassageKind(models.TextChoices):
    OPENING = Kind.OPENING.value, "开头段落"
    TITLE = Kind.TITLE.value, "议题标题"
    DOCUMENT = Kind.DOCUMENT.value, "文件名称"
    DECISION = Kind.DECISION.value, "议定事项"
    ATTENDANCE = Kind.ATTENDANCE.value, "参会人员"
    OTHER = Kind.OTHER.value, "其他文字"


class MeetingQuerySet(models.QuerySet):
    def search(
        self, query: str, *, order: str = "relevance", page: int = 1, per_page: int = 20
    ) -> SearchResults:
        """Meetings of this queryset that match ``query``, ranked, one page of them.

        ``order`` is "relevance" or "date". Never raises for any ``query``; see
        archive/search/engine.py for the query language, ranking and counting.
        """
        from archive.search.engine import meeting_search

        return meeting_search(self, query, order=order, page=page, per_page=per_page)


class Passage(models.Model):
    """A piece of a meeting (a title, a decision, the attendance…) that a hit can point to.

    Finding and ranking happen on the meeting's MeetingSearch row; passages are read only for
    the meetings on a result page, to say which agenda items matched and to quote them.
    """

    meeting = models.ForeignKey(
        "archive.Meeting", on_delete=models.CASCADE, related_name="passages", verbose_name="会议"
    )
    agenda_item = models.ForeignKey(
        "archive.AgendaItem",
        on_delete=models.CASCADE,
        related_name="passages",
        null=True,
        blank=True,
        verbose_name="议题",
    )
    decision = models.ForeignKey(
        "archive.Decision",
        on_delete=models.CASCADE,
        related_name="passages",
        null=True,
        blank=True,
        verbose_name="议定事项",
    )
    kind = models.CharField("类型", max_length=12, choices=PassageKind.choices)
    weight = models.PositiveSmallIntegerField("权重")
    # Copied from the meeting so that results can be ordered by date without a join.
    meeting_date = models.DateField("会议日期", null=True, blank=True)
    text = models.TextField("规范化文本")
    start = models.PositiveIntegerField("原文起点", null=True, blank=True)
    end = models.PositiveIntegerField("原文终点", null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = "检索段落"
        verbose_name_plural = "检索段落"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:30]}"

    def get_absolute_url(self) -> str:
        url = self.meeting.get_absolute_url()
        return f"{url}#{self.agenda_item.anchor}" if self.agenda_item_id else url


class MeetingSearch(models.Model):
    """A meeting's passages taken together: one GIN entry per meeting answers AND, NOT, the
    filters and the count in one index scan; the passages are read only to rank and quote."""

    meeting = models.OneToOneField(
        "archive.Meeting",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_row",
        verbose_name="会议",
    )
    meeting_date = models.DateField("会议日期", null=True, blank=True)
    # The passages' normalised texts, one per line: normalised text has no line breaks, so a
    # term occurs here exactly when it occurs in one passage. The lines run from the heaviest
    # passages to the lightest (titles, documents and the opening; decisions; other text; the
    # attendance), so where a term first occurs tells the best kind of passage holding it:
    # up to ``heads_end`` characters, a title; up to ``decisions_end``, a decision; and so on.
    text = models.TextField("规范化文本")
    heads_end = models.PositiveIntegerField("标题部分止于", default=0)
    decisions_end = models.PositiveIntegerField("议定事项部分止于", default=0)
    body_end = models.PositiveIntegerField("其他文字部分止于", default=0)
    # Every character and pair of adjacent characters of the passages; those of the titles,
    # documents and opening once more with a tab before them (see segment.title_gram), so
    # that one index scan finds the meetings naming a term in a title.
    grams = SearchVectorField("字与相邻两字")
    # The jieba words of the passages, for ranking whole-word matches above scattered ones.
    words = SearchVectorField("词", default="")

    class Meta:
        verbose_name = "会议检索"
        verbose_name_plural = "会议检索"
        indexes = [
            GinIndex(fields=["grams"], name="meetingsearch_grams_gin"),
            models.Index(
                F("meeting_date").desc(nulls_last=True),
                F("meeting").desc(),
                name="meetingsearch_date_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"会议 {self.meeting_id} 的检索文本"


class SearchName(models.Model):
    """A name the search index marks exactly where it occurs (see archive.search.names)."""

    word = models.CharField("名称（规范化）", max_length=100, unique=True)
    # Every search row holding the name marks it; until then queries check the text.
    ready = models.BooleanField("已标记", default=False)

    class Meta:
        verbose_name = "检索专名"
        verbose_name_plural = "检索专名"

    def __str__(self) -> str:
        return self.word
