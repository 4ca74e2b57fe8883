"""The test world itself: registry loaded and the test municipalities provisioned."""

from tenants.municipalities.models import Municipality


def test_registry_and_test_municipalities(db):
    assert Municipality.registry.count() == 357
    assert set(Municipality.objects.values_list("slug", flat=True)) == {
        "bergen", "trondheim", "eidfjord", "ulvik",
    }  # fmt: skip
