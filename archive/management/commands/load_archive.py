"""Restore an archive written by dump_archive into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.services.restore import DumpError, archive_load


class Command(BaseCommand):
    help = "把 dump_archive 导出的 JSON Lines 文件载入空的档案；出错时不写入任何内容。"

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="dump_archive 写出的 .jsonl 文件")

    def handle(self, *args, source: Path, **options):
        try:
            with source.open(encoding="utf-8") as lines:
                counts = archive_load(lines=lines, name=str(source))
        except OSError as error:
            raise CommandError(f"无法读取 {source}：{error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{source} 不是 UTF-8 文本：第 {error.start} 字节") from error
        except DumpError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已载入 {counts['meeting']} 次会议、{counts['department']} 个部门")
