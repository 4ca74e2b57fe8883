"""Operator admin for the registry (read-mostly; provisioning goes through the service)."""

from django.contrib import admin

from .models import County, Domain, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "population"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["kommunenummer", "name_norwegian", "county", "population", "lifecycle"]
    list_filter = ["lifecycle", "county", "maalform", "sami_area"]
    search_fields = ["kommunenummer", "name", "name_norwegian"]
    readonly_fields = ["schema_name", "lifecycle", "provisioned_at"]

    def has_delete_permission(self, request, obj=None):
        # Municipalities' schemas refer to these rows, and Django's delete collector (run in the
        # public schema) cannot see those tables: the page was a 500. The registry is synced
        # from the data file; a municipality is never deleted here.
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
