"""Create the editors group, or reset its permissions to the ones correction work needs."""

from django.core.management.base import BaseCommand

from archive.services.editors import EDITOR_PERMISSIONS, editors_group_sync


class Command(BaseCommand):
    help = "创建 editors 组，或把它的权限重置为更正工作所需的权限（可重复运行）。"

    def handle(self, *args, **options):
        group = editors_group_sync()
        self.stdout.write(f"组 {group.name}：{len(EDITOR_PERMISSIONS)} 项权限")
