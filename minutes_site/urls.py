from django.contrib import admin
from django.urls import include, path

from archive.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("archive.open_data_urls")),
    path("", include("archive.urls")),
]
