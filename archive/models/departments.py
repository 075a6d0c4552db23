"""Departments and the many ways transcripts write their names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.ingest.departments import department_match_key


class Department(models.Model):
    """One real department, however many ways the transcripts write its name."""

    name = models.CharField("名称", max_length=100, unique=True)
    # Every written form of the department reduces to this key (see ingest/departments.py).
    match_key = models.CharField("匹配键", max_length=100, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "部门"
        verbose_name_plural = "部门"
        permissions = [("merge_department", "可以合并部门")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A department added by an editor gets its key as an imported one would, so that
        # transcripts naming it find it.
        if not self.match_key:
            self.match_key = department_match_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:department_detail", args=[self.pk])

    def clean(self) -> None:
        """A new department must not be another way of writing one the archive has."""
        super().clean()
        if self.match_key or not self.name:
            return
        same = Department.objects.filter(match_key=department_match_key(self.name)).first()
        if same is not None:
            raise ValidationError(
                {
                    "name": f"“{self.name}”与已有部门“{same.name}”是同一部门的不同写法；"
                    f"请在该部门下添加别名。"
                }
            )


class DepartmentAlias(models.Model):
    """A way of writing a department's name, e.g. 市政府办 for 市政府办公室."""

    name = models.CharField("写法", max_length=100, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="aliases", verbose_name="部门"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "部门别名"
        verbose_name_plural = "部门别名"

    def __str__(self) -> str:
        return f"{self.name} → {self.department.name}"
