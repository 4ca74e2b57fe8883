"""URLs of billing on a municipality's site: its invoices."""

from django.urls import path

from . import tenant_views

app_name = "billing_tenant"

urlpatterns = [
    path("ansatt/faktura/", tenant_views.invoices, name="invoices"),
    path("ansatt/faktura/<int:pk>/ehf/", tenant_views.invoice_ehf, name="invoice_ehf"),
    path("ansatt/faktura/<int:pk>/pdf/", tenant_views.invoice_pdf, name="invoice_pdf"),
]
