"""A local stand-in for Enhetsregisteret on loopback, answering in the API's documented shape."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

UNIT = {
    "organisasjonsnummer": "912345602",
    "navn": "OMSORG VEST AS",
    "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
    "forretningsadresse": {
        "land": "Norge", "landkode": "NO", "postnummer": "5003", "poststed": "BERGEN",
        "adresse": ["Strandgaten 1"], "kommune": "BERGEN", "kommunenummer": "4601",
    },
    "registrertIMvaregisteret": True,
    "konkurs": False,
    "underAvvikling": False,
    "underTvangsavviklingEllerTvangsopplosning": False,
    "_links": {"self": {"href": "https://data.brreg.no/enhetsregisteret/api/enheter/912345602"}},
}  # fmt: skip

RESPONSES = {
    "912345602": (200, UNIT),
    "912345610": (200, {**UNIT, "organisasjonsnummer": "912345610", "navn": "KONKURS AS",
                        "konkurs": True, "konkursdato": "2026-10-01"}),
    "912345629": (200, {**UNIT, "organisasjonsnummer": "912345629", "navn": "AVVIKLING AS",
                        "underAvvikling": True, "underAvviklingDato": "2026-09-01"}),
    "912345637": (404, {"timestamp": "2026-11-22T10:00:00.000+0000", "status": 404,
                        "error": "Not Found",
                        "message": "Ingen enhet med organisasjonsnummer 912345637 ble funnet",
                        "path": "/enhetsregisteret/api/enheter/912345637"}),
    "912345645": (410, {"organisasjonsnummer": "912345645", "slettedato": "2025-06-30"}),
    "912345653": (500, {"status": 500, "error": "Internal Server Error"}),
}  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        # Recorded before answering: the client may read the answer before this thread goes on.
        self.server.paths.append(self.path)
        orgnr = self.path.rstrip("/").rsplit("/", 1)[-1]
        if orgnr == "slow":
            time.sleep(2)
        status, body = RESPONSES.get(orgnr, (404, {}))
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def register_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.BRREG_OFFLINE = False
    settings.BRREG_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.BRREG_TIMEOUT_SECONDS = 0.5
    yield server
    server.shutdown()
    server.server_close()
