"""URLs for recipients on a municipality's site."""

from django.urls import path

from . import views
from .api_urls import urlpatterns as api_urlpatterns

app_name = "recipients"

urlpatterns = [
    path("ansatt/mottakere/", views.recipient_list, name="list"),
    path("ansatt/mottakere/ny/", views.recipient_create, name="create"),
    path("ansatt/mottakere/eksport.csv", views.recipient_export, name="export"),
    path("ansatt/mottakere/import/", views.import_page, name="import"),
    path("ansatt/mottakere/import/mal.csv", views.import_template, name="import_template"),
    path("ansatt/mottakere/import/eksempel.csv", views.import_example, name="import_example"),
    path("ansatt/mottakere/<int:pk>/", views.recipient_detail, name="detail"),
    path("ansatt/mottakere/<int:pk>/endre/", views.edit_recipient, name="edit"),
    path("ansatt/mottakere/<int:pk>/min-side/", views.online_access, name="online_access"),
    path("ansatt/mottakere/<int:pk>/vedtak/", views.add_decision, name="add_decision"),
    path("ansatt/mottakere/<int:pk>/kontakter/", views.add_contact, name="add_contact"),
    path(
        "ansatt/mottakere/<int:pk>/vedtak/<int:decision_pk>/velg/",
        views.choose_on_behalf,
        name="choose",
    ),
    path("ansatt/klager-og-avvik/", views.case_list, name="cases"),
    path("ansatt/klager-og-avvik/<int:pk>/", views.case_detail, name="case"),
    path("ansatt/tilgangslogg/", views.access_log, name="access_log"),
    path("ansatt/tilgangslogg/eksport.csv", views.access_log_export, name="access_log_export"),
    path("oppdrag/", views.supplier_assignments_page, name="assignments"),
    path("valg/<slug:code>/", views.decision_support, name="decision_support"),
    path("min-side/", views.my_page, name="my_page"),
    path("min-side/bekreft/<int:pk>/", views.confirm_access, name="confirm_access"),
    path("min-side/<int:pk>/vedtak/<int:decision_pk>/velg/", views.my_choice, name="my_choice"),
    path(
        "min-side/<int:pk>/vedtak/<int:decision_pk>/angre-bytte/",
        views.cancel_switch,
        name="cancel_switch",
    ),
    path("min-side/<int:pk>/innsyn/", views.who_viewed, name="who_viewed"),
    path("min-side/<int:pk>/avvik/", views.report_deviation, name="report_deviation"),
]

urlpatterns += api_urlpatterns
