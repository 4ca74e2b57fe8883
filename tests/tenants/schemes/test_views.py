"""The officer's scheme pages and the public scheme pages on a municipality's site."""

from django_tenants.utils import tenant_context

from fritt.accounts.roles import Role
from public_site.announcements.models import Announcement
from public_site.catalogue.models import ServiceType
from tenants.schemes.models import Scheme, SchemeStatus
from tests.factories import COMPLETE, complete_draft, make_user, site_client


def test_officer_creates_completes_and_publishes_through_the_pages(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    client = site_client("bergen", officer)
    form = {
        "service_type": ServiceType.objects.get(code="avlastning").pk,
        "title": "Avlastning i Bergen",
        "default_provider_rule": "municipal",
        "covers_whole_municipality": "on",
        "allows_capacity_cap": "on",
        **COMPLETE,
    }
    response = client.post("/ansatt/ordninger/ny/", form)
    assert response.status_code == 302
    with tenant_context(bergen):
        scheme = Scheme.objects.get(title="Avlastning i Bergen")
    url = f"/ansatt/ordninger/{scheme.pk}/"
    page = client.get(url).content.decode()
    assert "Dette mangler før ordningen kan kunngjøres" in page

    refused = client.post(f"{url}status/kunngjor/", follow=True).content.decode()
    assert "kan ikke kunngjøres før dette er fylt ut" in refused

    client.post(f"{url}vilkar/", {"text": "Skatteattest", "document_type": "skatteattest"})
    client.post(
        f"{url}satser/",
        {"unit": "day", "variant": "all", "amount": "1450", "valid_from": "2026-01-01"},
    )
    done = client.post(f"{url}status/kunngjor/", follow=True).content.decode()
    assert "Ordningen er kunngjort" in done
    with tenant_context(bergen):
        scheme.refresh_from_db()
        assert scheme.status == SchemeStatus.PUBLISHED
    assert Announcement.objects.filter(host=bergen, title="Avlastning i Bergen").exists()

    public = site_client("bergen").get(f"/ordninger/{scheme.pk}/")
    assert public.status_code == 200 and "1450.00 kr" in public.content.decode()


def test_bad_rate_input_gets_a_norwegian_error(bergen):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    with tenant_context(bergen):
        scheme = complete_draft(by=officer)
    response = site_client("bergen", officer).post(
        f"/ansatt/ordninger/{scheme.pk}/satser/",
        {"unit": "hour", "variant": "all", "amount": "-5", "valid_from": "2026-01-01"},
        follow=True,
    )
    assert "større enn eller lik 0" in response.content.decode()


def test_drafts_are_not_public_and_staff_pages_are_closed(bergen, trondheim):
    officer = make_user(Role.MUNICIPAL_OFFICER, municipality=bergen)
    with tenant_context(bergen):
        draft = complete_draft(by=officer, title="Hemmelig utkast")
    assert site_client("bergen").get(f"/ordninger/{draft.pk}/").status_code == 404
    assert "Hemmelig utkast" not in site_client("bergen").get("/ordninger/").content.decode()
    case_worker = make_user(Role.CASE_WORKER, municipality=bergen)
    assert site_client("bergen", case_worker).get("/ansatt/ordninger/").status_code == 403
    trondheim_officer = make_user(Role.MUNICIPAL_OFFICER, municipality=trondheim)
    client = site_client("bergen", trondheim_officer)
    assert client.get("/ansatt/ordninger/").status_code == 403
    assert client.post(f"/ansatt/ordninger/{draft.pk}/status/kunngjor/").status_code == 403
