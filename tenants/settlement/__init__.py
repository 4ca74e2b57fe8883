"""Delivered hours and settlement: what providers report, priced at the fixed rates."""
