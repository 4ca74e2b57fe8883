"""Tenancy plumbing: routing by host, provisioning municipalities, and crossing schemas."""
