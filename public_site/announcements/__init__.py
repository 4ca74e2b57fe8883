"""The national announcements: a public projection of every published approval scheme."""
