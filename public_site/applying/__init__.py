"""Apply once: a supplier's national application envelope, the status of each part, saved searches."""
