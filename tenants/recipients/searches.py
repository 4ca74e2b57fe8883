"""Short-lived search tokens: what a case worker searched for (a name or a fødselsnummer) stays
in the server-side session, and only a random token ever reaches a URL, a log line or a
Referer header."""

from __future__ import annotations

import secrets
import time

SESSION_KEY = "recipient_searches"
LIFETIME_SECONDS = 30 * 60
KEEP = 20


def remember(session, text: str) -> str:
    """Keep the search text in the session and return the token that names it."""
    now = time.time()
    searches = {
        token: entry
        for token, entry in session.get(SESSION_KEY, {}).items()
        if now - entry["at"] < LIFETIME_SECONDS
    }
    token = secrets.token_urlsafe(9)
    searches[token] = {"q": text, "at": now}
    session[SESSION_KEY] = dict(sorted(searches.items(), key=lambda kv: kv[1]["at"])[-KEEP:])
    return token


def recall(session, token: str) -> str | None:
    """The search text of a token from this session, or None when unknown or expired."""
    entry = session.get(SESSION_KEY, {}).get(token or "")
    if entry is None or time.time() - entry["at"] >= LIFETIME_SECONDS:
        return None
    return entry["q"]
