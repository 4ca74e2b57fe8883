"""The access matrix the isolation test enforces: for every route, who may use it and what its
path parameters name. A route missing here fails the test, so a new route is never untested."""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Roles, as the test sees them on one site ------------------------------------------------
ANYONE = "anyone"  # anonymous visitors included
LOGGED_IN = "logged_in"
CITIZEN = "citizen"  # has a Min side login for a recipient in this municipality
CASE_WORKER = "case_worker"
OFFICER = "officer"
MUNICIPAL_ADMIN = "municipal_admin"
SUPPLIER_HERE = "supplier_here"  # supplier user whose company has business in this municipality
SUPPLIER_ADMIN = "supplier_admin"
SUPPLIER_MEMBER = "supplier_member"
ANALYST = "analyst"
OPERATOR = "operator"
DJANGO_STAFF = "django_staff"  # is_staff: Django's admin

OFFICERS = frozenset({OFFICER, MUNICIPAL_ADMIN})  # an admin has the officer's rights
STAFF_HERE = frozenset({CASE_WORKER, OFFICER, MUNICIPAL_ADMIN})
SUPPLIERS = frozenset({SUPPLIER_ADMIN, SUPPLIER_MEMBER})

# What each identity of the world holds on Bergen's site ("bergen") and the national site.
HELD: dict[str, dict[str, frozenset[str]]] = {
    "anonymous": {"bergen": frozenset({ANYONE}), "national": frozenset({ANYONE})},
    "bergen_citizen": {"bergen": frozenset({CITIZEN})},
    "bergen_proxy": {"bergen": frozenset({CITIZEN})},
    "trondheim_citizen": {},  # a citizen of Trondheim: nothing in Bergen
    "bergen_case_worker": {"bergen": frozenset({CASE_WORKER})},
    "bergen_officer": {"bergen": frozenset({OFFICER})},
    "bergen_admin": {"bergen": frozenset({MUNICIPAL_ADMIN})},
    "trondheim_case_worker": {},
    "trondheim_officer": {},
    "trondheim_admin": {},
    "alfa_admin": {"bergen": frozenset({SUPPLIER_HERE}), "national": frozenset({SUPPLIER_ADMIN})},
    "alfa_member": {
        "bergen": frozenset({SUPPLIER_HERE}),
        "national": frozenset({SUPPLIER_MEMBER}),
    },
    "bravo_admin": {"national": frozenset({SUPPLIER_ADMIN})},  # no business in Bergen
    "bravo_member": {"national": frozenset({SUPPLIER_MEMBER})},
    "analyst": {"national": frozenset({ANALYST})},
    "operator": {"national": frozenset({OPERATOR, DJANGO_STAFF})},
}


def held(identity: str, site: str) -> frozenset[str]:
    roles = set(HELD[identity].get(site, frozenset())) | {ANYONE}
    if identity != "anonymous":
        roles.add(LOGGED_IN)
    return frozenset(roles)


# --- Path parameters --------------------------------------------------------------------------
# A parameter names a kind of thing; the world holds one value per owner label for each kind
# (tests/security/world.py). "own" is Bergen's (the site's own tenant), "trondheim" the other
# tenant's, "supplier:…"/"user:…" belong to that supplier or user, "public…" to everyone.
# Action slugs are not ids: every valid action is tried.
ACTIONS = {
    "scheme_action": ["kunngjor", "steng", "gjenapne", "avslutt"],
    "application_action": ["behandle", "suppler", "godkjenn", "avsla"],
    "approval_action": ["suspender", "gjeninnsett", "tilbakekall", "avslutt"],
    "part_action": ["suppler", "trekk", "aksepter", "fakta", "avslutt"],
    "joint_answer": ["godta", "avsla", "si-opp"],
    "claim_action": ["bekreft", "avvis"],
    "login_provider": ["idporten", "ansattporten"],
    # Rejecting first: confirming after that is refused, so the test provisions nothing.
    "join_action": ["avvis", "bekreft"],
}


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    params: dict[str, str] = field(default_factory=dict)
    methods: tuple[str, ...] = ("GET",)
    # What an allowed GET answers (a file, a redirect for a logged-in user...).
    ok: frozenset[int] = frozenset({200})


def rule(roles, methods="GET", ok=(200,), **params) -> Rule:
    roles = frozenset({roles}) if isinstance(roles, str) else frozenset(roles)
    return Rule(roles, params, tuple(methods.split()), frozenset(ok))


def _account_rules() -> dict[str, Rule]:
    return {
        # A logged-in user is sent on from the login page (redirect_authenticated_user).
        "accounts:login": rule(ANYONE, "GET POST", ok=(200, 302)),
        "accounts:logout": rule(ANYONE, "POST"),
        "accounts:password_done": rule(ANYONE),
        # National logins: starting one leaves for the provider (302), or answers 404 where
        # no issuer is configured; the callback without a state it started is refused (400)
        # for everyone. The round trips are tested against the local provider
        # (tests/platform/identity/).
        "identity:start": rule(ANYONE, ok=(302, 404), provider="login_provider"),
        "identity:callback": rule(ANYONE, ok=(400,)),
        "identity:frontchannel_logout": rule(ANYONE),
        # The code step after a right password; without one pending: 400, start again.
        "identity:totp": rule(ANYONE, "GET POST", ok=(400,)),
        "set_language": rule(ANYONE, "GET POST", ok=(200, 204, 302)),
        # 503 when the worker heartbeat is missing, which is the case in this test.
        "healthz": rule(ANYONE, ok=(200, 503)),
        # The accessibility statement and the privacy notice, on every site.
        "web:accessibility": rule(ANYONE),
        "web:privacy": rule(ANYONE),
    }


# Municipality sites (fritt/urls_tenant.py), tried on Bergen's host.
TENANT_ROUTES: dict[str, Rule] = {
    **_account_rules(),
    "portal:home": rule(ANYONE),
    "portal:dashboard": rule(STAFF_HERE),
    "portal:staff": rule(MUNICIPAL_ADMIN, "GET POST"),
    "portal:change_role": rule(MUNICIPAL_ADMIN, "POST", assignment_pk="staff_role"),
    "portal:remove_role": rule(MUNICIPAL_ADMIN, "POST", assignment_pk="staff_role"),
    "schemes:public_list": rule(ANYONE),
    "schemes:public_detail": rule(ANYONE, pk="scheme"),
    "schemes:staff_list": rule(OFFICERS),
    "schemes:staff_create": rule(OFFICERS, "GET POST"),
    "schemes:staff_detail": rule(OFFICERS, pk="scheme"),
    "schemes:staff_edit": rule(OFFICERS, "GET POST", pk="scheme"),
    "schemes:staff_transition": rule(OFFICERS, "POST", pk="draft_scheme", action="scheme_action"),
    "schemes:add_condition": rule(OFFICERS, "POST", pk="scheme"),
    "schemes:remove_condition": rule(OFFICERS, "POST", pk="scheme", condition_pk="condition"),
    "schemes:add_rate": rule(OFFICERS, "POST", pk="scheme"),
    "schemes:remove_rate": rule(OFFICERS, "POST", pk="scheme", rate_pk="rate"),
    "schemes:zones": rule(OFFICERS, "POST", pk="scheme"),
    "schemes:participants": rule(OFFICERS, "POST", pk="scheme"),
    # Invitations into other municipalities' joint schemes: answered by this one's admin only.
    "schemes:joint_invitations": rule(MUNICIPAL_ADMIN),
    "schemes:joint_answer": rule(MUNICIPAL_ADMIN, "POST", pk="membership", answer="joint_answer"),
    "applications:inbox": rule(OFFICERS),
    "applications:detail": rule(OFFICERS, pk="application"),
    "applications:document": rule(OFFICERS, pk="application", document_pk="attached_document"),
    "applications:assess": rule(OFFICERS, "POST", pk="application"),
    "applications:letter": rule(OFFICERS, pk="application"),
    "applications:action": rule(OFFICERS, "POST", pk="application", action="application_action"),
    "applications:approvals": rule(OFFICERS),
    "applications:approval": rule(OFFICERS, pk="approval"),
    "applications:contract": rule(OFFICERS, pk="approval"),
    "applications:approval_action": rule(OFFICERS, "POST", pk="approval", action="approval_action"),
    "recipients:list": rule(CASE_WORKER, "GET POST", ok=(200, 302)),
    "recipients:create": rule(CASE_WORKER, "GET POST"),
    "recipients:export": rule(CASE_WORKER),
    # An upload without a file answers the form again with its error (400).
    "recipients:import": rule(CASE_WORKER, "GET POST", ok=(200, 400)),
    "recipients:import_template": rule(CASE_WORKER),
    "recipients:import_example": rule(CASE_WORKER),
    "recipients:detail": rule(CASE_WORKER, pk="recipient"),
    "recipients:edit": rule(CASE_WORKER, "POST", pk="recipient"),
    "recipients:online_access": rule(CASE_WORKER, "POST", pk="recipient"),
    "recipients:add_decision": rule(CASE_WORKER, "POST", pk="recipient"),
    "recipients:add_contact": rule(CASE_WORKER, "POST", pk="recipient"),
    "recipients:choose": rule(CASE_WORKER, "GET POST", pk="recipient", decision_pk="decision"),
    "recipients:cases": rule(CASE_WORKER, "GET POST"),
    "recipients:case": rule(CASE_WORKER, "GET POST", pk="case"),
    "recipients:access_log": rule(MUNICIPAL_ADMIN, "GET POST", ok=(200, 302)),
    "recipients:access_log_export": rule(MUNICIPAL_ADMIN),
    "recipients:assignments": rule(SUPPLIER_HERE),
    "recipients:decision_support": rule(ANYONE, code="service_code"),
    "recipients:my_page": rule(CITIZEN),
    "recipients:confirm_access": rule(CITIZEN, "POST", pk="pending_login"),
    "recipients:my_choice": rule(CITIZEN, "GET POST", pk="my_recipient", decision_pk="my_decision"),
    "recipients:cancel_switch": rule(CITIZEN, "POST", pk="my_recipient", decision_pk="my_decision"),
    "recipients:who_viewed": rule(CITIZEN, pk="my_recipient"),
    # An empty POST shows the form again with what is missing (200).
    "recipients:report_deviation": rule(CITIZEN, "GET POST", pk="my_recipient"),
    "recipients:api-recipients": rule(CASE_WORKER, "GET POST"),
    "recipients:api-recipient-search": rule(CASE_WORKER, "POST"),
    "recipients:api-recipient-with-provider": rule(CASE_WORKER, "POST"),
    "recipients:api-import": rule(CASE_WORKER, "POST"),
    # The municipality's systems see every open assignment, a supplier only its own.
    "recipients:api-assignments": rule({CASE_WORKER, SUPPLIER_HERE}),
    "recipients:api-recipient": rule(CASE_WORKER, pk="recipient"),
    "recipients:api-decisions": rule(CASE_WORKER, "GET POST", pk="recipient"),
    "recipients:api-decision": rule(CASE_WORKER, pk="decision"),
    "recipients:api-decision-end": rule(CASE_WORKER, "POST", pk="decision"),
    "recipients:api-decision-annul": rule(CASE_WORKER, "POST", pk="decision"),
    "integrations:webhooks": rule(MUNICIPAL_ADMIN, "GET POST"),
    "integrations:webhook": rule(MUNICIPAL_ADMIN, pk="webhook"),
    "integrations:deactivate": rule(MUNICIPAL_ADMIN, "POST", pk="webhook"),
    "integrations:replay": rule(MUNICIPAL_ADMIN, "POST", pk="delivery"),
    "integrations:create_client": rule(MUNICIPAL_ADMIN, "POST"),
    "integrations:rotate_client": rule(MUNICIPAL_ADMIN, "POST", pk="api_client"),
    "integrations:revoke_client": rule(MUNICIPAL_ADMIN, "POST", pk="api_client"),
    # The OAuth token endpoint: anyone may ask; only a client's own secret gets a token.
    "integrations:api-token": rule(ANYONE, "POST"),
    "integrations:api-events": rule({CASE_WORKER, MUNICIPAL_ADMIN}),
    "integrations:api-webhooks": rule(MUNICIPAL_ADMIN, "GET POST"),
    "integrations:api-webhook": rule(MUNICIPAL_ADMIN, pk="webhook"),
    # Reference data: what the announcements already publish.
    "integrations:api-service-types": rule(ANYONE),
    "integrations:api-zones": rule(ANYONE),
    "integrations:api-schemes": rule(ANYONE),
    "integrations:api-rates": rule(ANYONE),
    # The municipality's own invoices: its administrator only (another's is not found).
    "billing_tenant:invoices": rule(MUNICIPAL_ADMIN),
    "billing_tenant:invoice_ehf": rule(MUNICIPAL_ADMIN, pk="invoice"),
    "billing_tenant:invoice_pdf": rule(MUNICIPAL_ADMIN, pk="invoice"),
    # The subscription (switch annual/monthly) and leaving: the administrator only. Ending
    # needs the municipality's name typed, so the empty POST here changes nothing; the
    # export is there (200) only after the municipality has left, else 404.
    "billing_tenant:subscription": rule(MUNICIPAL_ADMIN, "GET POST", ok=(200, 302)),
    "billing_tenant:end": rule(MUNICIPAL_ADMIN, "GET POST"),
    "billing_tenant:export": rule(MUNICIPAL_ADMIN, ok=(200, 404)),
    # Delivered service: the supplier's month (their own lines only, chosen by the month in
    # the query), and the officer's months by report id.
    "settlement:supplier_month": rule(SUPPLIER_HERE, "GET POST"),
    "settlement:supplier_upload": rule(SUPPLIER_HERE, "POST"),
    "settlement:supplier_template": rule(SUPPLIER_HERE),
    "settlement:supplier_csv": rule(SUPPLIER_HERE),
    "settlement:supplier_pdf": rule(SUPPLIER_HERE),
    "settlement:municipal_month": rule(STAFF_HERE, "GET POST"),
    "settlement:months": rule(OFFICERS),
    "settlement:report": rule(OFFICERS, "GET POST", pk="report"),
    "settlement:report_csv": rule(OFFICERS, pk="report"),
    "settlement:report_pdf": rule(OFFICERS, pk="report"),
    "settlement:api-deliveries": rule(SUPPLIER_HERE, "GET POST"),
    "settlement:api-assignments": rule(SUPPLIER_HERE),
}

# The national site (fritt/urls_public.py).
NATIONAL_ROUTES: dict[str, Rule] = {
    **_account_rules(),
    "national:home": rule(ANYONE),
    "national:municipalities": rule(ANYONE),
    "national:services": rule(ANYONE),
    "national:open_data": rule(ANYONE),
    # 404 until the first nightly dump is written.
    "national:open_data_dump": rule(ANYONE, ok=(200, 404)),
    "national:operator": rule(OPERATOR),
    "national:operator_provision": rule(
        OPERATOR, "GET POST", ok=(200,), kommunenummer="kommunenummer"
    ),
    "national:operator_claim": rule(
        OPERATOR, "POST", ok=(302,), pk="claim_supplier", action="claim_action"
    ),
    "statistics:dashboard": rule({ANALYST, OPERATOR}),
    "statistics:export": rule({ANALYST, OPERATOR}),
    "statistics:public": rule(ANYONE),
    "statistics:public_export": rule(ANYONE),
    "national:my_page": rule(LOGGED_IN),
    "announcements:list": rule(ANYONE),
    "announcements:feed": rule(ANYONE),
    "announcements:detail": rule(ANYONE, pk="announcement"),
    "announcements:municipality": rule(ANYONE, slug="municipality_slug"),
    "suppliers:dashboard": rule(SUPPLIERS),
    "suppliers:register": rule(ANYONE, "GET POST"),
    "suppliers:register_sent": rule(ANYONE),
    "suppliers:colleagues": rule(SUPPLIERS, "GET POST", pk="supplier"),
    "suppliers:remove_colleague": rule(
        SUPPLIER_ADMIN, "POST", pk="supplier", assignment_pk="colleague"
    ),
    "suppliers:documents": rule(SUPPLIERS, "GET POST", pk="supplier"),
    "suppliers:download": rule(SUPPLIERS, pk="supplier", document_pk="vault_document"),
    "suppliers:delete_document": rule(
        SUPPLIERS, "POST", pk="supplier", document_pk="vault_document"
    ),
    "applying:choose": rule(SUPPLIERS, pk="supplier"),
    # Without chosen announcements the form sends the supplier back to step 1.
    "applying:apply": rule(SUPPLIERS, "GET POST", ok=(302,), pk="supplier"),
    "applying:status": rule(SUPPLIERS, pk="supplier"),
    "applying:part": rule(SUPPLIERS, pk="supplier", part_pk="part"),
    "applying:contract": rule(SUPPLIERS, pk="supplier", part_pk="approved_part"),
    "applying:letter": rule(SUPPLIERS, pk="supplier", part_pk="approved_part"),
    "applying:part_action": rule(
        SUPPLIERS, "POST", pk="supplier", part_pk="part", action="part_action"
    ),
    "applying:saved_searches": rule(SUPPLIERS, "GET POST"),
    "applying:delete_saved_search": rule(SUPPLIERS, "POST", search_pk="saved_search"),
    "billing:join": rule(ANYONE, "GET POST"),
    "billing:join_sent": rule(ANYONE),
    # Stripe signs the body; without a valid signature (here: billing off) it answers 400.
    "billing:stripe_webhook": rule(ANYONE, "POST", ok=(400,)),
    "billing:operator_join": rule(
        OPERATOR, "POST", ok=(302,), pk="join_request", action="join_action"
    ),
    "api-municipalities": rule(ANYONE),
    "api-municipality": rule(ANYONE, kommunenummer="kommunenummer"),
    "api-announcements": rule(ANYONE),
    "api-announcement": rule(ANYONE, pk="announcement"),
    "api-supplier-register": rule(ANYONE),
    "api-statistics": rule(ANYONE),
    "api-schema": rule(ANYONE),
    "api-docs": rule(ANYONE),
}

# Django's admin: every page is behind AdminSite.admin_view (active staff only); the object
# pages are filled with the first object of their model, the app index with its app label.
ADMIN_RULE = Rule(frozenset({DJANGO_STAFF}))
ADMIN_PARAMS = {"object_id": "admin_object", "app_label": "admin_app_label"}
ADMIN_ROUTES: dict[str, Rule] = {
    "admin:login": rule(ANYONE, ok=(200, 302)),  # staff already logged in are sent on
    "admin:logout": rule(ANYONE, "POST"),
    # Without ?app_label=&model_name=&field_name= Django answers 403 to staff too.
    "admin:autocomplete": rule(DJANGO_STAFF, ok=(403,)),
    # Rows referenced from municipalities' schemas: the admin does not delete them (Django's
    # delete collector runs in the public schema and cannot see those tables).
    "admin:municipalities_municipality_delete": rule(DJANGO_STAFF, ok=(403,)),
    "admin:catalogue_servicetype_delete": rule(DJANGO_STAFF, ok=(403,)),
}

# Routes the generator does not fill, each with the reason. Nothing else may be skipped.
ALLOW_LIST: dict[str, str] = {
    # The link's signed one-time token is the access check; tests/platform/accounts/test_access.py
    # follows a real welcome mail through it.
    "accounts:set_password": "needs a signed token for one user",
    # The same kind of signed link, mailed to finish a supplier's registration;
    # tests/public_site/suppliers/test_supplier_accounts.py follows a real one.
    "suppliers:finish_registration": "needs a signed token for one user",
    # The Ansattporten invitation link: the same signed one-time token;
    # tests/platform/accounts/test_invitation_binding.py binds a real one.
    "accounts:accept_invitation": "needs a signed token for one user",
    # A redirect to an object's public URL by content type; none of the admin models has one.
    "admin:view_on_site": "content-type redirect, no model defines get_absolute_url",
}
# Violations known to be fixed elsewhere (site, route name, text in the violation, why). Strict:
# an entry that no longer happens fails the test, so it is removed when the fix lands.
KNOWN_ISSUES: list[tuple[str, str, str, str]] = []

# Unnamed admin routes (matched on the pattern): the old-style "<id>/" redirect to the change
# page and the catch-all that sends unknown admin URLs to the login or a 404.
ALLOW_LIST_UNNAMED_PATTERNS = ("admin/",)
