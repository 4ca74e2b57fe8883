"""A citizen's ID-porten login on a municipality's site: whom they may see on Min side.

The person's number is matched through the keyed index only, in this municipality's schema
(the request's own): the recipient themself, and every recipient whose registered proxy they
are. ID-porten has proved who they are, so these accesses need no confirmation by number."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from fritt.accounts.backends import client_ip
from fritt.events.services import record
from fritt.identity.client import VerifiedLogin
from fritt.identity.services import SignIn, bind_login, user_for_login
from fritt.tenancy.schemas import current_municipality

from .. import crypto
from ..models import (
    AccessAction,
    AccessRelation,
    Contact,
    ContactRelation,
    Recipient,
    RecipientLogin,
)
from .access_log import log_access


def matches_for(*, pid: str) -> list[tuple[Recipient, str]]:
    """The recipients this person may act for here, with the relation (self or proxy)."""
    key = crypto.index(pid)
    found: list[tuple[Recipient, str]] = [
        (recipient, AccessRelation.SELF) for recipient in Recipient.objects.filter(fnr_index=key)
    ]
    proxies = Contact.objects.filter(fnr_index=key, relation=ContactRelation.PROXY)
    for contact in proxies.select_related("recipient"):
        if all(contact.recipient_id != r.pk for r, _rel in found):
            found.append((contact.recipient, AccessRelation.PROXY))
    return found


@transaction.atomic
def link_citizen(*, user, matches: list[tuple[Recipient, str]], ip: str | None = None) -> int:
    """Give the account confirmed access to each match (the login proved the person)."""
    now = timezone.now()
    linked = 0
    for recipient, relation in matches:
        login, created = RecipientLogin.objects.get_or_create(
            user=user,
            recipient=recipient,
            defaults={"relation": relation, "granted_at": now, "confirmed_at": now},
        )
        if not created and (login.confirmed_at is None or login.relation != relation):
            login.confirmed_at = login.confirmed_at or now
            login.relation = relation
            login.save(update_fields=["confirmed_at", "relation"])
        elif not created:
            continue
        log_access(
            user=user, recipients=[recipient], action=AccessAction.CHANGE,
            what="innlogging med ID-porten knyttet", ip=ip, role=relation,
        )  # fmt: skip
        record(
            action="recipient_login.linked",
            subject=login,
            by=user,
            data={"recipient": recipient.pk, "relation": relation, "via": "idporten"},
        )
        linked += 1
    return linked


def sign_in_citizen(*, request, login: VerifiedLogin) -> SignIn | None:
    """IDENTITY_SIGN_IN_HANDLERS entry for ID-porten: on a municipality's site only."""
    municipality = current_municipality()
    if municipality is None or getattr(request, "tenant", None) is None:
        return SignIn(response=render(request, "recipients/no_match.html", status=403))
    matches = matches_for(pid=login.pid)
    user = user_for_login(login=login)
    if not matches and user is None:
        return SignIn(response=render(request, "recipients/no_match.html", status=403))
    if user is None:
        user = bind_login(login=login)
    link_citizen(user=user, matches=matches, ip=client_ip(request))
    if not RecipientLogin.objects.filter(user=user, confirmed_at__isnull=False).exists():
        return SignIn(response=render(request, "recipients/no_match.html", status=403))
    return SignIn(user=user, next_path="/min-side/")
