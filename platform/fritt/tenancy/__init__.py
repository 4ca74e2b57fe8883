"""Tenancy plumbing: routing by host, provisioning, and the one door between schemas."""
