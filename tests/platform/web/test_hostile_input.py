"""Hostile and absurd input gets a clear 400 (an HTML page, or a JSON problem on the API), never
a 500: NUL bytes anywhere in a query or a form, absurd page sizes and offsets, ids that are not
numbers, out-of-range numbers, and actions on things that do not exist yet."""

from __future__ import annotations

import pytest

from fritt.accounts.roles import Role
from fritt.accounts.services import issue_api_token
from public_site.applying import services as apply_once
from tenants.applications.services import PartRequest
from tests.factories import COMMON, make_user, site_client

# Uploads go to the test's own folder, as for the apply-once tests this builds on.
pytestmark = pytest.mark.usefixtures("media")

HUGE = str(2**63 + 1)


@pytest.fixture
def hostile(bergen, supplier, supplier_admin, firmaattest, bergen_announcement):  # noqa: F811
    """A supplier with one application part in Bergen that has no approval yet, and a client
    for every role the probes need."""
    envelope = apply_once.submit_envelope(
        supplier=supplier, by=supplier_admin, common_answers=COMMON,
        parts=[(bergen_announcement, PartRequest(scheme_id=0, document_ids=[firmaattest.pk]))],
    )  # fmt: skip
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    return {
        "supplier": supplier,
        "part": envelope.parts.get(),
        "announcement": bergen_announcement,
        "firmaattest": firmaattest,
        "national": site_client(),
        "supplier_client": site_client(None, supplier_admin),
        "officer": site_client("bergen", make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)),
        "admin": site_client("bergen", make_user(Role.MUNICIPAL_ADMIN, municipality=bergen)),
        "case_worker": site_client("bergen", case_worker),
        "token": issue_api_token(user=case_worker).secret,
    }


# (who, method, path, data): `{s}` is the supplier's id, `{p}` the part's, `{a}` the announcement's.
PROBES = [
    # NUL bytes in the national search, its feed, the municipality list and the open API.
    ("national", "get", "/kunngjoringer/?q=%00", None),
    ("national", "get", "/kunngjoringer/?kommune=bergen%00", None),
    ("national", "get", "/kunngjoringer/?tjeneste=%00", None),
    ("national", "get", "/kunngjoringer/?fylke=46%00", None),
    ("national", "get", "/kunngjoringer/feed/?q=%00", None),
    ("national", "get", "/kunngjoringer/feed/?kommune=%00", None),
    ("national", "get", "/kommuner/?q=%00", None),
    ("national", "get", "/kommuner/?fylke=%00", None),
    ("national", "get", "/api/v1/kunngjoringer/?q=%00", None),
    ("national", "get", "/api/v1/kunngjoringer/?kommune=%00", None),
    ("national", "get", "/api/v1/kommuner/?county=%00", None),
    ("national", "get", "/api/v1/kommuner/4601%00/", None),
    ("national", "post", "/leverandor/registrer/", {"orgnr": "9123\x0045602"}),
    # Page sizes and offsets beyond any database's integers.
    ("national", "get", f"/api/v1/kunngjoringer/?limit={HUGE}", None),
    ("national", "get", f"/api/v1/kunngjoringer/?offset={HUGE}", None),
    ("national", "get", f"/api/v1/kommuner/?limit={HUGE}", None),
    ("national", "get", f"/api/v1/kommuner/?offset={HUGE}", None),
    ("national", "get", "/api/v1/kommuner/?limit=-1", None),
    ("national", "get", "/api/v1/kommuner/?offset=abc", None),
    # The supplier's pages: search, chosen ids, saved searches, parts without an approval.
    ("supplier_client", "get", "/leverandor/{s}/sok/?q=%00", None),
    ("supplier_client", "get", "/leverandor/{s}/sok/?kommune=%00", None),
    ("supplier_client", "get", "/leverandor/{s}/sok/?k=%C2%B2", None),
    ("supplier_client", "get", "/leverandor/{s}/sok/skjema/?k=%C2%B2", None),
    ("supplier_client", "get", f"/leverandor/{{s}}/sok/skjema/?k={HUGE}", None),
    ("supplier_client", "post", "/leverandor/lagrede-sok/", {"name": "Søk", "q": "a\x00b"}),
    ("supplier_client", "post", "/leverandor/lagrede-sok/", {"name": "Søk", "kommune": "\x00"}),
    ("supplier_client", "post", "/leverandor/{s}/soknader/{p}/fakta/",
     {"languages": "norsk", "staff_competence": "Helsefagarbeidere"}),
    ("supplier_client", "post", "/leverandor/{s}/soknader/{p}/avslutt/", {"reasons": "Slutt"}),
    ("supplier_client", "post", "/leverandor/{s}/soknader/{p}/suppler/", {"message": "\x00"}),
    # The officer's inbox and approvals filters.
    ("officer", "get", "/ansatt/soknader/?status=%00", None),
    ("officer", "get", "/ansatt/godkjenninger/?status=%00", None),
    # The access log's filters: NUL, ids that are not numbers, ids beyond any integer column.
    ("admin", "get", "/ansatt/tilgangslogg/?mottaker=%00", None),
    ("admin", "get", "/ansatt/tilgangslogg/?mottaker=abc", None),
    ("admin", "get", "/ansatt/tilgangslogg/?mottaker=%C2%B2", None),
    ("admin", "get", f"/ansatt/tilgangslogg/?mottaker={HUGE}", None),
    ("admin", "get", "/ansatt/tilgangslogg/?bruker=%C2%B2", None),
    ("admin", "get", "/ansatt/tilgangslogg/?dato=%00", None),
    # The case worker's register, export, complaints and the recipient API.
    ("case_worker", "get", "/ansatt/mottakere/?q=%00", None),
    ("case_worker", "get", "/ansatt/mottakere/eksport.csv?q=%00", None),
    ("case_worker", "get", "/ansatt/klager-og-avvik/?leverandor=%C2%B2", None),
    ("case_worker", "get", f"/ansatt/klager-og-avvik/?leverandor={HUGE}", None),
    ("case_worker", "post", "/ansatt/klager-og-avvik/",
     {"kind": "complaint", "provider": "kommunal", "received_on": "2026-01-05",
      "description": "Kom ikke.", "recipient": "abc"}),
    ("case_worker", "post", "/ansatt/klager-og-avvik/",
     {"kind": "complaint", "provider": "kommunal", "received_on": "2026-01-05",
      "description": "Kom ikke.", "recipient": HUGE}),
    ("case_worker", "get", "/api/v1/mottakere/?q=%00", None),
    ("case_worker", "get", f"/api/v1/mottakere/?limit={HUGE}", None),
]  # fmt: skip


def _send(hostile, who, method, path, data):
    client = hostile[who]
    client.raise_request_exception = False
    path = path.format(s=hostile["supplier"].pk, p=hostile["part"].pk, a=hostile["announcement"].pk)
    if method == "get":
        return client.get(path)
    return client.post(path, data)


@pytest.mark.parametrize(("who", "method", "path", "data"), PROBES)
def test_hostile_input_is_a_clear_400(hostile, who, method, path, data):
    response = _send(hostile, who, method, path, data)
    assert response.status_code == 400, (response.status_code, response.content[:300])
    if path.startswith("/api/"):
        assert response["Content-Type"].startswith("application/")
        assert response.json()
    else:
        assert "text/html" in response["Content-Type"]
        assert "Ugyldig forespørsel" in response.content.decode()
