"""Import transcript files (or folders of them) into the archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.batch import meetings_import
from archive.ingest.load import ImportStatus
from archive.ingest.sources import transcript_paths
from archive.management.commands.mark_search_names import names_mark_and_report


class Command(BaseCommand):
    help = "导入会议纪要文本文件或文件夹；未改动的文件跳过，失败的文件不写入任何内容。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="文件或文件夹")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="解析进程数（默认 CPU 核数减一；0 为不另开进程）",
        )
        parser.add_argument("--batch-size", type=int, default=50, help="每个数据库事务写入的文件数")

    def handle(self, *args, paths: list[Path], no_progress: bool = False, **options):
        try:
            files = transcript_paths(paths)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        if options["workers"] is not None and options["workers"] < 0:
            raise CommandError("--workers 不能为负数")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 至少为 1")
        counts = dict.fromkeys(ImportStatus, 0)
        results = meetings_import(
            paths=files, workers=options["workers"], batch_size=options["batch_size"]
        )
        bar = tqdm(
            results, total=len(files), unit="份", disable=no_progress or None, file=self.stderr._out
        )
        for result in bar:
            counts[result.status] += 1
            path = result.path
            if result.status is ImportStatus.FAILED:
                bar.write(self.style.ERROR(f"失败 {path}: {result.message}"), file=self.stderr._out)
            for warning in result.warnings:
                bar.write(self.style.WARNING(f"警告 {path}: {warning}"), file=self.stderr._out)
            for conflict in result.conflicts:
                bar.write(self.style.NOTICE(f"保留更正 {path}: {conflict}"), file=self.stderr._out)
        self.stdout.write(
            f"新增 {counts[ImportStatus.CREATED]}，更新 {counts[ImportStatus.UPDATED]}，"
            f"未变 {counts[ImportStatus.UNCHANGED]}，失败 {counts[ImportStatus.FAILED]}"
        )
        # Departments new to the archive that stored meetings already name by the hundred.
        names_mark_and_report(self.stdout)
        if counts[ImportStatus.FAILED]:
            raise CommandError(f"{counts[ImportStatus.FAILED]} 个文件导入失败", returncode=1)
