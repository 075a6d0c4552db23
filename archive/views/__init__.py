"""Public pages: thin views that select, filter and render."""

from archive.views.dates import archive_index, archive_month, archive_year
from archive.views.departments import department_detail, department_list
from archive.views.home import home
from archive.views.meetings import MeetingListView, meeting_detail
from archive.views.people import person_detail, person_list
from archive.views.search import search

__all__ = [
    "MeetingListView",
    "archive_index",
    "archive_month",
    "archive_year",
    "department_detail",
    "department_list",
    "home",
    "meeting_detail",
    "person_detail",
    "person_list",
    "search",
]
