"""The municipality registry: 357 municipalities, 15 counties, valid numbers, clear errors."""

import csv

import pytest
from django.core.exceptions import ValidationError
from stdnum.no import orgnr

from tenants.municipalities.models import County, Municipality
from tenants.municipalities.selectors import get_by_kommunenummer
from tenants.municipalities.services import DATA_DIR, norwegian_slug, sync_registry


def test_registry_has_every_municipality_and_county(db):
    assert Municipality.registry.count() == 357
    assert County.objects.count() == 15
    per_county = {c.number: c.municipalities.count() for c in County.objects.all()}
    with open(DATA_DIR / "fylker.csv", encoding="utf-8") as fh:
        expected = {row["fylkesnummer"]: int(row["antall_kommuner"]) for row in csv.DictReader(fh)}
    assert per_county == expected


def test_every_given_orgnr_has_a_valid_checksum(db):
    numbers = list(Municipality.registry.exclude(orgnr="").values_list("orgnr", flat=True))
    assert len(numbers) == 356  # Haram (1580) has none in the source data
    assert all(orgnr.is_valid(n) for n in numbers)
    assert Municipality.registry.get(kommunenummer="1580").orgnr == ""


def test_kommunenummer_prefix_matches_county(db):
    for m in Municipality.registry.all():
        assert m.kommunenummer[:2] == m.county_id


def test_slugs_are_unique_and_name_twins_carry_their_county(db):
    slugs = list(Municipality.registry.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert Municipality.registry.get(kommunenummer="1515").slug == "heroy-more-og-romsdal"
    assert Municipality.registry.get(kommunenummer="1818").slug == "heroy-nordland"
    assert Municipality.registry.get(kommunenummer="1804").slug == "bodo"


def test_sami_names_are_kept_beside_the_norwegian_name(db):
    kautokeino = Municipality.registry.get(kommunenummer="5612")
    assert kautokeino.name == "Guovdageaidnu"
    assert kautokeino.name_norwegian == "Kautokeino"
    assert kautokeino.sami_area is True
    assert kautokeino.display_name == "Kautokeino (Guovdageaidnu) kommune"
    assert Municipality.registry.filter(sami_area=True).count() == 13


def test_sync_is_idempotent_and_keeps_provisioning_state(db):
    bergen = Municipality.registry.get(kommunenummer="4601")
    result = sync_registry()
    assert result.created == 0 and result.municipalities == 357
    again = Municipality.registry.get(kommunenummer="4601")
    assert again.lifecycle == bergen.lifecycle
    assert again.schema_name == "k4601"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("46x1", "Kommunenummer må være fire siffer"),
        ("460", "Kommunenummer må være fire siffer"),
        ("9901", "hører ikke til noe fylke"),
        ("4699", "Ukjent kommunenummer: 4699"),
    ],
)
def test_bad_kommunenummer_gives_a_clear_norwegian_error(db, value, message):
    with pytest.raises(ValidationError) as exc:
        get_by_kommunenummer(value)
    assert message in " ".join(exc.value.messages)


def test_norwegian_slug():
    assert norwegian_slug("Aurskog-Høland") == "aurskog-holand"
    assert norwegian_slug("Våler") == "valer"
    assert norwegian_slug("Ærøy Ås") == "aeroy-as"
