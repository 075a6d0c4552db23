"""Restore a pg_dump backup into the configured, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes_site.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "把 backup_database 的备份还原到当前配置的数据库（须为新建的空数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份文件（.dump）")

    def handle(self, *args, archive: Path, **options):
        try:
            database_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已从 {archive} 还原")
