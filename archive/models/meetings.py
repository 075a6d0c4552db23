"""Meetings and their structure: agenda items, decisions, attendees."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.ingest.parse.traditional import to_simplified
from archive.models.choices import AttendeeRole, DepartmentRole, ItemKind, MeetingType, TimeOfDay
from archive.models.departments import Department
from archive.models.search import MeetingQuerySet


def edited_fields_field() -> ArrayField:
    """Which imported fields an editor changed; re-import keeps them (see ingest/load.py)."""
    return ArrayField(
        models.CharField(max_length=40), verbose_name="已更正字段", default=list, blank=True
    )


def removed_orders_field(verbose_name: str) -> ArrayField:
    """Orders of parsed records an editor deleted; re-import does not bring them back."""
    return ArrayField(
        models.PositiveSmallIntegerField(), verbose_name=verbose_name, default=list, blank=True
    )


def shown_as_written(name: str, written: str) -> str:
    """``written`` (a name as the transcript writes it) while it is a way of writing ``name``
    (kept in Simplified characters), else ``name``."""
    return written if written and to_simplified(written) == name else name


class Meeting(models.Model):
    """One meeting, with the transcript it was parsed from kept verbatim."""

    body = models.CharField("机关", max_length=100, blank=True)
    meeting_type = models.CharField(
        "会议类型", max_length=20, choices=MeetingType.choices, default=MeetingType.STANDING
    )
    number = models.PositiveIntegerField("届次序号", null=True, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    time_of_day = models.CharField("时段", max_length=2, choices=TimeOfDay.choices, blank=True)
    # In Simplified characters, as attendees' names are: 賈紅偉 in a Traditional transcript is
    # the 贾红伟 of the others (the chair filter and the list group meetings by this column).
    chair = models.CharField("主持人", max_length=50, blank=True)
    # The chair as the transcript writes it, when that differs from ``chair`` (see shown_chair).
    chair_as_written = models.CharField("主持人原文写法", max_length=50, blank=True, default="")
    chair_title = models.CharField("主持人职务", max_length=50, blank=True)
    doc_number = models.CharField("纪要文号", max_length=100, blank=True)
    opening = models.TextField("开头段落", blank=True)
    written_approvals = ArrayField(
        models.CharField(max_length=300), verbose_name="书面审议通过", default=list, blank=True
    )
    other_matters = models.BooleanField("还研究了其他事项", default=False)
    term = models.PositiveSmallIntegerField("届", null=True, blank=True)
    number_text = models.CharField("届次原文", max_length=50, blank=True)
    number_year = models.PositiveSmallIntegerField("编号年度", null=True, blank=True)
    issuing_office = models.CharField("印发机关", max_length=100, blank=True)
    issue_date = models.DateField("印发日期", null=True, blank=True)
    disclosure_metadata = models.JSONField("公开信息", default=dict, blank=True)
    parse_warnings = ArrayField(
        models.TextField(), verbose_name="解析警告", default=list, blank=True
    )
    source_name = models.CharField("来源文件", max_length=255, unique=True)
    source_text = models.TextField("原文")
    source_encoding = models.CharField("原文编码", max_length=20)
    content_hash = models.CharField("内容哈希 (SHA-256)", max_length=64)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    corrected_at = models.DateTimeField("最近更正时间", null=True, blank=True, editable=False)
    edited_fields = edited_fields_field()
    removed_item_orders = removed_orders_field("编辑删除的议题序号")
    removed_attendee_orders = removed_orders_field("编辑删除的参会人员次序")
    # The transcript itself never changes through the admin; keeping it out of the history
    # saves a copy of the full text per revision.
    history = HistoricalRecords(excluded_fields=["source_text"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-number", "-pk"]
        verbose_name = "会议"
        verbose_name_plural = "会议"
        indexes = [
            models.Index(fields=["date", "number"], name="meeting_date_number_idx"),
            models.Index(fields=["meeting_type", "date"], name="meeting_type_date_idx"),
            models.Index(fields=["body", "date"], name="meeting_body_date_idx"),
            models.Index(fields=["chair", "date"], name="meeting_chair_date_idx"),
            # The meeting list's default order (newest first, undated last), so that a page
            # is read off the index instead of sorting every meeting.
            models.Index(
                models.F("date").desc(nulls_last=True),
                models.F("number").desc(nulls_last=True),
                models.F("id").desc(),
                name="meeting_newest_first_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("archive:meeting_detail", args=[self.pk])

    @property
    def shown_chair(self) -> str:
        """The chair as written, while it is still a way of writing ``chair`` (an editor's
        correction of ``chair`` leaves the written form behind)."""
        return shown_as_written(self.chair, self.chair_as_written)

    @property
    def display_title(self) -> str:
        """How the minutes name the meeting: 市政府第38次常务会议."""
        kind = self.get_meeting_type_display()
        number = f"第{self.number}次" if self.number is not None else ""
        return f"{self.body}{number}{kind}"


class AgendaItem(models.Model):
    """A numbered item (议题) of a meeting: documents reviewed or a report heard."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="会议"
    )
    order = models.PositiveSmallIntegerField("序号")
    number_text = models.CharField("编号原文", max_length=10, blank=True)
    kind = models.CharField("类型", max_length=10, choices=ItemKind.choices)
    title = models.TextField("标题")
    documents = ArrayField(
        models.CharField(max_length=300), verbose_name="审议文件", default=list, blank=True
    )
    edited_fields = edited_fields_field()
    removed_decision_orders = removed_orders_field("编辑删除的议定事项序号")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = "议题"
        verbose_name_plural = "议题"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agendaitem_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"item-{self.order}"


class Decision(models.Model):
    """An agreed point (议定事项) of an agenda item, with who carries it out."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="decisions", verbose_name="议题"
    )
    order = models.PositiveSmallIntegerField("序号")
    text = models.TextField("内容")
    outcome = models.CharField("结论", max_length=50, blank=True)
    issuing_channel = models.CharField("印发渠道", max_length=100, blank=True)
    departments = models.ManyToManyField(
        Department,
        through="DecisionDepartment",
        related_name="decisions",
        verbose_name="相关部门",
    )
    # "departments" stands for the decision's department links as a whole.
    edited_fields = edited_fields_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "order"]
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "order"], name="decision_unique_order"),
        ]

    def __str__(self) -> str:
        return f"（{self.order}）{self.text[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.agenda_item.meeting.get_absolute_url()}#decision-{self.pk}"


class DecisionDepartmentQuerySet(models.QuerySet):
    def of_department(self, department: Department) -> DecisionDepartmentQuerySet:
        """The links naming ``department``, newest meeting first, then in the meeting's order,
        each with its decision, agenda item and meeting (without the meeting's long texts)."""
        return (
            self.filter(department=department)
            .select_related("decision__agenda_item__meeting")
            .defer(
                "decision__agenda_item__meeting__source_text",
                "decision__agenda_item__meeting__opening",
            )
            .order_by(
                "-decision__agenda_item__meeting__date",
                "-decision__agenda_item__meeting__pk",
                "decision__agenda_item__order",
                "decision__order",
                "role",
            )
        )


class DecisionDepartment(models.Model):
    """A department named as lead (牵头) or supporting (配合) on one decision."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="department_links", verbose_name="议定事项"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="decision_links",
        verbose_name="部门",
    )
    role = models.CharField("角色", max_length=12, choices=DepartmentRole.choices)
    name_as_written = models.CharField("原文写法", max_length=100)
    position = models.PositiveSmallIntegerField("次序", default=0)
    history = HistoricalRecords()

    objects = DecisionDepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "role", "position"]
        verbose_name = "议定事项部门"
        verbose_name_plural = "议定事项部门"
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "department", "role"], name="decisiondept_unique_role"
            ),
        ]
        indexes = [models.Index(fields=["department", "role"], name="decisiondept_dept_role_idx")]

    def __str__(self) -> str:
        return f"{self.department} ({self.get_role_display()})"


class AttendeeQuerySet(models.QuerySet):
    def attending(self) -> AttendeeQuerySet:
        """Those who were at the meeting, in whatever part (出席, 参加, 列席, 应邀列席): every
        attendee but those on leave (请假). A department attended a meeting when one of these
        is one of its people, or the department as such."""
        return self.exclude(role=AttendeeRole.ABSENT)


class Attendee(models.Model):
    """A person (or a department's representative) listed in a meeting's attendance, or
    named as on leave from it (role 请假)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendees", verbose_name="会议"
    )
    order = models.PositiveSmallIntegerField("次序")
    # In Simplified characters, whatever the transcript's script: people are told apart by
    # name, and 陳國華 in a Traditional transcript is the 陈国华 of the others.
    name = models.CharField("姓名", max_length=50, blank=True)
    # The name as the transcript writes it, when that differs from ``name`` (see shown_name).
    name_as_written = models.CharField("姓名原文写法", max_length=50, blank=True, default="")
    role = models.CharField("身份", max_length=12, choices=AttendeeRole.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="attendees",
        null=True,
        blank=True,
        verbose_name="部门",
        db_index=False,  # attendee_dept_meeting_idx starts with it
    )
    department_as_written = models.CharField("部门原文写法", max_length=100, blank=True)
    title = models.CharField("职务", max_length=50, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    edited_fields = edited_fields_field()
    history = HistoricalRecords()

    objects = AttendeeQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="attendee_unique_order"),
        ]
        indexes = [
            models.Index(fields=["name"], name="attendee_name_idx"),
            # A department's meetings read off the index alone (the department filter, the
            # department page): no visit to millions of scattered attendee rows. The role is
            # there to leave out those on leave (``attending``) without such a visit.
            models.Index(
                fields=["department", "meeting"],
                include=["role"],
                name="attendee_dept_meeting_idx",
            ),
        ]

    def __str__(self) -> str:
        who = self.name or f"{self.department_as_written}的代表"
        return f"{who}（{self.get_role_display()}）"

    @property
    def on_leave(self) -> bool:
        """Listed as on leave (请假): not one of ``Attendee.objects.attending()``."""
        return self.role == AttendeeRole.ABSENT

    @property
    def shown_name(self) -> str:
        """The name as written, while it is still a way of writing ``name`` (an editor's
        correction of ``name`` leaves the written form behind)."""
        return shown_as_written(self.name, self.name_as_written)
