"""The Enhetsregisteret client against a local server answering in the API's documented shape."""

from public_site.suppliers import brreg
from public_site.suppliers.brreg import LookupStatus


def test_found_unit_is_parsed(register_server):
    result = brreg.lookup("912345602")
    assert result.status == LookupStatus.FOUND
    assert result.data.name == "OMSORG VEST AS"
    assert result.data.organisation_form == "Aksjeselskap"
    assert (result.data.address, result.data.postcode, result.data.postplace) == (
        "Strandgaten 1", "5003", "BERGEN",
    )  # fmt: skip
    assert not result.data.bankrupt
    assert register_server.paths == ["/enhetsregisteret/api/enheter/912345602"]


def test_status_flags(register_server):
    assert brreg.lookup("912345610").data.bankrupt
    assert brreg.lookup("912345629").data.under_liquidation


def test_404_is_not_found_and_410_is_deleted(register_server):
    assert brreg.lookup("912345637").status == LookupStatus.NOT_FOUND
    deleted = brreg.lookup("912345645")
    assert deleted.status == LookupStatus.DELETED
    assert str(deleted.data.deleted_on) == "2025-06-30"


def test_server_error_and_timeout_are_unavailable(register_server):
    assert brreg.lookup("912345653").status == LookupStatus.UNAVAILABLE
    assert brreg.lookup("slow").status == LookupStatus.UNAVAILABLE


def test_offline_mode_never_calls_out(register_server, settings):
    settings.BRREG_OFFLINE = True
    assert brreg.lookup("912345602").status == LookupStatus.UNAVAILABLE
    assert register_server.paths == []
