"""A municipality's own site: its public front page and the staff area."""
