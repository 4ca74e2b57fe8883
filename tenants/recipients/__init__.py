"""Recipients, their service decisions, choices, assignments, complaints and the access log."""
