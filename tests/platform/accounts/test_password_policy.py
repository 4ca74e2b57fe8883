"""Password policy: at least 12 characters, not common, not only digits, not like the name or
e-mail, and every refusal in Norwegian on the set-password page."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import make_user, site_client


def _set_password_page(user, slug=None, language=None):
    client = site_client(slug)
    if language:
        client.cookies["django_language"] = language
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    start = client.get(f"/konto/passord/{uid}/{default_token_generator.make_token(user)}/")
    assert start.status_code == 302  # Django swaps the token for a session marker
    return client, start["Location"]


def _errors(response) -> list[str]:
    form = response.context["form"]
    return [e for errors in form.errors.values() for e in errors]


@pytest.mark.parametrize(
    ("password", "code", "words"),
    [
        ("kort-pass1", "password_too_short", "Passordet er for kort. Det må ha minst 12 tegn."),
        ("Q1w2e3r4t5y6", "password_too_common", "Passordet er for vanlig."),
        ("839201746583", "password_entirely_numeric", "Passordet kan ikke bestå av bare tall."),
        ("kari.nordmann", "password_too_similar", "Passordet ligner for mye på"),
    ],
)
def test_weak_passwords_are_refused_in_bokmaal(db, password, code, words):
    user = make_user(email="kari.nordmann@test.example", full_name="Kari Nordmann")
    client, url = _set_password_page(user)
    response = client.post(url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2", code)
    assert any(words in message for message in _errors(response)), _errors(response)
    assert "password" not in " ".join(_errors(response)).lower()  # no English left
    user.refresh_from_db()
    assert not user.check_password(password)


@pytest.mark.parametrize(
    ("language", "words"),
    [("nn", "Det må ha minst 12 teikn."), ("en", "It must have at least 12 characters.")],
)
def test_the_refusal_follows_the_chosen_language(db, language, words):
    client, url = _set_password_page(make_user(), slug="bergen", language=language)
    response = client.post(url, {"new_password1": "kort-pass1", "new_password2": "kort-pass1"})
    assert any(words in message for message in _errors(response)), _errors(response)


def test_a_strong_password_is_saved(db):
    user = make_user()
    client, url = _set_password_page(user)
    good = "Fjord-Lefse-Trikk-2031"
    response = client.post(url, {"new_password1": good, "new_password2": good})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(good)
