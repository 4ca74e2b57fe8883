"""Storage backends that put every file under the current schema's own prefix."""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from storages.backends.s3 import S3Storage


def schema_prefix() -> str:
    """'public' for national files, 'k4601' for Bergen's: decided per call, never cached."""
    return connection.schema_name or "public"


class TenantFileSystemStorage(FileSystemStorage):
    """Local files under MEDIA_ROOT/<schema>/."""

    @property
    def base_location(self):
        return posixpath.join(str(settings.MEDIA_ROOT), schema_prefix())

    @property
    def location(self):
        return self.base_location

    @property
    def base_url(self):
        return f"{settings.MEDIA_URL}{schema_prefix()}/"


class TenantS3Storage(S3Storage):
    """S3 keys under <AWS_LOCATION>/<schema>/; URLs are signed, files private."""

    default_acl = None
    querystring_auth = True

    @property
    def location(self):
        base = getattr(settings, "AWS_LOCATION", "")
        return posixpath.join(base, schema_prefix()) if base else schema_prefix()

    @location.setter
    def location(self, value):
        # S3Storage sets `location` from settings in __init__; the prefix is computed per call.
        pass


class NationalFileSystemStorage(TenantFileSystemStorage):
    """Always under 'public/': national files (supplier documents) read the same from any site."""

    @property
    def base_location(self):
        return posixpath.join(str(settings.MEDIA_ROOT), "public")

    @property
    def base_url(self):
        return f"{settings.MEDIA_URL}public/"


class NationalS3Storage(TenantS3Storage):
    @property
    def location(self):
        base = getattr(settings, "AWS_LOCATION", "")
        return posixpath.join(base, "public") if base else "public"

    @location.setter
    def location(self, value):
        pass


def national_storage():
    """The storage for national files, chosen like the default one (S3 when a bucket is set)."""
    if settings.AWS_STORAGE_BUCKET_NAME:
        return NationalS3Storage()
    return NationalFileSystemStorage()
