"""Operator admin for the service catalogue."""

from django.contrib import admin

from .models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_unit", "is_health_service"]

    def has_delete_permission(self, request, obj=None):
        # Schemes and decisions in municipalities' schemas refer to service types, and Django's
        # delete collector (run in the public schema) cannot see those tables: the page was a
        # 500. The catalogue is synced from its data file.
        return False
