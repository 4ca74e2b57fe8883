"""The demo's made-up people and their national logins: one table for the seed (which binds
them) and the local OpenID Provider (which lists them on its login page). No Django here, so
the runner can read it before anything starts."""

from __future__ import annotations

import json
from pathlib import Path


def demo_fnr(birth: str, serial: int) -> str:
    """A valid, made-up fødselsnummer for demo people (checksums computed, never real)."""
    from stdnum.no import fodselsnummer

    for n in range(serial, serial + 200):
        base = f"{birth}{n % 1000:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        number = base + first + fodselsnummer.calc_check_digit2(base + first)
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number
    raise ValueError(birth)


# ID-porten: (key, name, birth, serial, what to try). The recipients' numbers are the ones the
# seed registers them with (demo.DEMO_RECIPIENTS); the proxy's is registered on her contact.
CITIZENS = [
    ("astrid", "Astrid Berg", "120438", 100, "tjenestemottaker i Bergen"),
    ("david", "David Moe", "141145", 121, "tjenestemottaker i Bergen, har ikke valgt ennå"),
    ("frode", "Frode Lunde", "070370", 300, "fullmektig for Cecilie Lunde i Bergen"),
    ("eirik", "Eirik Ulvik", "300950", 400, "tjenestemottaker i Ulvik (felles ordning)"),
    ("ukjent", "Una Ukjent", "010190", 500, "ikke registrert noe sted: «Vi fant deg ikke»"),
]

# Ansattporten: (key, name, birth, serial, demo account e-mail or "", Altinn org.nr, note).
EMPLOYEES = [
    ("tildeling_bergen", "Saksbehandler tildeling Bergen", "150580", 600,
     "tildeling.bergen@demo.frittbrukervalg.no", [], "saksbehandler i Bergen"),
    ("admin_trondheim", "Administrator Trondheim", "020275", 610,
     "admin.trondheim@demo.frittbrukervalg.no", [], "kommunal administrator i Trondheim"),
    ("ole", "Ole Omsorg", "110885", 620,
     "", ["912345602"], "Altinn-rettigheter for Omsorg Vest AS"),
    ("nina", "Nina Ny", "220492", 630,
     "", ["912345610"], "Altinn-rettigheter for en virksomhet uten konto: registrering"),
    ("ida", "Ida Invitert", "150590", 640,
     "", [], "ikke knyttet til noen konto: bruk henne til å ta imot en invitasjon"),
]  # fmt: skip


def citizens() -> list[dict]:
    return [
        {"key": key, "name": name, "pid": demo_fnr(birth, serial), "note": note}
        for key, name, birth, serial, note in CITIZENS
    ]


def employees() -> list[dict]:
    return [
        {"key": key, "name": name, "pid": demo_fnr(birth, serial), "email": email,
         "orgs": orgs, "note": note}
        for key, name, birth, serial, email, orgs, note in EMPLOYEES
    ]  # fmt: skip


def pid_of(key: str) -> str:
    for person in citizens() + employees():
        if person["key"] == key:
            return person["pid"]
    raise KeyError(key)


def write_identities(path: Path) -> Path:
    """The file the local provider's login page lists (FRITT_DEMO_IDENTITIES)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"idporten": citizens(), "ansattporten": employees()}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path
