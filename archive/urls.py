from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("search/", views.search, name="search"),
    path("api/search", views.search_api, name="search_api"),
]
