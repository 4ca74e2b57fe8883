"""A claim to an org.nr: whoever registers first waits for an operator's confirmation before
the account may apply; a false claim is removed so the organisation can register itself."""

import pytest
from django.core.exceptions import PermissionDenied

from fritt.accounts.roles import Role
from public_site.applying import services as apply_once
from public_site.suppliers import services
from public_site.suppliers.models import Supplier
from tenants.applications.services import PartRequest
from tests.factories import COMMON, announce, make_user, site_client


def test_a_claim_to_an_org_nr_waits_for_an_operator(register_server, bergen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    announcement = announce(bergen, officer)
    claimant = make_user(full_name="Kari Krav")
    supplier = services.register_supplier(orgnr="912 345 602", admin=claimant)
    assert supplier.register_status == "verified" and not supplier.claim_confirmed
    with pytest.raises(apply_once.ApplyError) as refused:
        apply_once.submit_envelope(
            supplier=supplier, by=claimant, common_answers=COMMON,
            parts=[(announcement, PartRequest(scheme_id=0, document_ids=[]))],
        )  # fmt: skip
    assert refused.value.error.code == "claim_pending"
    # Only an operator confirms, from /drift/.
    with pytest.raises(PermissionDenied):
        services.confirm_claim(supplier=supplier, by=claimant)
    operator = make_user(Role.PLATFORM_OPERATOR)
    page = site_client(None, operator).get("/drift/").content.decode()
    assert supplier.name in page and "Kari Krav" in page
    response = site_client(None, operator).post(f"/drift/leverandorer/{supplier.pk}/bekreft/")
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.claim_confirmed and supplier.claim_confirmed_by == operator


def test_an_operator_rejects_a_false_claim(db):
    supplier = Supplier.objects.create(orgnr="912345637", name="Falsk Krav AS")
    operator = make_user(Role.PLATFORM_OPERATOR)
    site_client(None, operator).post(f"/drift/leverandorer/{supplier.pk}/avvis/")
    assert not Supplier.objects.filter(pk=supplier.pk).exists()
