"""Applications a municipality received, their review, approvals and contracts."""
