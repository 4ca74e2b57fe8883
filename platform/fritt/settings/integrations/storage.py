"""Uploaded files: local folders per schema by default, S3 (django-storages) with a bucket."""

from pathlib import Path

from ..env import env_str
from ..paths import DATA_DIR

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "eu-north-1")
AWS_DEFAULT_ACL = None
AWS_S3_FILE_OVERWRITE = False
AWS_QUERYSTRING_AUTH = True
# Static files are served from the image by WhiteNoise; production swaps in the manifest
# storage (`production.py`), which needs `collectstatic` first.
STORAGES = {
    "default": {
        "BACKEND": "fritt.files.storage.TenantS3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "fritt.files.storage.TenantFileSystemStorage"
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
