"""Stripe billing: off until a key is given; the price table by population band."""

from ..env import env_str

STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
# Empty: Stripe itself. Tests and local runs may point at a Stripe-compatible server.
STRIPE_API_BASE = env_str("STRIPE_API_BASE")


def _price_table(text: str) -> list[tuple[int | None, int]]:
    """'5000:60000,20000:120000,*:480000' -> [(5000, 60000), (20000, 120000), (None, 480000)]:
    up to that many inhabitants, that annual price in NOK excluding VAT; '*' is everyone else."""
    table = []
    for part in text.split(","):
        limit, price = part.strip().split(":")
        table.append((None if limit.strip() == "*" else int(limit), int(price)))
    return table


BILLING_PRICE_TABLE = _price_table(
    env_str("BILLING_PRICE_TABLE", "5000:60000,20000:120000,100000:240000,*:480000")
)
BILLING_INTERVAL = env_str("BILLING_INTERVAL", "year")  # or "month" (a twelfth of the price)
BILLING_TRIAL_DAYS = int(env_str("BILLING_TRIAL_DAYS", "30"))
# Dunning: reminders this many days after the due date, then read-only after the grace period.
BILLING_REMINDER_DAYS = [int(d) for d in env_str("BILLING_REMINDER_DAYS", "7,14").split(",")]
BILLING_GRACE_DAYS = int(env_str("BILLING_GRACE_DAYS", "30"))
# Leaving: a municipality's data (schema, documents, export) is removed this many days after
# its subscription ended; the export can be downloaded until then.
FRITT_RETENTION_DAYS = int(env_str("FRITT_RETENTION_DAYS", "90"))
