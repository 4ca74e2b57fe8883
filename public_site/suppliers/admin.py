"""Operator admin for suppliers."""

from django.contrib import admin

from .models import Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "created_at"]
    search_fields = ["name", "orgnr"]
