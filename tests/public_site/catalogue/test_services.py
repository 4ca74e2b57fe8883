"""The national service catalogue, loaded from the file bundled with the app."""

import json

from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import CATALOGUE_FILE, sync_catalogue


def test_sync_keeps_every_service_type_in_the_files_order_and_is_idempotent(db):
    codes = [entry["code"] for entry in json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))]
    assert sync_catalogue() == len(codes)
    assert sync_catalogue() == len(codes)
    assert list(ServiceType.objects.values_list("code", flat=True)) == codes
