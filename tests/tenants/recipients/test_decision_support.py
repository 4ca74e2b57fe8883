"""The decision-support page: filter by zone and language, compare two or three providers
side by side, phone and e-mail as links, and the municipality's own number."""

import html

from django_tenants.utils import tenant_context

from tenants.schemes import services as scheme_services
from tests.factories import site_client

URL = "/valg/praktisk-bistand/"


def _page(query: str = "") -> str:
    response = site_client("bergen").get(URL + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _listed(page: str) -> set[str]:
    names = {"Alfa Omsorg AS", "Beta Hjemmehjelp AS", "Gamma Assistanse AS", "Kommunal egenregi"}
    providers = page.split('<ul class="providers">', 1)[1].split("</ul>", 1)[0]
    return {n for n in names if n in providers}


def test_filter_by_zone_keeps_those_serving_it_and_the_municipality(world):
    everyone = _listed(_page())
    assert len(everyone) == 4
    # Beta serves Arna only: gone in Fana, there in Arna.
    assert _listed(_page(f"?sone={world['fana'].pk}")) == everyone - {"Beta Hjemmehjelp AS"}
    assert _listed(_page(f"?sone={world['arna'].pk}")) == everyone
    # An unknown zone is no filter at all (never a 500 or an empty page).
    assert _listed(_page("?sone=999999999999999999999")) == everyone


def test_filter_by_language_spoken(world, bergen):
    with tenant_context(bergen):
        world["b"].languages = "norsk, arabisk"
        world["b"].save(update_fields=["languages"])
    page = _page()
    assert '<option value="arabisk"' in page and '<option value="polsk"' in page
    assert _listed(_page("?sprak=arabisk")) == {"Beta Hjemmehjelp AS"}
    assert _listed(_page("?sprak=polsk")) == {"Alfa Omsorg AS", "Gamma Assistanse AS"}
    assert "1 leverandør passer" in _page("?sprak=arabisk")
    assert len(_listed(_page("?sprak=klingon"))) == 4


def test_two_or_three_providers_side_by_side(world):
    a, c = str(world["a"].pk), str(world["c"].pk)
    page = _page(f"?sammenlign={a}&sammenlign={c}")
    table = page.split('id="sammenligning"', 1)[1].split("</table>", 1)[0]
    assert "Alfa Omsorg AS" in table and "Gamma Assistanse AS" in table
    assert "Beta Hjemmehjelp AS" not in table
    assert f'value="{a}" id' in page and "checked" in page
    three = _page(f"?sammenlign={a}&sammenlign={c}&sammenlign=kommunal")
    assert "Kommunal egenregi" in three.split('id="sammenligning"', 1)[1].split("</table>")[0]
    for too_few_or_many in (f"?sammenlign={a}", f"?sammenlign={a}&sammenlign={c}&sammenlign="
                            f"{world['b'].pk}&sammenlign=kommunal"):  # fmt: skip
        page = _page(too_few_or_many)
        assert 'id="sammenligning"' not in page
        assert "to eller tre leverandører" in page


def test_phone_and_email_are_links_and_the_municipality_gives_its_number(world, bergen, officer):
    with tenant_context(bergen):
        scheme_services.update_scheme(
            scheme=world["scheme"], by=officer, contact_phone="55 56 55 56"
        )
        world["a"].contact_email = "post@alfa.example"
        world["a"].save(update_fields=["contact_email"])
    page = _page()
    assert 'href="tel:55112233"' in page  # the suppliers' phone (55 11 22 33)
    assert 'href="mailto:post@alfa.example"' in page
    contact = page.split('id="kommunen-kontakt"', 1)[1].split("</section>", 1)[0]
    assert "Bergen kommune" in contact
    assert 'href="tel:55565556"' in contact and 'href="mailto:kari@kommune.example"' in contact


def test_the_stylesheet_prints_the_content_alone():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.ROOT_DIR) / "platform/fritt/web/static/fritt/site.css").read_text()
    printed = css.split("@media print", 1)[1]
    assert ".site-header" in printed and ".no-print" in printed and "break-inside" in printed
