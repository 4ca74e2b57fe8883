"""A municipality's integrations: its event feed, its webhooks and their delivery log."""
