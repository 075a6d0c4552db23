from django.core.management.base import BaseCommand

from archive.search.dictionary import segmenter_reset
from archive.search.index import search_index_rebuild


class Command(BaseCommand):
    help = "重建全文检索索引（全部会议），并按数据库中的部门、人名、文件名重新建立分词词典。"

    def handle(self, *args, **options):
        segmenter_reset()
        count = search_index_rebuild()
        self.stdout.write(f"已重建 {count} 次会议的检索索引")
