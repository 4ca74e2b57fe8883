"""Server-rendered forms on Designsystemet: every visible field carries its class, and a form
with errors opens with one error summary (focused) that links to each field."""

import re

from fritt.accounts.roles import Role
from tests.factories import make_user, site_client


def test_fields_have_designsystemet_classes_and_errors_are_summarised(bergen):
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    client = site_client("bergen", case_worker)
    blank = client.get("/ansatt/mottakere/ny/").content.decode()
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", blank)
    visible = [f for f in fields if 'type="hidden"' not in f]
    assert visible and all('class="ds-input"' in f for f in visible), visible
    page = client.post("/ansatt/mottakere/ny/", {"full_name": ""}).content.decode()
    assert page.count('class="ds-error-summary"') == 1
    summary = page[
        page.index("ds-error-summary") : page.index("</div>", page.index("ds-error-summary"))
    ]
    assert (
        "autofocus"
        in page[page.index("ds-error-summary") - 40 : page.index("ds-error-summary") + 80]
    )
    for field in ("full_name", "fnr", "address", "postcode", "postplace"):
        assert f'href="#id_{field}"' in summary


def test_the_application_form_fills_the_contact_person_from_the_account(
    bergen_announcement, supplier, supplier_admin
):
    page = (
        site_client(None, supplier_admin)
        .get(f"/leverandor/{supplier.pk}/sok/skjema/?k={bergen_announcement.pk}")
        .content.decode()
    )
    assert f'value="{supplier_admin.email}"' in page
    assert f'value="{supplier_admin.full_name}"' in page
