"""Compute the archive-wide counts the public pages show, outside any request's time limit."""

from django.core.management.base import BaseCommand

from archive.aggregates import aggregates_refresh


class Command(BaseCommand):
    help = "重新计算首页、部门列表和筛选项所用的全档案统计并写入缓存（大批量导入后运行）。"

    def handle(self, *args, **options):
        names = aggregates_refresh()
        self.stdout.write(f"已计算 {len(names)} 项统计：{'、'.join(names)}")
