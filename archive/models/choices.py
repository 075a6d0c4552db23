"""The fixed vocabularies of the archive, stored as short English values with Chinese labels."""

from django.db import models


class MeetingType(models.TextChoices):
    STANDING = "standing", "常务会议"
    EXECUTIVE = "executive", "市长办公会议"
    TOPICAL = "topical", "专题会议"
    COMBINED = "combined", "党组会议暨常务会议"
    OTHER = "other", "其他会议"


class TimeOfDay(models.TextChoices):
    MORNING = "am", "上午"
    AFTERNOON = "pm", "下午"


class ItemKind(models.TextChoices):
    REVIEW = "review", "审议"
    HEARING = "hearing", "听取"
    WRITTEN = "written", "书面审议"
    OTHER = "other", "其他"


class AttendeeRole(models.TextChoices):
    PRESENT = "present", "出席"
    PARTICIPANT = "participant", "参加"
    OBSERVER = "observer", "列席"
    INVITED = "invited", "应邀列席"
    ABSENT = "absent", "请假"


class DepartmentRole(models.TextChoices):
    LEAD = "lead", "牵头"
    SUPPORTING = "supporting", "配合"
