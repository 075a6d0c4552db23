from django.core.management.base import BaseCommand

from archive.management.commands.mark_search_names import names_mark_and_report
from archive.models import Meeting
from archive.search.dictionary import segmenter_reset
from archive.search.index import search_index_rebuild
from archive.search.names import names_sync


class Command(BaseCommand):
    help = "重建全文检索索引（全部会议），并按数据库中的部门、人名、文件名重新建立分词词典。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="只为尚无索引的会议建立索引（例如升级后首次启用检索）",
        )

    def handle(self, *args, missing: bool = False, **options):
        segmenter_reset()
        # Any name of the archive not registered yet (a department written without its model's
        # save, people stored before people's names were registered): every row about to be
        # written again marks it.
        names_sync(mark=False)
        meetings = Meeting.objects.filter(passages__isnull=True).distinct() if missing else None
        count = search_index_rebuild(meetings=meetings)
        self.stdout.write(f"已重建 {count} 次会议的检索索引")
        names_mark_and_report(self.stdout)
