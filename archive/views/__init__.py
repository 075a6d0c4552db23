"""Public pages: thin views that select, filter and render."""

from archive.views.departments import department_detail
from archive.views.meetings import MeetingListView, meeting_detail
from archive.views.search import search, search_api

__all__ = ["MeetingListView", "department_detail", "meeting_detail", "search", "search_api"]
