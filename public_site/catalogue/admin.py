"""Operator admin for the service catalogue."""

from django.contrib import admin

from .models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_unit", "is_health_service"]
