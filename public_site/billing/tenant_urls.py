"""URLs of billing on a municipality's site: its invoices, subscription and leaving."""

from django.urls import path

from . import tenant_views

app_name = "billing_tenant"

urlpatterns = [
    path("ansatt/faktura/", tenant_views.invoices, name="invoices"),
    path("ansatt/faktura/<int:pk>/ehf/", tenant_views.invoice_ehf, name="invoice_ehf"),
    path("ansatt/faktura/<int:pk>/pdf/", tenant_views.invoice_pdf, name="invoice_pdf"),
    path("ansatt/abonnement/", tenant_views.subscription, name="subscription"),
    path("ansatt/abonnement/avslutt/", tenant_views.end, name="end"),
    path("ansatt/abonnement/eksport/", tenant_views.export, name="export"),
]
