"""Parse stored transcripts again, so that parser improvements reach meetings already imported."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.load import ImportStatus, meeting_reparse
from archive.models import Meeting


class Command(BaseCommand):
    help = (
        "用当前的解析程序重新解析已入库会议的原文，更新解析结果；编辑的更正保留不变。"
        "解析结果未变的会议不作任何写入。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "meeting_ids", nargs="*", type=int, metavar="ID", help="会议 ID；不给则处理全部会议"
        )
        parser.add_argument("--dry-run", action="store_true", help="只报告会有哪些变化，不写入")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, meeting_ids: list[int], dry_run: bool = False, **options):
        meetings = Meeting.objects.order_by("date", "pk")
        if meeting_ids:
            meetings = meetings.filter(pk__in=meeting_ids)
        ids = list(meetings.values_list("pk", flat=True))
        missing = sorted(set(meeting_ids) - set(ids))
        if missing:
            raise CommandError(f"没有这些 ID 的会议：{'、'.join(map(str, missing))}")
        counts = dict.fromkeys(ImportStatus, 0)
        out = self.stderr._out
        bar = tqdm(ids, unit="份", disable=options["no_progress"] or None, file=out)
        for meeting_id in bar:
            result = meeting_reparse(meeting_id=meeting_id, dry_run=dry_run)
            counts[result.status] += 1
            name = f"{result.path}（ID {meeting_id}）"
            if result.status is ImportStatus.FAILED:
                bar.write(self.style.ERROR(f"失败 {name}: {result.message}"), file=out)
                continue
            if result.status is ImportStatus.UPDATED:
                bar.write(f"{'将更新' if dry_run else '已更新'} {name}", file=out)
                for warning in result.warnings:
                    bar.write(self.style.WARNING(f"警告 {name}: {warning}"), file=out)
            for conflict in result.conflicts:
                bar.write(self.style.NOTICE(f"保留更正 {name}: {conflict}"), file=out)
        summary = (
            f"重新解析 {len(ids)} 份：更新 {counts[ImportStatus.UPDATED]}，"
            f"未变 {counts[ImportStatus.UNCHANGED]}，失败 {counts[ImportStatus.FAILED]}"
        )
        self.stdout.write(summary + ("（试运行，未写入）" if dry_run else ""))
        if counts[ImportStatus.FAILED]:
            raise CommandError(f"{counts[ImportStatus.FAILED]} 份会议重新解析失败", returncode=1)
