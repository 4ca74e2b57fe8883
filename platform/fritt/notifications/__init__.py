"""E-mail notifications, sent by the tenant-aware worker, with an outbox per schema."""
