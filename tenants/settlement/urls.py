"""URLs for delivered service and settlement on a municipality's site."""

from django.urls import path

from . import views
from .api_urls import urlpatterns as api_urlpatterns

app_name = "settlement"

urlpatterns = [
    path("oppdrag/timer/", views.supplier_month, name="supplier_month"),
    path("oppdrag/timer/last-opp/", views.supplier_upload, name="supplier_upload"),
    path("oppdrag/timer/mal.csv", views.supplier_template, name="supplier_template"),
    path("oppdrag/timer/oppgjor.csv", views.supplier_statement_csv, name="supplier_csv"),
    path("oppdrag/timer/oppgjor.pdf", views.supplier_statement_pdf, name="supplier_pdf"),
    path("ansatt/egenregi/timer/", views.municipal_month, name="municipal_month"),
    path("ansatt/oppgjor/", views.month_list, name="months"),
    path("ansatt/oppgjor/<int:pk>/", views.report_detail, name="report"),
    path("ansatt/oppgjor/<int:pk>/oppgjor.csv", views.report_csv, name="report_csv"),
    path("ansatt/oppgjor/<int:pk>/oppgjor.pdf", views.report_pdf, name="report_pdf"),
]

urlpatterns += api_urlpatterns
