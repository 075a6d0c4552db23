"""The correction admin: meetings and everything in them, departments, and their history."""

from django.contrib import admin

from archive.admin import departments, meetings

admin.site.site_header = "会议纪要档案 · 更正"
admin.site.site_title = "会议纪要档案管理"
admin.site.index_title = "更正工作台"
# The correction pages need the width for the transcript column.
admin.site.enable_nav_sidebar = False

__all__ = ["departments", "meetings"]
