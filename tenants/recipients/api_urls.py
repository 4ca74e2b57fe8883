"""The API for municipal systems on a municipality's site (/api/v1/mottakere/), also listed
by the one OpenAPI document."""

from django.urls import path

from . import api, api_assignments, api_import

urlpatterns = [
    path("api/v1/mottakere/", api.RecipientListCreate.as_view(), name="api-recipients"),
    path(
        "api/v1/mottakere/med-leverandor/",
        api_import.RegisterWithProvider.as_view(),
        name="api-recipient-with-provider",
    ),
    path("api/v1/mottakere/import/", api_import.ImportCases.as_view(), name="api-import"),
    path("api/v1/mottakere/sok/", api.RecipientSearch.as_view(), name="api-recipient-search"),
    path("api/v1/mottakere/<int:pk>/", api.RecipientDetail.as_view(), name="api-recipient"),
    path("api/v1/mottakere/<int:pk>/vedtak/", api.DecisionCreate.as_view(), name="api-decisions"),
    path("api/v1/tildelinger/", api_assignments.AssignmentList.as_view(), name="api-assignments"),
    path("api/v1/vedtak/<int:pk>/", api.DecisionDetail.as_view(), name="api-decision"),
    path("api/v1/vedtak/<int:pk>/avslutt/", api.DecisionEnd.as_view(), name="api-decision-end"),
    path(
        "api/v1/vedtak/<int:pk>/annuller/", api.DecisionAnnul.as_view(), name="api-decision-annul"
    ),
]
