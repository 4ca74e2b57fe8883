"""URLs of the national announcement pages and feed."""

from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    path("kunngjoringer/", views.announcement_list, name="list"),
    path("kunngjoringer/feed/", views.AnnouncementFeed(), name="feed"),
    path("kunngjoringer/<int:pk>/", views.announcement_detail, name="detail"),
    path("kommuner/<slug:slug>/", views.municipality_page, name="municipality"),
]
