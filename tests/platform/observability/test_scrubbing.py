"""Sentry sends no default PII and scrubs anything shaped like a fødselsnummer; so do logs."""

import logging

import sentry_sdk
from sentry_sdk.transport import Transport

from fritt.observability.scrubbing import ScrubPersonalDataFilter, scrub_text
from fritt.observability.sentry import init_sentry

FNR = "01017012345"


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


def test_sentry_event_is_scrubbed_before_it_leaves():
    transport = CapturingTransport()
    init_sentry(dsn="http://public@127.0.0.1:9/1", environment="test", transport=transport)
    try:
        client = sentry_sdk.get_client()
        assert client.options["send_default_pii"] is not True
        collection = client.options["data_collection"]
        assert collection["user_info"] is False and collection["http_bodies"] == []
        assert collection["stack_frame_variables"] is False
        assert not client.should_send_default_pii()
        with sentry_sdk.new_scope() as scope:
            scope.set_extra("recipient", {"fnr": FNR, "spaced": "010170 12345"})
            scope.set_tag("search", FNR)
            # Built at run time: the source lines in the stack trace must not contain it.
            scope.set_user({"id": 7, "email": "-".join(["kari", "epost@example.org"])})
            try:
                raise ValueError(f"Fant ikke mottaker {FNR}")
            except ValueError as exc:
                sentry_sdk.capture_exception(exc)
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    payloads = [
        item.payload.get_bytes().decode() for env in transport.envelopes for item in env.items
    ]
    event = next(p for p in payloads if "Fant ikke mottaker" in p)
    assert FNR not in event
    assert "010170 12345" not in event
    assert "[fjernet]" in event
    assert "kari-epost@example.org" not in event


def test_log_lines_are_scrubbed(caplog):
    logger = logging.getLogger("fritt.test")
    handler_filter = ScrubPersonalDataFilter()
    record = logger.makeRecord("fritt.test", logging.INFO, __file__, 1, "søk på %s", (FNR,), None)
    handler_filter.filter(record)
    assert record.getMessage() == "søk på [fjernet]"


def test_scrubbing_leaves_other_numbers_alone():
    assert scrub_text("org.nr 912345602, telefon 12345678") == "org.nr 912345602, telefon 12345678"
    assert scrub_text("kontonr 12345678901234") == "kontonr 12345678901234"
    assert scrub_text(f"fnr={FNR};") == "fnr=[fjernet];"


def test_every_spacing_and_encoding_of_the_number_is_scrubbed():
    # The red-team pass found "120438+10004" and "%20" forms in log lines.
    for written in [
        "12043810004", "120438 10004", "120438+10004", "120438%2010004", "120438%2B10004",
        "12.04.38 10004", "120438-10004", "12 04 38 100 04", "120438\u00a010004",
        "12%2004%2038%2010004", "120438  10004",
    ]:  # fmt: skip
        line = f'"GET /ansatt/mottakere/?q={written}&side=2 HTTP/1.1" 200'
        assert scrub_text(line) == '"GET /ansatt/mottakere/?q=[fjernet]&side=2 HTTP/1.1" 200', (
            written
        )
    record = logging.getLogger("fritt.test").makeRecord(
        "fritt.test", logging.INFO, __file__, 1, "%s", ("q=120438+10004",), None
    )
    ScrubPersonalDataFilter().filter(record)
    assert record.getMessage() == "q=[fjernet]"
