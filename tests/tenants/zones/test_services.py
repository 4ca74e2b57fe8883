"""Zones: a municipality names its own zones, each name once."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.zones.errors import ZoneError
from tenants.zones.services import create_zone


def test_a_zone_needs_a_name_of_its_own(bergen):
    with tenant_context(bergen):
        zone = create_zone(name="  Arna ", description=" Nord for sentrum ")
        assert (zone.name, zone.description) == ("Arna", "Nord for sentrum")
        with pytest.raises(ValidationError) as empty:
            create_zone(name="   ")
        assert empty.value.code == ZoneError.REQUIRED
        with pytest.raises(ValidationError) as twin:
            create_zone(name="arna")
        assert twin.value.code == ZoneError.DUPLICATE_ZONE
