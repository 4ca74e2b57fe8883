"""Bad input gets a clear error in Norwegian, and in English or Nynorsk when asked for."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import site_client


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "er ikke et gyldig organisasjonsnummer"),
        ("en", "is not a valid organisation number"),
        ("nn", "er ikkje eit gyldig organisasjonsnummer"),
    ],
)
def test_registration_error_in_the_chosen_language(db, language, expected):
    client = site_client()
    client.cookies["django_language"] = language
    response = client.post(
        "/leverandor/registrer/",
        {"orgnr": "123456789", "email": "a@b.example", "full_name": "A B",
         "password": "et-langt-passord-1"},
    )  # fmt: skip
    assert expected in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


def test_every_message_is_translated():
    from pathlib import Path

    from django.conf import settings

    for language in ("en", "nn"):
        po = (
            Path(settings.ROOT_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
        ).read_text()
        blocks = po.split("\n\n")[1:]  # the first block is the header
        untranslated = [b for b in blocks if b.rstrip().endswith('msgstr ""')]
        assert untranslated == [], f"{language}: {len(untranslated)} untranslated"
        fuzzy = [b for b in blocks if "fuzzy" in b.split("msgid", 1)[0]]
        assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy (guessed) translations"


def test_bokmaal_is_the_default_whatever_the_browser_prefers(db):
    page = site_client().get("/kommuner/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nb"' in page.content.decode() and "Kommuner" in page.content.decode()
    client = site_client()
    client.cookies["django_language"] = "en"
    assert "Municipalities" in client.get("/kommuner/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()


def test_every_message_in_the_code_is_in_the_catalogues(tmp_path):
    """The check above only sees what is in the catalogues; this one extracts the messages
    from the code (in a copy of the tree, so the real catalogues are not touched) and fails
    on any message that has no translation yet."""

    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (Debian package gettext) is needed to check the catalogues")
    root = Path(settings.ROOT_DIR)
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(
        ".venv", "node_modules", ".data", ".git", "staticfiles", "__pycache__", "tests", "infra"
    )
    shutil.copytree(root, copy, ignore=skip)
    env = {
        **os.environ,
        "PYTHONPATH": f"{copy / 'platform'}{os.pathsep}{copy}",
        "DJANGO_SETTINGS_MODULE": "fritt.settings.local",
        "FRITT_DATA_DIR": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nn", "-l", "en", "--no-obsolete"],
        cwd=copy, env=env, check=True, capture_output=True,
    )  # fmt: skip
    for language in ("en", "nn"):
        po = (copy / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
        blocks = po.split("\n\n")[1:]
        missing = [
            b for b in blocks
            if b.rstrip().endswith('msgstr ""') or "fuzzy" in b.split("msgid", 1)[0]
        ]  # fmt: skip
        assert missing == [], f"{language}: not translated yet:\n" + "\n\n".join(missing[:10])


def test_each_test_starts_in_bokmaal():
    """The tests above ask for English and Nynorsk; whatever ran before, nothing of it is left
    active here (the root conftest ends a test's language with the test)."""
    from django.utils import translation

    assert translation.get_language() == settings.LANGUAGE_CODE
    assert translation.gettext("Avsluttet") == "Avsluttet"
