"""Stripe billing: off until a key is given. The subscription issue builds on these names."""

from ..env import env_str

STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
