"""Write the whole archive, original transcripts included, to a JSON Lines file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.services.dump import archive_dump


class Command(BaseCommand):
    help = "把整个档案（含原文）导出为 JSON Lines 文件，可用 load_archive 还原。"

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="输出文件（.jsonl）")

    def handle(self, *args, out: Path, **options):
        with out.open("w", encoding="utf-8", newline="\n") as stream:
            counts = archive_dump(out=stream)
        self.stdout.write(
            f"已导出 {counts['meeting']} 次会议、{counts['department']} 个部门到 {out}"
        )
