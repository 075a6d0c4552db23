from django.apps import AppConfig
from django.db.models.signals import post_save


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "会议纪要档案"

    def ready(self) -> None:
        from archive import checks  # noqa: F401  (registers the system checks)
        from archive.models import Department, DepartmentAlias
        from archive.search.names import department_saved

        # However a department or an alias is saved (import, admin, merge), its name is
        # registered for exact search as it is (see archive.search.names).
        for model in (Department, DepartmentAlias):
            post_save.connect(department_saved, sender=model, dispatch_uid=f"names:{model}")
