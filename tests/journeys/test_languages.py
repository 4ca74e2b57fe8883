"""Nynorsk and English reach every main page: the service catalogue, role names and units
come out translated (nothing of the bokmål catalogue is left), dates follow the language, the
refusal pages follow the choice, and a link to another of the platform's sites hands the
choice over (`?lang=`)."""

from __future__ import annotations

import datetime
import html
import json

import pytest
from django.utils import translation
from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.catalogue import names
from public_site.catalogue.models import ServiceType
from public_site.catalogue.services import CATALOGUE_FILE
from tenants.recipients.models import AccessRelation
from tests.factories import (
    approve,
    grant_confirmed,
    make_supplier,
    make_user,
    new_decision,
    new_recipient,
    published,
    site_client,
)

LANGUAGES = ("nn", "en")
ROLE_NAMES = [label for _code, label in Role.choices]


@pytest.fixture
def people(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen, full_name="Olav Officer")
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen, full_name="Cato Case")
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=bergen, full_name="Ada Admin")
    citizen = make_user(full_name="Astrid Berg")
    supplier = make_supplier(orgnr="974760673", name="Språk Omsorg AS")
    supplier_admin = make_user(Role.SUPPLIER_ADMIN, supplier=supplier, full_name="Sara Sjef")
    with tenant_context(bergen):
        scheme = published(by=officer)
        approve(scheme, "Alfa Omsorg AS")
        recipient = new_recipient(case_worker, name="Astrid Berg")
        new_decision(
            case_worker, recipient, ServiceType.objects.get(code="praktisk-bistand"),
            extent_unit="timer per uke",
        )  # fmt: skip
        grant_confirmed(case_worker, recipient, citizen, AccessRelation.SELF)
    return {"officer": officer, "admin": admin, "citizen": citizen, "supplier": supplier_admin}


def _pages(people):
    """(site slug or None, path, user) for the main pages of each kind of visitor."""
    return [
        (None, "/", None),
        (None, "/tjenester/", None),
        (None, "/kunngjoringer/", None),
        (None, "/leverandor/", people["supplier"]),
        (None, "/min-side/", people["supplier"]),
        ("bergen", "/", None),
        ("bergen", "/ordninger/", None),
        ("bergen", "/valg/praktisk-bistand/", None),
        ("bergen", "/min-side/", people["citizen"]),
        ("bergen", "/ansatt/", people["officer"]),
        ("bergen", "/ansatt/brukere/", people["admin"]),
    ]


def _render(slug, path, user, language) -> str:
    client = site_client(slug, user)
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, (slug, path, response.status_code)
    return html.unescape(response.content.decode())


def _bokmaal_terms() -> list[str]:
    """The catalogue's names and descriptions, the role names and the usual units."""
    terms = list(names.NAMES) + list(names.DESCRIPTIONS) + list(names.EXTENT_UNITS)
    return terms + [str(label) for label in ROLE_NAMES]


def test_the_catalogue_messages_are_the_catalogue():
    entries = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    assert [e["name"] for e in entries] == list(names.NAMES)
    assert [e["description"] for e in entries] == list(names.DESCRIPTIONS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_or_role_name_is_left_in_bokmaal(people, language):
    with translation.override("nb"):
        terms = _bokmaal_terms()
    with translation.override(language):
        translated = {term: translation.gettext(term) for term in terms}
    if language == "en":  # nynorsk may rightly share a word with bokmål; English may not
        untranslated = [t for t, tr in translated.items() if t == tr]
        assert untranslated == [], f"{language}: no translation for {untranslated}"
    translated = {t: tr for t, tr in translated.items() if t != tr}

    shown_somewhere, left = 0, []
    for slug, path, user in _pages(people):
        nb_page = _render(slug, path, user, "nb")
        page = _render(slug, path, user, language)
        assert f'lang="{language}"' in page
        for term, wording in translated.items():
            if term in nb_page:
                shown_somewhere += 1
                if term in page:
                    left.append(f"{slug or 'national'}{path}: «{term}»")
                elif wording not in page:
                    left.append(f"{slug or 'national'}{path}: «{wording}» missing")
    assert shown_somewhere >= 15  # the catalogue, a unit and roles are really on these pages
    assert left == [], "\n".join(left)


def test_dates_follow_the_language(people, bergen):
    day = datetime.date(2026, 11, 29)
    expected = {"nb": "29. november 2026", "nn": "29. november 2026", "en": "29 November 2026"}
    for language, text in expected.items():
        assert text in _render("bergen", "/tilgjengelighet/", None, language)
    assert day.strftime("%d/%m/%Y") == "29/11/2026"


@pytest.mark.parametrize(
    ("host", "english"),
    [("nowhere.localhost", "We cannot find this address"), ("voss.localhost", "")],
)
def test_refusal_pages_follow_the_language_choice(db, host, english):
    from tests.factories import SiteClient

    client = SiteClient(host)
    client.cookies["django_language"] = "en"
    page = html.unescape(client.get("/").content.decode())
    assert 'lang="en"' in page
    assert "Vi finner ikke" not in page and "Kommunen er ikke" not in page
    if english:
        assert english in page


def test_a_link_to_a_municipality_hands_the_language_over(people, bergen):
    client = site_client()
    client.cookies["django_language"] = "nn"
    home = client.get("/").content.decode()
    assert "bergen.localhost:8000/?lang=nn" in home or "bergen.localhost/?lang=nn" in home
    # No choice made: no hand-over, bokmål everywhere.
    assert "?lang=" not in site_client().get("/").content.decode()

    arriving = site_client("bergen").get("/?lang=nn")
    assert 'lang="nn"' in arriving.content.decode()
    assert arriving.cookies["django_language"].value == "nn"
    # The cookie now holds the choice on this site, and links back carry it.
    assert "localhost:8000/?lang=nn" in arriving.content.decode()
    assert site_client("bergen").get("/?lang=xx").cookies.get("django_language") is None
