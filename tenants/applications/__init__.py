"""Applications a municipality received, their review, and the approvals and contracts they lead to."""
