"""Back up the whole database with pg_dump (custom format)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes_site.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "用 pg_dump（自定义格式）备份整个数据库；用 restore_database 还原到空数据库。"

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="备份文件（.dump）")

    def handle(self, *args, out: Path, **options):
        try:
            database_backup(out=out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已备份到 {out}（{out.stat().st_size} 字节）")
