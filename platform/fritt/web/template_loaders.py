"""App template loader that leaves out django-tenants' admin templates."""

from __future__ import annotations

from django.template.loaders import app_directories


class AppDirectoriesWithoutTenantAdminLoader(app_directories.Loader):
    """Django's app-directories loader minus django-tenants' `admin/index.html` and
    `admin/app_list.html`.

    Those overrides read `request.tenant.schema_name`, and the national site (where the admin
    lives) has `request.tenant = None`, so every admin page answered 500. They also carry an
    inline <style> that the Content-Security-Policy refuses. Django's own admin templates are
    used instead.
    """

    def get_dirs(self):
        return [d for d in super().get_dirs() if "django_tenants" not in str(d)]
